// Bun.serve closes a connection that stays idle for 10 s; a live event stream is idle between
// heartbeats (15 s by default), so the Bun entry point exempts event streams. Bun only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMockServer } from '../mod.ts';
import { listenOnBun } from './bun.ts';

const onBun = 'Bun' in globalThis;

test('an idle live event stream outlives Bun.serve’s idle timeout', { skip: !onBun }, async () => {
  // No heartbeat within the test: the stream is idle from its first frame on.
  const mock = createMockServer({ rool: { heartbeatMs: 60_000 } });
  const server = await listenOnBun(mock.fetch, { port: 0, host: '127.0.0.1' });
  const origin = `http://127.0.0.1:${server.port}`;
  const abort = new AbortController();
  try {
    const stream = await fetch(`${origin}/rool/v1/events`, {
      headers: { authorization: 'Bearer rool_alice_token', 'rool-client-id': 'bun-idle-test' },
      signal: abort.signal,
    });
    assert.equal(stream.status, 200);
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    await reader.read(); // the `retry:` frame
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    const created = await fetch(`${origin}/rool/v1/rpc`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer rool_alice_token',
        'content-type': 'application/json',
        'rool-client-id': 'bun-idle-writer',
      },
      body: JSON.stringify({ method: 'spaces.create', input: { name: 'After the idle time' } }),
    });
    assert.equal(created.status, 200);
    await created.body?.cancel();
    const next = await Promise.race([
      reader.read(),
      new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), 3000)),
    ]);
    assert.notEqual(next, 'late', 'no event within 3 s of the change');
    assert.ok(next !== 'late' && !next.done, 'the stream was closed while idle');
    assert.match(next.value!, /spaceCreated|event:/);
    abort.abort();
  } finally {
    abort.abort();
    await server.close();
  }
});
