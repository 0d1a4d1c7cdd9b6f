/**
 * The bare baseline as a benchmark server: the least a server can do for one
 * `instances.get` call (./bare.ts), with the runtime's own server and nothing
 * between it and the handler: `Deno.serve`, `Bun.serve`, or `node:http`.
 *
 * @module
 */
import { createServer } from 'node:http';
import { bareAnswer, bareStore } from './bare.ts';
import { announce, argument, currentRuntime } from './listen.ts';

const store = bareStore(Number(argument('instances', '1000')));
const instanceIds = [...store.keys()].slice(0, 1000);
const headers = { 'content-type': 'application/json' };

async function handle(request: Request): Promise<Response> {
  const answer = bareAnswer(request.headers.get('authorization'), await request.text(), store);
  return new Response(answer.body, { status: answer.status, headers });
}

const runtime = currentRuntime();
if (runtime === 'deno') {
  Deno.serve({
    hostname: '127.0.0.1',
    port: 0,
    onListen: ({ port }) => announce({ port, runtime, instanceIds }),
  }, handle);
} else if (runtime === 'bun') {
  const bun = (globalThis as unknown as {
    Bun: { serve(o: unknown): { port: number } };
  }).Bun;
  const server = bun.serve({ hostname: '127.0.0.1', port: 0, fetch: handle });
  announce({ port: server.port, runtime, instanceIds });
} else {
  const server = createServer((req, res) => {
    const chunks: Uint8Array[] = [];
    req.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    req.on('end', () => {
      const body = chunks.length === 1 ? chunks[0] : concat(chunks);
      const answer = bareAnswer(req.headers.authorization, new TextDecoder().decode(body), store);
      res.writeHead(answer.status, headers).end(answer.body);
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    announce({
      port: typeof address === 'object' && address ? address.port : 0,
      runtime,
      instanceIds,
    });
  });
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) (out.set(c, at), at += c.byteLength);
  return out;
}
