/**
 * Serves a benchmark handler on 127.0.0.1 with the runtime's own server, the
 * way the mock's entry points do (`mock-server/serve/*`), then prints the
 * ready line `scripts/bench/process.ts` waits for.
 *
 * @module
 */
import type { FetchHandler } from '../../../mock-server/serve/request-log.ts';
import { listenOnBun } from '../../../mock-server/serve/bun.ts';
import { listenOnDeno } from '../../../mock-server/serve/deno.ts';
import { listenOnNode } from '../../../mock-server/serve/node-server.ts';

/** The runtime this process runs on. */
export function currentRuntime(): 'deno' | 'bun' | 'node' {
  if ('Bun' in globalThis) return 'bun';
  if ('Deno' in globalThis) return 'deno';
  return 'node';
}

/**
 * Listens on a free port and prints `{"port": …, …extra}` on stdout.
 *
 * @param fetch The handler.
 * @param extra More fields for the ready line.
 * @returns The port.
 */
export async function serveAndAnnounce(
  fetch: FetchHandler,
  extra: Record<string, unknown> = {},
): Promise<number> {
  const address = { port: 0, host: '127.0.0.1' };
  const runtime = currentRuntime();
  const listening = runtime === 'deno'
    ? await listenOnDeno(fetch, address)
    : runtime === 'bun'
    ? await listenOnBun(fetch, address)
    : await listenOnNode(fetch, address);
  announce({ port: listening.port, runtime, ...extra });
  return listening.port;
}

/**
 * Prints the ready line.
 *
 * @param info The port and whatever else the benchmark needs to know.
 */
export function announce(info: Record<string, unknown>): void {
  console.log(JSON.stringify(info));
}

/** Reads `--name value` from the command line. */
export function argument(name: string, fallback: string): string {
  const args = currentArgs();
  const at = args.indexOf(`--${name}`);
  return at === -1 || at + 1 >= args.length ? fallback : args[at + 1];
}

function currentArgs(): string[] {
  const deno = (globalThis as { Deno?: { args: string[] } }).Deno;
  if (deno && !('Bun' in globalThis)) return deno.args;
  return (globalThis as unknown as { process: { argv: string[] } }).process.argv.slice(2);
}
