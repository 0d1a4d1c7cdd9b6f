import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { systemActor } from './actor.ts';
import { encodedFrame } from './frames.ts';
import { storedEvent } from './ring.ts';

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('encodedFrame', () => {
  it('encodes each source once, and keeps the frames on the event', () => {
    const event = storedEvent({
      id: 4,
      name: 'channelDeleted',
      json: '{"channelId":"é"}',
      actor: systemActor,
      style: 'change',
    });
    const local = encodedFrame(event, 'local_user');
    const remote = encodedFrame(event, 'remote_user');
    assert.equal(
      decode(local),
      'id: 4\nevent: channelDeleted\ndata: {"channelId":"é","source":"local_user"}\n\n',
    );
    assert.equal(
      decode(remote),
      'id: 4\nevent: channelDeleted\ndata: {"channelId":"é","source":"remote_user"}\n\n',
    );
    assert.equal(encodedFrame(event, 'local_user'), local, 'the same bytes, not encoded again');
    assert.equal(encodedFrame(event, 'remote_user'), remote);
    assert.deepEqual([...event.frames.keys()], ['local_user', 'remote_user']);
  });

  it('sends an event without source as stored', () => {
    const event = storedEvent({
      id: 9,
      name: 'spaceRemoved',
      json: '{"spaceId":"s"}',
      actor: systemActor,
      style: 'none',
    });
    const frame = encodedFrame(event, null);
    assert.equal(decode(frame), 'id: 9\nevent: spaceRemoved\ndata: {"spaceId":"s"}\n\n');
    assert.equal(frame.byteLength, event.bytes, 'the stored size is the frame sent');
    assert.equal(encodedFrame(event, null), frame);
  });
});
