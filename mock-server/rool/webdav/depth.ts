/**
 * The `Depth` header (RFC 4918 §10.2): `0`, `1` or `infinity`, each method
 * taking only some of them.
 *
 * @module
 */
import { DavError } from './errors.ts';

/** A `Depth` value. */
export type Depth = 0 | 1 | 'infinity';

const values: Record<string, Depth> = { '0': 0, '1': 1, infinity: 'infinity' };

/**
 * The `Depth` a request asks for, among those a method takes.
 *
 * @param request The request.
 * @param allowed The values the method takes.
 * @param message The refusal's message, naming what the method takes.
 * @returns The value, or `undefined` without the header (each method has its own default).
 * @throws {DavError} 400 for a value not in `allowed`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { depthOf } from './depth.ts';
 * const request = new Request('http://x/', { headers: { depth: ' Infinity ' } });
 * assert.equal(depthOf(request, [0, 'infinity'], 'Depth: 0 or infinity'), 'infinity');
 * assert.equal(depthOf(new Request('http://x/'), [0], 'Depth: 0'), undefined);
 * assert.throws(() => depthOf(request, [0, 1], 'Depth: 0 or 1'), /Depth: 0 or 1/);
 * ```
 */
export function depthOf<D extends Depth>(
  request: Request,
  allowed: readonly D[],
  message: string,
): D | undefined {
  const header = request.headers.get('depth');
  if (header === null) return undefined;
  const value = Object.hasOwn(values, header.trim().toLowerCase())
    ? values[header.trim().toLowerCase()]
    : undefined;
  if (value === undefined || !(allowed as readonly Depth[]).includes(value)) {
    throw new DavError(400, message);
  }
  return value as D;
}
