/**
 * Object paths (docs/rool-contract.md §4): exactly
 * `/space/<collection>/<name>.json`, each segment 1–128 characters of
 * `A–Z a–z 0–9 _ -`. The schema checks most inputs; these functions serve the
 * inputs it cannot (a list of paths to delete, a path inside the agent's
 * tool call) and split a path into its parts.
 *
 * @module
 */
import { isObjectPath } from '../../src/rool/paths.ts';
import { RpcFault } from '../rpc/fault.ts';

// One definition of an object path, shared with the SDK's public helper.
export { isObjectPath };

/** What a bad path's message says is allowed. */
export const objectPathRule =
  'an object path must be /space/<collection>/<name>.json, each segment 1–128 characters of ' +
  'A–Z, a–z, 0–9, _ or -';

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
