// The stream routes in process: frames, replay, gaps, heartbeats, limits, disconnects, reset.
// Tickets and access are in access.test.ts; which handler publishes what, in publish.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setupRool, tokens } from '../_testing.ts';
import { callAs, FrameReader, openStream, refusedStream } from './_testing.ts';
import { userScope } from './hub.ts';

const alice = { token: tokens.alice, clientId: 'alice-tab-1' };

/** Sets a storage key as alice, from her first tab: one `userStorageChanged` on her stream. */
async function setKey(setup: ReturnType<typeof setupRool>, key: string, value: unknown = 1) {
  await callAs(setup, 'storage.set', { key, value }, alice);
}

describe('event streams', () => {
  it('start with retry, then carry live events with increasing IDs', async () => {
    const setup = setupRool();
    const stream = await openStream(setup, '/v1/events', alice);
    await setKey(setup, 'a', { x: 1 });
    await setKey(setup, 'b');
    const [first, second] = await stream.events(2);
    assert.deepEqual(first, {
      kind: 'event',
      id: 1,
      event: 'userStorageChanged',
      data: { key: 'a', value: { x: 1 }, source: 'local' },
    });
    assert.equal(second.id, 2);
    assert.equal(second.data.key, 'b');
    await stream.cancel();
  });

  it('refuse a request without a valid token with the JSON envelope', async () => {
    const setup = setupRool();
    const none = await refusedStream(setup, '/v1/events');
    assert.equal(none.status, 401);
    assert.equal(none.body.error?.type, 'unauthorized');
    const bad = await refusedStream(setup, '/v1/events', { token: 'rool_nobody' });
    assert.equal(bad.status, 401);
    assert.doesNotMatch(JSON.stringify(bad.body), /rool_nobody/);
  });

  it('replay the events after Last-Event-ID, then go on live', async () => {
    const setup = setupRool();
    for (const key of ['a', 'b', 'c']) await setKey(setup, key);
    const stream = await openStream(setup, '/v1/events', { ...alice, lastEventId: '1' });
    await setKey(setup, 'd');
    const events = await stream.events(3);
    assert.deepEqual(events.map((e) => [e.id, e.data.key]), [[2, 'b'], [3, 'c'], [4, 'd']]);
    await stream.cancel();
  });

  it('take ?lastEventId= for a first connection, and the header over it', async () => {
    const setup = setupRool();
    for (const key of ['a', 'b', 'c']) await setKey(setup, key);
    const byQuery = await openStream(setup, '/v1/events?lastEventId=2', alice);
    assert.deepEqual((await byQuery.event()).data.key, 'c');
    const both = await openStream(setup, '/v1/events?lastEventId=0', {
      ...alice,
      lastEventId: '2',
    });
    assert.equal((await both.event()).id, 3);
    await byQuery.cancel();
    await both.cancel();
  });

  it('start with resync, carrying the latest ID, when the replay is gone', async () => {
    const setup = setupRool({ limits: { eventsKeptPerScope: 2 } });
    for (const key of ['a', 'b', 'c', 'd']) await setKey(setup, key);
    const stream = await openStream(setup, '/v1/events', { ...alice, lastEventId: '1' });
    assert.deepEqual(await stream.event(), { kind: 'event', id: 4, event: 'resync', data: {} });
    await setKey(setup, 'e');
    assert.equal((await stream.event()).id, 5);
    // A reconnect with the ID resync carried is whole again.
    const again = await openStream(setup, '/v1/events', { ...alice, lastEventId: '4' });
    assert.equal((await again.event()).data.key, 'e');
    await stream.cancel();
    await again.cancel();
  });

  it('resync on an ID the mock never handed out, or one that is not a number', async () => {
    const setup = setupRool();
    await setKey(setup, 'a');
    for (const lastEventId of ['99', 'abc', '-1']) {
      const stream = await openStream(setup, '/v1/events', { ...alice, lastEventId });
      assert.equal((await stream.event()).event, 'resync', lastEventId);
      await stream.cancel();
    }
  });

  it('write heartbeat comments at the configured interval', async () => {
    const setup = setupRool({ heartbeatMs: 15 });
    const stream = await openStream(setup, '/v1/events', alice);
    assert.deepEqual(await stream.next(500), { kind: 'comment', text: 'heartbeat' });
    assert.deepEqual(await stream.next(500), { kind: 'comment', text: 'heartbeat' });
    await stream.cancel();
  });

  it('detach when the client cancels or aborts, so no timer or subscriber is left', async () => {
    const setup = setupRool({ heartbeatMs: 10 });
    const hub = setup.mock.runtime.events.hub;
    const cancelled = await openStream(setup, '/v1/events', alice);
    const controller = new AbortController();
    const aborted = await openStream(setup, '/v1/events', { ...alice, signal: controller.signal });
    assert.equal(hub.openStreams(userScope('usr_alice')), 2);
    await cancelled.cancel();
    controller.abort();
    assert.equal(hub.openStreams(), 0);
    // The aborted stream was closed by the server, after what it had queued.
    const rest = await aborted.rest();
    assert.ok(rest.every((frame) => frame.kind === 'comment'));
  });

  it('refuse a stream past the per-user limit with 429, until one closes', async () => {
    const setup = setupRool({ limits: { eventStreamsPerUser: 2 } });
    const one = await openStream(setup, '/v1/events', alice);
    const two = await openStream(setup, '/v1/events', alice);
    const refused = await refusedStream(setup, '/v1/events', alice);
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error?.type, 'rate_limited');
    await one.cancel();
    const three = await openStream(setup, '/v1/events', alice);
    await two.cancel();
    await three.cancel();
  });

  it('drop a stream whose client does not read, rather than queue without bound', async () => {
    const setup = setupRool({ limits: { eventStreamBufferBytes: 2048 } });
    const hub = setup.mock.runtime.events.hub;
    const response = await setup.send('/v1/events', {
      headers: { authorization: `Bearer ${tokens.alice}` },
    });
    const slow = new FrameReader(response.body!);
    const reader = await openStream(setup, '/v1/events', alice);
    const big = 'x'.repeat(500);
    for (let i = 0; i < 10; i++) {
      await setKey(setup, `k${i}`, big);
      // The reading client keeps up: it gets every event, each past 500 bytes.
      assert.equal((await reader.event()).data.key, `k${i}`);
    }
    assert.equal(hub.openStreams(), 1, 'the slow stream is gone, the reading one stays');
    await assert.rejects(() => slow.rest(), /too slowly/);
    await reader.cancel();
  });

  it('resync rather than replay what would not fit the stream buffer', async () => {
    const setup = setupRool({ limits: { eventStreamBufferBytes: 4096 } });
    for (let i = 0; i < 10; i++) await setKey(setup, `k${i}`, 'x'.repeat(500));
    const stream = await openStream(setup, '/v1/events', { ...alice, lastEventId: '0' });
    assert.equal((await stream.event()).event, 'resync');
    await stream.cancel();
  });

  it('replay what fits the stream buffer to the byte, and resync past it', async () => {
    const value = 'é'.repeat(300);
    const frames = [1, 2, 3, 4, 5].map((id) =>
      `id: ${id}\nevent: userStorageChanged\n` +
      `data: ${JSON.stringify({ key: `k${id}`, value, source: 'local' })}\n\n`
    );
    // `retry:` is queued first; UTF-8 counts 'é' as two bytes.
    const exact = new TextEncoder().encode(['retry: 1000\n\n', ...frames].join('')).byteLength;
    for (const bufferBytes of [exact, exact - 1]) {
      const setup = setupRool({ limits: { eventStreamBufferBytes: bufferBytes } });
      for (let id = 1; id <= 5; id++) await setKey(setup, `k${id}`, value);
      const stream = await openStream(setup, '/v1/events', { ...alice, lastEventId: '0' });
      if (bufferBytes === exact) {
        const replayed = await stream.events(5);
        assert.deepEqual(
          replayed.map((e) => [e.id, e.data.key]),
          frames.map((_, i) => [i + 1, `k${i + 1}`]),
        );
      } else {
        assert.deepEqual(await stream.event(), { kind: 'event', id: 5, event: 'resync', data: {} });
      }
      await stream.cancel();
    }
  });

  it('end on reset; a reconnect with an ID from before resyncs', async () => {
    const setup = setupRool();
    const stream = await openStream(setup, '/v1/events', alice);
    await setKey(setup, 'a');
    assert.equal((await stream.event()).id, 1);
    setup.mock.reset();
    assert.deepEqual(await stream.rest(), []);
    await setKey(setup, 'b');
    const again = await openStream(setup, '/v1/events', { ...alice, lastEventId: '1' });
    const resync = await again.event();
    assert.equal(resync.event, 'resync');
    assert.ok(resync.id! > 1, 'IDs go on above those before the reset');
    await again.cancel();
  });

  it('end when the token is revoked, at the next frame', async () => {
    const setup = setupRool({ heartbeatMs: 10 });
    const stream = await openStream(setup, '/v1/events', alice);
    await callAs(setup, 'auth.logout', {}, alice);
    const rest = await stream.rest();
    assert.ok(rest.length <= 1, `at most one heartbeat before the end: ${JSON.stringify(rest)}`);
    assert.equal(setup.mock.runtime.events.hub.openStreams(), 0);
  });

  it('end at the first frame past their lifetime; the client reconnects', async () => {
    const setup = setupRool({ limits: { eventStreamLifetimeMs: 60_000 } });
    const stream = await openStream(setup, '/v1/events', alice);
    setup.clock.now += 60_000;
    await setKey(setup, 'a');
    assert.deepEqual(await stream.rest(), [], 'ended rather than sent the event');
    const again = await openStream(setup, '/v1/events', { ...alice, lastEventId: '0' });
    assert.equal((await again.event()).data.key, 'a');
    await again.cancel();
  });

  it('past their lifetime, stop counting against the limit even if no frame was written', async () => {
    // As on workerd, where a dropped request loses its timers and its body is never cancelled.
    const setup = setupRool({ limits: { eventStreamLifetimeMs: 60_000, eventStreamsPerUser: 1 } });
    const stale = await openStream(setup, '/v1/events', alice);
    assert.equal((await refusedStream(setup, '/v1/events', alice)).status, 429);
    setup.clock.now += 60_000;
    const fresh = await openStream(setup, '/v1/events', alice);
    assert.deepEqual(await stale.rest(), []);
    await fresh.cancel();
  });

  it('answer CORS preflights and let any origin read the stream', async () => {
    const setup = setupRool();
    const preflight = await setup.send('/v1/spaces/spc_x/events', {
      method: 'OPTIONS',
      headers: {
        origin: 'http://app.test',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization, last-event-id, rool-client-id',
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /last-event-id/);
    const response = await setup.send('/v1/events', {
      headers: { origin: 'http://app.test', authorization: `Bearer ${tokens.alice}` },
    });
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.equal(response.headers.get('access-control-allow-credentials'), null);
    await response.body!.cancel();
  });
});
