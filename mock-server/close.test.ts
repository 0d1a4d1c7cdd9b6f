// `MockServer.close()`: a served mock with an open event stream, a prompt in flight and a body
// still arriving lets go of all three, keeps its state, and leaves nothing running. On Deno the
// test runs with the op and resource sanitizers on, so a timer, a stream or a socket left behind
// fails it (Deno applies no sanitizer to node:test tests, even with --sanitize-ops).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openRaw } from '../test/helpers/raw-http.ts';
import { createMockServer, type MockServer } from './mod.ts';
import { listenNative } from './rpc/_body-routes.ts';

/** A test with Deno's sanitizers on; a plain node:test test on Bun, which has none. */
function sanitized(name: string, fn: () => Promise<void>): void {
  if ('Deno' in globalThis) Deno.test({ name, sanitizeOps: true, sanitizeResources: true, fn });
  else it(name, fn);
}

async function roolCall(mock: MockServer, method: string, input: unknown) {
  const response = await mock.fetch('http://mock.test/rool/v1/rpc', {
    method: 'POST',
    headers: { authorization: 'Bearer rool_alice_token', 'content-type': 'application/json' },
    body: JSON.stringify({ method, input }),
  });
  return await response.json();
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(check(), `${what} in time`);
}

sanitized(
  'close() ends event streams, prompts in flight and bodies still arriving, keeps the state, and leaves nothing running',
  async () => {
    // Long limits and delays: only the close may end them.
    const mock = createMockServer({
      limits: { bodyIdleMs: 60_000, rpcBodyMs: 60_000 },
      rool: { agentDelayMs: 60_000 },
    });
    const server = await listenNative((request) => mock.fetch(request), {
      port: 0,
      host: '127.0.0.1',
    });
    const spaceId = (await roolCall(mock, 'spaces.create', { name: 'Kept' })).value.id;
    await roolCall(mock, 'channels.open', { spaceId, channelId: 'main' });

    const events = await fetch(`http://127.0.0.1:${server.port}/rool/v1/events`, {
      headers: { authorization: 'Bearer rool_alice_token' },
    });
    const stream = events.body!.getReader();
    await stream.read();
    const prompt = roolCall(mock, 'ai.prompt', { spaceId, channelId: 'main', text: 'Hello' });
    const upload = await openRaw(server.port, {
      method: 'POST',
      path: '/api/v1/rpc',
      headers: {
        authorization: 'Bearer roj_dev_key',
        'content-type': 'application/json',
        'content-length': '100',
      },
    });
    upload.write('{"method":');
    const { runtime: rool } = mock.rool;
    await until(() => rool.inFlight.size === 1 && rool.events.hub.openStreams() === 1, 'all open');
    // The body's first bytes have reached the endpoint, which waits for the rest.
    await new Promise((resolve) => setTimeout(resolve, 100));

    mock.close();
    await new Promise((resolve) => setTimeout(resolve, 0));
    const closed = server.close();
    mock.close();
    await closed;

    let frames = 0;
    while (!(await stream.read()).done) frames++;
    assert.ok(frames <= 1, `the stream ended (${frames} frames after the close)`);
    const refused = await upload.response();
    assert.equal(refused.status, 408);
    assert.equal(
      JSON.parse(refused.body).error.message,
      'Request body not read: the server is stopping',
    );
    await upload.destroy();
    assert.equal((await prompt).value.message, 'Stopped');
    assert.equal(rool.inFlight.size, 0);
    assert.equal(rool.events.hub.openStreams(), 0);
    assert.ok(rool.state.spaces.has(spaceId), 'the state is kept');
  },
);
