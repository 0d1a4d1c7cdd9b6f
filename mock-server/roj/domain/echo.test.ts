import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { echo } from './echo.ts';

describe('echo', () => {
  const runtime = { apiKeys: ['key-one', 'key-two'] };

  it('quotes ordinary values as JSON', () => {
    assert.equal(echo(runtime, 'ins_000001'), '"ins_000001"');
    assert.equal(echo(runtime, 'a "b"\n'), '"a \\"b\\"\\n"');
  });

  it('cuts long values at 64 characters', () => {
    assert.equal(echo(runtime, 'x'.repeat(100)), `"${'x'.repeat(64)}…"`);
  });

  it('redacts API keys, values containing one, and token-shaped values', () => {
    for (const value of ['key-two', 'xkey-onex', 'rjt_abc', 'rjw_abc', 'rjs_abc']) {
      assert.equal(echo(runtime, value), '"<redacted>"', value);
    }
  });
});
