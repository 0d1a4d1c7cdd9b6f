import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveServeOptions, UsageError } from './options.ts';

describe('resolveServeOptions', () => {
  test('reads a Worker env, ignoring bindings that are not strings', () => {
    const options = resolveServeOptions({}, {
      env: { ROJ_MOCK_API_KEYS: 'k', ROJ_MOCK_MAX_UPLOAD: { kv: true }, ROJ_MOCK_QUIET: 'true' },
    });
    assert.deepEqual(options.apiKeys, ['k']);
    assert.deepEqual(options.limits, {});
    assert.equal(options.quiet, true);
  });

  test('an empty variable counts as absent', () => {
    assert.equal(resolveServeOptions({}, { env: { ROJ_MOCK_PORT: '' } }).port, 8787);
  });

  test('names the variable a bad value came from', () => {
    assert.throws(
      () => resolveServeOptions({}, { env: { ROJ_MOCK_SESSION_DELAY: 'soon' } }),
      new UsageError('ROJ_MOCK_SESSION_DELAY must be an integer of at least 0, not "soon"'),
    );
  });
});
