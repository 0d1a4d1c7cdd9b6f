/**
 * Which requests only read the state, so that their answers need not wait
 * for a snapshot (./acknowledge.ts): the safe HTTP methods (`GET`, `HEAD`,
 * `OPTIONS`, and WebDAV's `PROPFIND` and `REPORT`), and an RPC `POST` whose
 * method its registry marks as a read (`method({ read: true })`, the same
 * marks that tell a client what it may retry). An RPC's method is read from
 * a copy of its body, and only when the body is small and says its length;
 * anything else counts as a change, which is merely slower, never wrong.
 *
 * @module
 */
import { instanceMethods } from '../../src/roj/instance-methods.ts';
import { platformMethods } from '../../src/roj/methods.ts';
import type { MethodRegistry } from '../../src/rpc/definition.ts';
import { roolMethods } from '../../src/rool/methods.ts';
import { requestPathname } from '../rpc/url.ts';

/** Methods that change nothing. */
const readMethods = new Set(['GET', 'HEAD', 'OPTIONS', 'PROPFIND', 'REPORT']);

/** The largest RPC body whose method is looked at: an envelope of a read is small. */
const peekBytes = 64 * 1024;

/** The RPC endpoints of `createMockServer`, with the registry each serves. */
const endpoints: [RegExp, MethodRegistry][] = [
  [/^\/api\/v1\/rpc$/, platformMethods],
  [/^\/api\/v1\/instances\/[^/]+\/rpc$/, instanceMethods],
  [/^\/rool\/v1\/rpc$/, roolMethods],
];

/**
 * Whether a request only reads. Call it before the request's body is read: it may copy it.
 *
 * @param request The request.
 * @returns `true` for a safe HTTP method or an RPC read.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { isReadRequest } from './read-request.ts';
 * const rpc = (method: string) =>
 *   new Request('http://mock.test/api/v1/rpc', {
 *     method: 'POST',
 *     headers: { 'content-type': 'application/json', 'content-length': '60' },
 *     body: JSON.stringify({ method, input: {} }).padEnd(60),
 *   });
 * assert.equal(await isReadRequest(new Request('http://mock.test/health')), true);
 * assert.equal(await isReadRequest(rpc('instances.create')), false);
 * ```
 */
export async function isReadRequest(request: Request): Promise<boolean> {
  if (readMethods.has(request.method)) return true;
  if (request.method !== 'POST') return false;
  const path = requestPathname(request.url);
  const registry = endpoints.find(([pattern]) => pattern.test(path))?.[1];
  const length = Number(request.headers.get('content-length'));
  if (!registry || !(length > 0 && length <= peekBytes) || request.bodyUsed) return false;
  try {
    const envelope = await request.clone().json();
    const name = envelope?.method;
    return typeof name === 'string' && Object.hasOwn(registry, name) &&
      (registry[name] as { read?: unknown }).read === true;
  } catch {
    return false;
  }
}
