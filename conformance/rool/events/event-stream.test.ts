import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRoolMock } from '../../../mock-server/rool/mod.ts';
import { Side } from '../../side.ts';
import { EventStream } from './event-stream.ts';

const url = 'http://mock.test';

async function rpc(side: Side, method: string, input: unknown) {
  const answer = await side.send({
    path: '/v1/rpc',
    headers: { authorization: 'Bearer rool_alice_token', 'content-type': 'application/json' },
    body: JSON.stringify({ method, input }),
  });
  return (answer.body as { value: Record<string, unknown> }).value;
}

test('a space stream keeps each event with the call in flight, and closes cleanly', async () => {
  const mock = createRoolMock({ onError: () => {}, log: () => {} });
  const side = new Side({ name: 'target', url, apiKey: 'rool_alice_token', fetch: mock.fetch });
  const space = await rpc(side, 'spaces.create', { name: 'Streamed' });
  let call = 0;
  const stream = await EventStream.open(side, {
    method: 'GET',
    path: `/v1/spaces/${space.id}/events`,
    headers: { authorization: 'Bearer rool_alice_token', 'rool-client-id': 'conformance-test' },
    body: null,
  }, () => call);
  assert.equal(stream.status, 200);
  call = 1;
  await rpc(side, 'channels.open', { spaceId: space.id, channelId: 'main' });
  call = 2;
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(stream.events.map((e) => [e.event, e.call]), [['channelCreated', 1]]);
  assert.equal((stream.events[0].data as { source: string }).source, 'remote_user');
  await stream.close();
  assert.equal(mock.runtime.events.hub.openStreams(), 0);
});

test('a refused stream holds no events', async () => {
  const mock = createRoolMock({ onError: () => {}, log: () => {} });
  const side = new Side({ name: 'target', url, apiKey: 'rool_alice_token', fetch: mock.fetch });
  const stream = await EventStream.open(side, {
    method: 'GET',
    path: '/v1/spaces/spc_nowhere/events',
    headers: { authorization: 'Bearer rool_alice_token' },
    body: null,
  }, () => 0);
  assert.equal(stream.status, 404);
  assert.deepEqual(stream.events, []);
  await stream.close();
});
