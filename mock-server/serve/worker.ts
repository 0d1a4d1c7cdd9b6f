/**
 * The mock as a Cloudflare Workers module. Bundle it and hand it to workerd,
 * Miniflare or `wrangler dev`:
 *
 * ```sh
 * npx -y deno@2 bundle --platform browser -o .tmp/mock-worker.js mock-server/serve/worker.ts
 * ```
 *
 * Settings come from the Worker's `env` bindings, named as the `ROJ_MOCK_*`
 * environment variables in ./options.ts: `ROJ_MOCK_API_KEYS`,
 * `ROJ_MOCK_READY_DELAY`, `ROJ_MOCK_SESSION_DELAY`, `ROJ_MOCK_MAX_UPLOAD`,
 * `ROJ_MOCK_QUIET`, and for the Rool mock under `/rool` `ROOL_MOCK_USERS`,
 * `ROOL_MOCK_AGENT_DELAY` and `ROOL_MOCK_FETCH_ALLOW`. Port and host belong to whatever serves the Worker. A
 * Worker cannot read a seed file: send one with the `mock.loadSeed` control
 * method instead.
 *
 * workerd resets the connection when a Worker answers without reading the
 * request body, and the client then sees a network error instead of the
 * answer: about half the time for an oversized upload refused with 413. So this
 * adapter reads a body the mock left unread before it answers; Deno, Bun and
 * Node servers do that themselves.
 *
 * The mock's state lives in the isolate's globals. workerd keeps an isolate
 * for many requests but may start others or recycle it, so state is per
 * isolate and may vanish: fine for a development mock, wrong for anything else.
 *
 * @module
 */
import { createMockServer } from '../mod.ts';
import { resolveServeOptions, roolOptions } from './options.ts';
import { type FetchHandler, withRequestLog } from './request-log.ts';

let handler: FetchHandler | undefined;

/** Builds the mock on the first request, when the bindings are first seen. */
function mockFor(env: Readonly<Record<string, unknown>>): FetchHandler {
  if (handler !== undefined) return handler;
  const options = resolveServeOptions({}, { env });
  const { apiKeys, seedFile, timing, limits, quiet } = options;
  if (seedFile !== undefined) {
    throw new Error('A Worker cannot read ROJ_MOCK_SEED: load a seed with mock.loadSeed instead');
  }
  if (options.dataDir !== undefined) {
    throw new Error('A Worker has no file system for ROJ_MOCK_DATA: its state lives in memory');
  }
  const mock = createMockServer({
    apiKeys,
    timing,
    limits,
    rool: roolOptions(options),
  });
  handler = quiet ? mock.fetch : withRequestLog(mock.fetch, { log: (line) => console.log(line) });
  return handler;
}

/** A configuration error as the mock's error envelope, so clients see a typed failure. */
function misconfigured(error: unknown): Response {
  const message = `Mock misconfigured: ${error instanceof Error ? error.message : String(error)}`;
  return Response.json({ ok: false, error: { type: 'internal_error', message } }, { status: 500 });
}

/** The Workers module: every request goes to one mock per isolate. */
const worker: {
  fetch(request: Request, env?: Readonly<Record<string, unknown>>): Promise<Response>;
} = {
  fetch(request, env = {}) {
    let fetch: FetchHandler;
    try {
      fetch = mockFor(env);
    } catch (error) {
      return Promise.resolve(misconfigured(error));
    }
    return answerAfterDraining(request, fetch);
  },
};

/** Past this, give up draining: the connection is reset, as workerd would have anyway. */
const maxDrainBytes = 64 * 1024 * 1024;

/**
 * Answers, then reads whatever body the mock left untouched (it refuses an oversized body by its
 * `Content-Length` without reading it), so that workerd does not reset the connection under the
 * answer. A body the mock began to read is the mock's to finish or cancel.
 */
async function answerAfterDraining(request: Request, fetch: FetchHandler): Promise<Response> {
  const response = await fetch(request);
  const body = request.body;
  if (body === null || body.locked) return response;
  const reader = body.getReader();
  try {
    let drained = 0;
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      drained += chunk.value.byteLength;
      if (drained > maxDrainBytes) {
        await reader.cancel();
        break;
      }
    }
  } catch {
    // The client went away; there is no one left to answer.
  }
  return response;
}

export default worker;
