import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { withRequestLog } from './request-log.ts';

describe('withRequestLog', () => {
  test('logs method, path, status and duration, but no header, query or body', async () => {
    const lines: string[] = [];
    let clock = 100;
    const handler = withRequestLog(() => {
      clock += 42;
      return Promise.resolve(Response.json({ ok: false }, { status: 401 }));
    }, { log: (line) => lines.push(line), now: () => clock });
    const response = await handler(
      new Request('http://mock.test/api/v1/instances/ins_1/rpc?token=rjt_secret', {
        method: 'POST',
        headers: { authorization: 'Bearer roj_secret_key', cookie: 'roj_instance_token=rjt_c' },
        body: JSON.stringify({ method: 'tokens.create', input: { instanceId: 'ins_1' } }),
      }),
    );
    assert.equal(response.status, 401);
    assert.deepEqual(lines, ['POST /api/v1/instances/ins_1/rpc 401 42 ms']);
  });

  test('logs a handler that throws, then rethrows', async () => {
    const lines: string[] = [];
    const handler = withRequestLog(() => Promise.reject(new Error('boom')), {
      log: (line) => lines.push(line),
      now: () => 0,
    });
    await assert.rejects(handler(new Request('http://mock.test/health')), /boom/);
    assert.deepEqual(lines, ['GET /health failed 0 ms']);
  });

  test('shortens a very long path', async () => {
    const lines: string[] = [];
    const handler = withRequestLog(() => Promise.resolve(new Response(null, { status: 404 })), {
      log: (line) => lines.push(line),
      now: () => 0,
    });
    await handler(new Request(`http://mock.test/${'a'.repeat(5000)}`));
    assert.ok(lines[0]!.length < 250, `Line is ${lines[0]!.length} characters`);
  });
});
