import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RpcResult } from './client.ts';
import { redactCredentials } from './_redact.ts';

const key = 'rk_live_5f3a9c1e7b';

function failed(message: string, path?: string): RpcResult<never> {
  const result: RpcResult<never> = {
    ok: false,
    error: { type: 'unauthorized', message, status: 401 },
  };
  if (path !== undefined && !result.ok) result.error.path = path;
  return result;
}

describe('redactCredentials', () => {
  test('replaces every copy of the bearer token in the message and the path', () => {
    const result = redactCredentials(
      failed(`Key ${key} is revoked; rotate ${key}`, `/keys/${key}`),
      { authorization: `Bearer ${key}` },
    );
    assert.deepEqual(result, {
      ok: false,
      error: {
        type: 'unauthorized',
        message: 'Key [redacted] is revoked; rotate [redacted]',
        path: '/keys/[redacted]',
        status: 401,
      },
    });
  });

  test('finds the header whatever its case, in a record or a Headers object', () => {
    for (
      const headers of [{ AUTHORIZATION: `Bearer ${key}` }, new Headers({ Authorization: key })]
    ) {
      const result = redactCredentials(failed(`Token ${key} refused`), headers);
      assert.equal(result.ok ? '' : result.error.message, 'Token [redacted] refused');
    }
  });

  test('leaves a success, an error without the token and a short credential untouched', () => {
    const success: RpcResult<string> = { ok: true, value: `echo ${key}` };
    assert.equal(redactCredentials(success, { authorization: `Bearer ${key}` }), success);
    const other = failed('No such key');
    assert.equal(redactCredentials(other, { authorization: `Bearer ${key}` }), other);
    // A credential under 8 characters is no secret worth garbling messages for.
    const short = failed('Bearer token abc1234 is too short');
    assert.equal(redactCredentials(short, { authorization: 'Bearer abc1234' }), short);
    assert.equal(redactCredentials(short, undefined), short);
  });
});
