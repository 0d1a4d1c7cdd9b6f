/**
 * Fuzzing the mock over a real socket (issue 8): the same generated requests
 * as in process, Roj's and Rool's, sent with `fetch` to the mock served on
 * 127.0.0.1 by the runtime's own server (`Deno.serve` or `Bun.serve`), then
 * raw HTTP/1.1 requests no `fetch` would send. The runtime's server may refuse
 * a request with huge headers itself (431, or by closing); everything that
 * reaches the mock is held to the in-process invariants.
 *
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { davRequest } from './arbitraries/dav.ts';
import { inputPool } from './arbitraries/inputs.ts';
import { uploadRequest } from './arbitraries/multipart.ts';
import { type RawRequest, rawRequest } from './arbitraries/raw.ts';
import { rpcRequest } from './arbitraries/rpc.ts';
import { importRequest } from './arbitraries/routes.ts';
import { endpoints } from './catalog.ts';
import { fuzzParameters, fuzzSettings, seedFor } from './config.ts';
import { InvariantError } from './invariants.ts';
import { checkPrototypes } from './runner.ts';
import { fewestRequests, fuzz } from './property.ts';
import { rawExchange } from './raw-http.ts';
import type { FuzzRequest } from './request.ts';
import { resolveRefs } from './request.ts';
import { serveOnLoopback, serverRuntime } from './serve.ts';
import { createFuzzTarget, fuzzLimits, type FuzzTarget } from './target.ts';
import { stateDigest } from '../helpers/state-digest.ts';

/** Requests sent with `fetch` at scale 1. */
const requests = 1500;
/** Raw requests at scale 1. */
const rawRuns = 150;
const batch = 16;

// Header fields `fetch` sets itself, or refuses to send.
const forbidden = new Set([
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'host',
]);
// Bun's `fetch` sends a method it does not know as GET, and so refuses its body.
const knownMethods = new Set([
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
  'PROPFIND',
  'PROPPATCH',
  'MKCOL',
  'COPY',
  'MOVE',
  'LOCK',
  'UNLOCK',
  'REPORT',
  'SEARCH',
  'BIND',
]);

/** Sends a request with `fetch`, without the header fields `fetch` owns. */
function socketSend(request: Request): Promise<Response> {
  const headers = new Headers();
  for (const [name, value] of request.headers) if (!forbidden.has(name)) headers.set(name, value);
  if (!knownMethods.has(request.method) && request.body) {
    return fetch(request.url, { method: request.method, headers });
  }
  return fetch(new Request(request, { headers, duplex: 'half' } as RequestInit));
}

// Servers refuse header blocks past their limits (Bun: 16 KiB) before the mock sees them.
function mayBeRefusedByRuntime(request: FuzzRequest): boolean {
  let bytes = 0;
  for (const [name, value] of request.headers) bytes += name.length + value.length + 4;
  return bytes > 8 * 1024 || request.headers.length > 48 || request.path.length > 4096;
}

const runtime = serverRuntime();

describe(`the mock under fuzzing, over a socket (${runtime ?? 'no server API'})`, {
  skip: runtime === undefined,
}, () => {
  it('answers fetched hostile requests as it does in process', async () => {
    const { platform, instance, rool } = endpoints(fuzzLimits);
    const pool = { perMethod: 8, seed: seedFor(0) };
    const request = fc.oneof(
      { weight: 4, arbitrary: rpcRequest(platform, inputPool(platform, pool)) },
      { weight: 3, arbitrary: rpcRequest(instance, inputPool(instance, pool)) },
      { weight: 2, arbitrary: uploadRequest(fuzzLimits.uploadBytes) },
      { weight: 4, arbitrary: rpcRequest(rool, inputPool(rool, pool)) },
      { weight: 4, arbitrary: davRequest() },
      { weight: 1, arbitrary: importRequest(fuzzLimits.archiveBytes) },
    );
    const target = await createFuzzTarget();
    const served = await serveOnLoopback(target.mock.fetch);
    try {
      const stats = await fuzz({
        name: 'socket',
        target,
        request,
        requests,
        batch,
        seedOffset: 3,
        send: socketSend,
        origin: served.origin,
        runtimeMayRefuse: mayBeRefusedByRuntime,
      });
      console.log(stats.summary(`over a socket (${runtime})`));
      assert.ok(stats.requests >= fewestRequests(requests), `only ${stats.requests} requests`);
      assert.equal((await fetch(`${served.origin}/health`)).status, 200);
    } finally {
      await served.close();
    }
  });

  it('refuses raw requests fetch would not send, changing nothing, and stays up', async () => {
    const target = await createFuzzTarget();
    const served = await serveOnLoopback(target.mock.fetch);
    const statuses = new Map<string, number>();
    try {
      await fc.assert(
        fc.asyncProperty(rawRequest(), async (raw) => {
          const status = await exchange(target, served.port, raw);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }),
        fuzzParameters('raw socket', { offset: 4, runs: rawRuns }),
      );
      const health = await fetch(`${served.origin}/health`);
      assert.equal(health.status, 200);
      await health.body?.cancel();
    } finally {
      await served.close();
    }
    const summary = [...statuses].map(([s, n]) => `${s}×${n}`).join(' ');
    console.log(
      `fuzz raw socket (${runtime}): ${
        Math.round(rawRuns * fuzzSettings().scale)
      } requests; ${summary}`,
    );
  });
});

// One raw exchange, checked: no 5xx, a JSON answer is an envelope, no secret, no state change.
async function exchange(target: FuzzTarget, port: number, raw: RawRequest): Promise<string> {
  const before = stateDigest(target.mock);
  const secrets = target.secrets();
  const text = resolveRefs(raw.text, target.fixtures);
  const head = Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
  const bytes = raw.tail ? new Uint8Array([...head, ...raw.tail]) : head;
  const answer = await rawExchange(port, bytes);
  // Bytes after the first request may be a second one, still being answered: let it finish.
  await new Promise((resolve) => setTimeout(resolve, 2));
  const where = `raw request "${raw.label}"`;
  // The mock answers with a content type; the runtime's own refusals of broken framing come
  // without one (Bun answers a bare-LF request line 505), and are not the mock's to judge.
  const byMock = /^content-type: /m.test(answer.headers);
  if (answer.status !== undefined && answer.status >= 500 && byMock) {
    throw new InvariantError(`A ${answer.status} answer to ${where}`);
  }
  if (
    /^content-type: application\/json/m.test(answer.headers) &&
    /content-length/.test(answer.headers)
  ) {
    const body = JSON.parse(answer.body);
    if (body.ok !== false || typeof body.error?.type !== 'string') {
      throw new InvariantError(`Not an error envelope: ${answer.body.slice(0, 200)} on ${where}`);
    }
  }
  for (const secret of secrets) {
    if (answer.headers.includes(secret.toLowerCase()) || answer.body.includes(secret)) {
      throw new InvariantError(`An answer holds a secret on ${where}`);
    }
  }
  if (stateDigest(target.mock) !== before) {
    throw new InvariantError(`The state changed on ${where}`);
  }
  const errors = target.takeErrors();
  if (errors.length > 0) {
    throw new InvariantError(`Unexpected error on ${where}: ${(errors[0] as Error)?.stack}`, {
      cause: errors[0],
    });
  }
  checkPrototypes();
  if (answer.status === undefined) return 'closed';
  return byMock ? String(answer.status) : `${answer.status} by the runtime`;
}
