// `channel.fetch(url, init)` on the wire: the request becomes a `proxy.fetch` input (body in
// base64), and the answer becomes a real Response, so callers use it like fetch's.
import { base64ToBytes, bytesToBase64 } from './_base64.ts';
import { invalidArgument, RoolError } from './errors.ts';
import type { ProxyFetchInput, ProxyFetchOutput } from './object-methods.ts';

type ProxyMethod = NonNullable<ProxyFetchInput['method']>;
const proxyMethods: readonly string[] = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
] satisfies ProxyMethod[];

// Fetch's null body statuses (WHATWG Fetch §2.2.3): a Response with one of these has no body.
const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);

/** The request part of a `proxy.fetch` input. */
export type ProxyRequest = Pick<ProxyFetchInput, 'url' | 'method' | 'headers' | 'bodyBase64'>;

/**
 * Reads `url` and `init` the way `fetch` would, into a `proxy.fetch` request. The rules are
 * applied here rather than left to `new Request`, whose checks differ between runtimes (Bun
 * accepts a body on GET and leaves out a string body's content type).
 */
export async function toProxyRequest(url: string, init: RequestInit = {}): Promise<ProxyRequest> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw invalidArgument(`URL must be absolute: ${url}`);
  }
  const method = (init.method ?? 'GET').toUpperCase();
  if (!proxyMethods.includes(method)) {
    throw invalidArgument(`Method must be one of ${proxyMethods.join(', ')}: ${init.method}`);
  }
  const headers = new Headers(init.headers);
  const proxied: ProxyRequest = { url: target.href, method: method as ProxyMethod };
  if (init.body !== undefined && init.body !== null) {
    if (method === 'GET' || method === 'HEAD') {
      throw invalidArgument(`A ${method} request cannot have a body`);
    }
    // Response reads every BodyInit (string, bytes, Blob, FormData, URLSearchParams, stream).
    const body = new Response(init.body);
    // Fetch §5.2 "extract a body": a string is text/plain;charset=UTF-8.
    const contentType = typeof init.body === 'string'
      ? 'text/plain;charset=UTF-8'
      : body.headers.get('content-type');
    if (contentType !== null && !headers.has('content-type')) {
      headers.set('content-type', contentType);
    }
    proxied.bodyBase64 = bytesToBase64(new Uint8Array(await body.arrayBuffer()));
  }
  if ([...headers.keys()].length > 0) proxied.headers = Object.fromEntries(headers);
  return proxied;
}

/** The remote answer as a Response. */
export function toResponse(output: ProxyFetchOutput, method: string): Response {
  if (!Number.isInteger(output.status) || output.status < 200 || output.status > 599) {
    throw new RoolError({
      type: 'transport_error',
      message: `Proxied fetch answered with an impossible status: ${output.status}`,
    });
  }
  const noBody = nullBodyStatuses.has(output.status) || method === 'HEAD';
  return new Response(noBody ? null : base64ToBytes(output.bodyBase64), {
    status: output.status,
    statusText: output.statusText,
    headers: output.headers,
  });
}
