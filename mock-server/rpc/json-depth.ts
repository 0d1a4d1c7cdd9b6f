/**
 * A nesting limit for the JSON values the mock stores (object bodies, patch
 * data, metadata and user storage values): deeper values would make later
 * answers fail to serialize or copy, so they are refused when written.
 *
 * @module
 */
import { RpcFault } from './fault.ts';

/** How deeply a stored value may nest: arrays and objects inside one another. */
export const maxJsonDepth = 64;

/**
 * How deeply a JSON value nests, counted without recursion, stopping once past `limit`.
 *
 * @param value The value.
 * @param limit Where to stop counting.
 * @returns 0 for a scalar, 1 for a flat array or object, and so on; at most `limit + 1`.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { jsonDepth } from './json-depth.ts';
 * assert.equal(jsonDepth('x'), 0);
 * assert.equal(jsonDepth({ a: [1, { b: 2 }] }), 3);
 * ```
 */
export function jsonDepth(value: unknown, limit = maxJsonDepth): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    const inner = depth + 1;
    if (inner > deepest) deepest = inner;
    if (deepest > limit) return deepest;
    for (const child of Object.values(node)) stack.push([child, inner]);
  }
  return deepest;
}

/**
 * Checks that a value to store nests at most {@linkcode maxJsonDepth} levels.
 *
 * @param value The value.
 * @param pointer Where it is in the input, e.g. `/body`.
 * @throws {RpcFault} `validation_error` at `pointer` otherwise.
 */
export function requireJsonDepth(value: unknown, pointer: string): void {
  if (jsonDepth(value) > maxJsonDepth) {
    throw new RpcFault(
      'validation_error',
      `Value at ${pointer} nests deeper than ${maxJsonDepth} levels of arrays and objects`,
      { path: pointer },
    );
  }
}
