/**
 * Object paths (docs/rool-contract.md §4): exactly
 * `/space/<collection>/<name>.json`, each segment 1–128 characters of
 * `A–Z a–z 0–9 _ -`. The schema checks most inputs; these functions serve the
 * inputs it cannot (a list of paths to delete, a path inside the agent's
 * tool call) and split a path into its parts.
 *
 * @module
 */
import { RpcFault } from '../rpc/fault.ts';

const objectPath = /^\/space\/([A-Za-z0-9_-]{1,128})\/([A-Za-z0-9_-]{1,128})\.json$/;

/** What a bad path's message says is allowed. */
export const objectPathRule =
  'an object path must be /space/<collection>/<name>.json, each segment 1–128 characters of ' +
  'A–Z, a–z, 0–9, _ or -';

/**
 * Whether a string is an object path.
 *
 * @param path The string.
 * @returns `true` for `/space/<collection>/<name>.json`.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { isObjectPath } from './paths.ts';
 * assert.ok(isObjectPath('/space/article/welcome.json'));
 * assert.ok(!isObjectPath('/space/article/.hidden.json'));
 * ```
 */
export function isObjectPath(path: string): boolean {
  return objectPath.test(path);
}

/**
 * The collection an object path is in.
 *
 * @param path An object path.
 * @returns The collection's name.
 */
export function collectionOf(path: string): string {
  return path.split('/')[2];
}

/**
 * Checks that a string is an object path.
 *
 * @param path The string.
 * @param pointer Where it was in the input, e.g. `/paths/3`.
 * @throws {RpcFault} `validation_error` at `pointer` otherwise.
 */
export function requireObjectPath(path: string, pointer: string): void {
  if (!isObjectPath(path)) {
    throw new RpcFault(
      'validation_error',
      `Path at ${pointer} is not an object path: ${objectPathRule}`,
      { path: pointer },
    );
  }
}
