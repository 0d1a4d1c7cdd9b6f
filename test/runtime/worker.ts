// The Worker that the `workerd` stage runs in Miniflare. It is bundled together with the client
// into .tmp/runtime/worker.js, so workerd loads one module and nothing else.
//
// POST / with `{url, apiKey, instanceId}` calls `instances.get` with the Roj client and answers
// `{ok: true, value}` or `{ok: false, error}` (the RojApiError as JSON). GET /probe reports what
// kind of isolate this is, so the test can show it really ran inside workerd, where code
// generation (eval, new Function) is forbidden.
import { createRojClient, RojApiError } from '../../mod.ts';

/** The call the test asks the Worker to make. */
interface GetInstanceRequest {
  url: string;
  apiKey: string;
  instanceId: string;
}

async function getInstance(request: Request): Promise<Response> {
  const { url, apiKey, instanceId } = await request.json() as GetInstanceRequest;
  const roj = createRojClient({ url, apiKey });
  try {
    return Response.json({ ok: true, value: await roj.instances.get(instanceId) });
  } catch (error) {
    if (error instanceof RojApiError) return Response.json({ ok: false, error: error.toJSON() });
    return Response.json({ ok: false, thrown: String(error) }, { status: 500 });
  }
}

function probe(): Response {
  let codeGeneration = 'allowed';
  try {
    new Function('return 1')();
  } catch (error) {
    codeGeneration = `forbidden: ${error instanceof Error ? error.message : String(error)}`;
  }
  return Response.json({ userAgent: navigator.userAgent, codeGeneration });
}

export default {
  fetch(request: Request): Promise<Response> | Response {
    const { pathname } = new URL(request.url);
    if (pathname === '/probe') return probe();
    if (request.method === 'POST' && pathname === '/') return getInstance(request);
    return new Response('Not found', { status: 404 });
  },
};
