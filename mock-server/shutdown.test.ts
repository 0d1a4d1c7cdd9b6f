// `deno task mock` stops on SIGTERM at once and exits 0 while an event stream is open, a prompt
// is in flight and a request body is still arriving: each is ended (the stream closes, the
// prompt answers `Stopped`, the body is answered 408) instead of holding the server's shutdown,
// which waits for every response in flight. The process is `deno task mock` under either test
// runner, so the test runs under Deno only.
import assert from 'node:assert/strict';
import process from 'node:process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startMockProcess } from '../test/helpers/mock-process.ts';
import { openRaw } from '../test/helpers/raw-http.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const onDeno = 'Deno' in globalThis;

describe('deno task mock on SIGTERM', {
  skip: onDeno ? false : 'runs under Deno: the process is the same under either runner',
}, () => {
  it('ends open streams, prompts and slow bodies, and exits 0 at once', async () => {
    // `deno run` directly, so that the signal reaches the server rather than `deno task`.
    const mock = await startMockProcess(process.execPath, [
      'run',
      '--allow-net',
      '--allow-read',
      'mock-server/cli.ts',
      '--port',
      '0',
      '--quiet',
      '--agent-delay',
      '60000',
    ], { cwd: root, graceMs: 10_000 });
    const port = Number(new URL(mock.url).port);
    const rool = async (method: string, input: unknown) => {
      const response = await fetch(`${mock.url}/rool/v1/rpc`, {
        method: 'POST',
        headers: { authorization: 'Bearer rool_alice_token', 'content-type': 'application/json' },
        body: JSON.stringify({ method, input }),
      });
      return await response.json();
    };
    const spaceId = (await rool('spaces.create', { name: 'S' })).value.id;
    await rool('channels.open', { spaceId, channelId: 'main' });
    const events = await fetch(`${mock.url}/rool/v1/events`, {
      headers: { authorization: 'Bearer rool_alice_token' },
    });
    const stream = events.body!.getReader();
    await stream.read();
    const prompt = rool('ai.prompt', { spaceId, channelId: 'main', text: 'Hello' });
    const upload = await openRaw(port, {
      method: 'POST',
      path: '/api/v1/files/upload',
      headers: {
        authorization: 'Bearer roj_dev_key',
        'content-type': 'multipart/form-data; boundary=b',
        'transfer-encoding': 'chunked',
      },
    });
    upload.chunk('--b\r\ncontent-disposition: form-data; name="file"; filename="a"\r\n\r\nab');
    await new Promise((resolve) => setTimeout(resolve, 200));

    const started = performance.now();
    const exit = await mock.stop('SIGTERM');
    const stoppedMs = performance.now() - started;
    assert.deepEqual(exit, { code: 0, signal: null }, mock.output());
    assert.ok(stoppedMs < 2_000, `stopped after ${Math.round(stoppedMs)} ms`);
    while (!(await stream.read()).done);
    assert.equal((await prompt).value?.message, 'Stopped');
    const refused = await upload.response();
    assert.equal(refused.status, 408);
    assert.equal(JSON.parse(refused.body).error.type, 'request_timeout');
    await upload.destroy();
  });
});
