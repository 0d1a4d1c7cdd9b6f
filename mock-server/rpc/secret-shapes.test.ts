import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMockServer, defaultApiKey } from '../mod.ts';
import { looksLikeSecret } from './secret-shapes.ts';

async function message(
  mock: ReturnType<typeof createMockServer>,
  path: string,
  token: string,
  envelope: unknown,
): Promise<string> {
  const response = await mock.fetch(`http://mock.test${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(envelope),
  });
  assert.equal(response.status, 404);
  return (await response.json()).error.message;
}

describe('secret shapes', () => {
  it('covers the tokens of both products, and nothing else', () => {
    for (const value of ['rjt_x', 'a rjs_x', 'rjw_x', 'roj_dev_key', 'rool_alice_token', 'rvt_1']) {
      assert.equal(looksLikeSecret(value), true, value);
    }
    assert.equal(looksLikeSecret('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.sig'), true);
    for (const value of ['ins_000001', 'spc_abc', 'starter', 'eyJ', 'rool']) {
      assert.equal(looksLikeSecret(value), false, value);
    }
  });

  // Found by the fuzzing suite (test/fuzz/): each product echoed the other's tokens.
  it('keeps a Rool token out of a Roj error, and a Roj token out of a Rool error', async () => {
    const mock = createMockServer();
    const roj = await message(mock, '/api/v1/rpc', defaultApiKey, {
      method: 'resources.get',
      input: { resourceId: 'rool_alice_token' },
    });
    assert.equal(roj, 'Resource "<redacted>" not found');
    const rool = await message(mock, '/rool/v1/rpc', 'rool_alice_token', {
      method: 'spaces.get',
      input: { spaceId: defaultApiKey },
    });
    assert.equal(rool, 'Space "<redacted>" not found');
  });
});
