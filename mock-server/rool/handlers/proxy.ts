/**
 * Handler of `proxy.fetch` (docs/rool-contract.md §9): an HTTP request made
 * for an editor, to public hosts only (./ssrf.ts), without following
 * redirects, under a timeout, with the answer cut off at 5 MB (413). When the
 * remote host cannot be reached the answer is a `502 Bad Gateway` (`504
 * Gateway Timeout` on timeout) with an empty body, as a gateway would send.
 *
 * @module
 */
import type { ProxyFetchOutput } from '../../../src/rool/object-methods.ts';
import { RpcFault } from '../../rpc/fault.ts';
import { fromBase64, toBase64 } from '../base64.ts';
import { requireSpaceChannel } from '../roles.ts';
import { refusedHost } from '../ssrf.ts';
import type { NamespaceHandlers } from './_types.ts';

/** Handler of `proxy.fetch`. */
export const proxyHandlers: NamespaceHandlers<'proxy'> = {
  'proxy.fetch': async (input, ctx) => {
    requireSpaceChannel(ctx, input, 'editor');
    const url = URL.canParse(input.url) ? new URL(input.url) : undefined;
    if (!url) {
      throw new RpcFault('validation_error', 'URL must be absolute, e.g. https://example.com/', {
        path: '/url',
      });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new RpcFault(
        'forbidden',
        `Only http: and https: URLs can be fetched, not ${url.protocol}`,
      );
    }
    if (url.username !== '' || url.password !== '') {
      throw new RpcFault('validation_error', 'URL must not hold credentials; send a header', {
        path: '/url',
      });
    }
    const refused = refusedHost(url, ctx.runtime.fetchAllowlist);
    if (refused) {
      throw new RpcFault(
        'forbidden',
        `Host ${ctx.quote(url.hostname)} is a ${refused} address; only public hosts can be fetched`,
      );
    }
    const method = input.method ?? 'GET';
    let body: Uint8Array<ArrayBuffer> | undefined;
    if (input.bodyBase64 !== undefined) {
      if (method === 'GET' || method === 'HEAD') {
        throw new RpcFault('validation_error', `A ${method} request has no body`, {
          path: '/bodyBase64',
        });
      }
      body = fromBase64(input.bodyBase64);
      if (!body) {
        throw new RpcFault('validation_error', 'Body must be padded base64', {
          path: '/bodyBase64',
        });
      }
    }
    let headers: Headers;
    try {
      headers = new Headers(input.headers);
    } catch {
      throw new RpcFault('validation_error', 'Headers must be valid HTTP header names and values', {
        path: '/headers',
      });
    }
    const fetch = ctx.runtime.fetch ?? globalThis.fetch;
    const { limits } = ctx.runtime;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(limits.proxyTimeoutMs),
      });
    } catch (error) {
      return gateway(error);
    }
    let bytes: Uint8Array;
    try {
      bytes = await readLimited(response, limits.proxyAnswerBytes);
    } catch (error) {
      if (error instanceof RpcFault) throw error;
      return gateway(error);
    }
    return {
      status: response.status,
      statusText: response.statusText,
      headers: Object.fromEntries(response.headers),
      bodyBase64: toBase64(bytes),
    };
  },
};

/** The answer for a remote host that failed or timed out. */
function gateway(error: unknown): ProxyFetchOutput {
  const timedOut = (error as { name?: unknown } | null)?.name === 'TimeoutError';
  return timedOut
    ? { status: 504, statusText: 'Gateway Timeout', headers: {}, bodyBase64: '' }
    : { status: 502, statusText: 'Bad Gateway', headers: {}, bodyBase64: '' };
}

/** The answer's body, or 413 past `limit` bytes (the rest is not read). */
async function readLimited(response: Response, limit: number): Promise<Uint8Array> {
  const tooLarge = () =>
    new RpcFault('payload_too_large', `The remote answer exceeds the limit of ${limit} bytes`);
  if (Number(response.headers.get('content-length')) > limit) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    size += chunk.value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(chunk.value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}
