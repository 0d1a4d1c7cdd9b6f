/**
 * Echoing request values in error messages without ever echoing a secret
 * (docs/roj-contract.md §1.2): a caller who pastes an API key or a token into
 * an id field does not get it back in a message that may end up in a log.
 *
 * @module
 */
import { looksLikeSecret } from '../../rpc/secret-shapes.ts';
import type { MockRuntime } from '../context.ts';

/**
 * A request value quoted for an error message: JSON-quoted, cut at 64
 * characters, and replaced by `"<redacted>"` when it is or looks like a secret.
 *
 * @param runtime The running mock, for its API keys.
 * @param value The value the request carried.
 * @returns The quoted value.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { echo } from './echo.ts';
 * const runtime = { apiKeys: ['k_secret'] } as unknown as Parameters<typeof echo>[0];
 * assert.equal(echo(runtime, 'ins_000001'), '"ins_000001"');
 * assert.equal(echo(runtime, 'k_secret'), '"<redacted>"');
 * ```
 */
export function echo(runtime: Pick<MockRuntime, 'apiKeys'>, value: string): string {
  // Token shapes of both products: the same server serves Rool, whose tokens are secrets too.
  if (looksLikeSecret(value) || runtime.apiKeys.some((key) => value.includes(key))) {
    return '"<redacted>"';
  }
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
}
