/**
 * Serves a mock on 127.0.0.1 with the running runtime's own server
 * (`Deno.serve` or `Bun.serve`, through the mock's adapters in
 * mock-server/serve/), on a free port, for the fuzzing suite's socket run.
 *
 * @module
 */
import { listenOnBun } from '../../mock-server/serve/bun.ts';
import { listenOnDeno } from '../../mock-server/serve/deno.ts';
import type { Listening } from '../../mock-server/serve/run.ts';

/** A mock listening on loopback. */
export interface Served {
  /** The origin, e.g. `http://127.0.0.1:40123`. */
  origin: string;
  /** The port. */
  port: number;
  /** Stops the server. */
  close(): Promise<void>;
}

/**
 * The runtime this process runs on, if it has a server API the mock adapts to.
 *
 * @returns `Deno` or `Bun`, or `undefined` (Node: no test here serves on it).
 */
export function serverRuntime(): 'Deno' | 'Bun' | undefined {
  if ('Bun' in globalThis) return 'Bun';
  if ('Deno' in globalThis) return 'Deno';
  return undefined;
}

/**
 * Serves a `fetch` handler on 127.0.0.1 and a free port.
 *
 * @param fetch The handler.
 * @returns Where it listens, and how to stop it.
 * @throws {Error} On a runtime with neither `Deno.serve` nor `Bun.serve`.
 */
export async function serveOnLoopback(
  fetch: (request: Request) => Promise<Response>,
): Promise<Served> {
  const runtime = serverRuntime();
  if (runtime === undefined) throw new Error('Serving needs Deno or Bun');
  const listen = runtime === 'Bun' ? listenOnBun : listenOnDeno;
  const listening: Listening = await listen(fetch, { port: 0, host: '127.0.0.1' });
  return {
    origin: `http://127.0.0.1:${listening.port}`,
    port: listening.port,
    close: () => listening.close(),
  };
}
