// Node's own time limits, which listenOnNode sets: a client that never finishes its headers is
// answered 408 and disconnected at the headers timeout (10 s by default; tiny here).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openRaw } from '../../test/helpers/raw-http.ts';
import { listenOnNode } from './node-server.ts';

describe('listenOnNode', () => {
  it('answers 408 and disconnects a client that trickles its headers past the timeout', async () => {
    const server = await listenOnNode(() => Promise.resolve(new Response('ok')), {
      port: 0,
      host: '127.0.0.1',
    }, { headersTimeoutMs: 300 });
    const slow = await openRaw(server.port, {
      method: 'GET',
      path: '/',
      headers: { 'x-slow': 'a' },
      unfinished: true,
    });
    const trickle = setInterval(() => slow.write('x-trickle: c\r\n'), 100);
    try {
      const fast = await fetch(`http://127.0.0.1:${server.port}/`);
      assert.equal(await fast.text(), 'ok', 'others are served meanwhile');
      assert.equal((await slow.response(2_000)).status, 408);
      assert.ok(await slow.closesWithin(1_000), 'the slow client is disconnected');
    } finally {
      clearInterval(trickle);
      await slow.destroy();
      await server.close();
    }
  });
});
