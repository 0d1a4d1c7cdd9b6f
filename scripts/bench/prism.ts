/**
 * Prism (`@stoplight/prism-cli` 5 from npm) as a benchmark peer: installed
 * once through `npx`, then run as `node <prism's entry> mock …` so that the
 * process we stop is the server itself, not an `npx` wrapper with children.
 * It serves an OpenAPI document from a file on 127.0.0.1 and is ready once it
 * answers a request.
 *
 * @module
 */
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { rssOf, stopper } from './process.ts';
import type { BenchServer } from './process.ts';
import type { LoadRequest } from './load.ts';

/** The Prism CLI as installed by npx. */
export interface PrismInstall {
  /** Its entry script (`…/@stoplight/prism-cli/dist/index.js`), run with `node`. */
  entry: string;
  /** Its version, e.g. `5.14.2`. */
  version: string;
}

let install: Promise<PrismInstall> | undefined;

/**
 * Finds (installing on first use) Prism 5 through `npx -y -p @stoplight/prism-cli@5`, once
 * per run. The first install downloads it from npm and takes a while.
 *
 * @returns Its entry script and version.
 * @throws {Error} When npx cannot provide it.
 */
export function prismInstall(): Promise<PrismInstall> {
  install ??= (async () => {
    const output = await new Deno.Command('npx', {
      args: ['-y', '-p', '@stoplight/prism-cli@5', 'sh', '-c', 'command -v prism'],
      stdin: 'null',
      stdout: 'piped',
      stderr: 'piped',
    }).output();
    const bin = new TextDecoder().decode(output.stdout).trim().split('\n').at(-1) ?? '';
    if (!output.success || bin === '') {
      throw new Error(
        `npx -y -p @stoplight/prism-cli@5 did not give Prism: ${
          new TextDecoder().decode(output.stderr).trim()
        }`,
      );
    }
    // `.bin/prism` links to `dist/index.js`; its package.json sits one folder up.
    const entry = await Deno.realPath(bin);
    const pkg = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8'));
    return { entry, version: String(pkg.version) };
  })();
  return install;
}

/** Options of {@linkcode startPrism}. */
export interface StartPrismOptions {
  /** A request Prism must answer before it counts as ready (any status). */
  probe: LoadRequest;
  /** How long it may take to answer. Default: 60 s. */
  readyTimeoutMs?: number;
}

/**
 * Starts `prism mock` on a free port of 127.0.0.1 with its per-request logging off
 * (`-v error`: logging every request would slow it down far more than its mocking does),
 * and waits until it answers `probe`.
 *
 * @param document The OpenAPI document's path.
 * @param options The readiness probe and its timeout.
 * @returns The running server, in the shape of the other benchmark servers; `info` holds
 * `version` and `document`.
 * @throws {Error} When Prism exits or does not answer in time; the error carries its output.
 */
export async function startPrism(
  document: string,
  options: StartPrismOptions,
): Promise<BenchServer> {
  const { entry, version } = await prismInstall();
  const port = freePort();
  const child = new Deno.Command('node', {
    args: [entry, 'mock', '-h', '127.0.0.1', '-p', String(port), '-v', 'error', document],
    stdin: 'null',
    stdout: 'piped',
    stderr: 'piped',
    env: { NO_COLOR: '1' },
  }).spawn();
  let output = '';
  const keep = (stream: ReadableStream<Uint8Array<ArrayBuffer>>) =>
    stream.pipeThrough(new TextDecoderStream()).pipeTo(
      new WritableStream({
        write(chunk) {
          output = (output + chunk).slice(-4000);
        },
      }),
    ).catch(() => {});
  const drained = Promise.all([keep(child.stdout), keep(child.stderr)]);
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });
  const server: BenchServer = {
    port,
    url: `http://127.0.0.1:${port}`,
    info: { version, document },
    pid: child.pid,
    rssBytes: () => rssOf(child.pid),
    stop: stopper(child, status, drained),
  };
  const deadline = performance.now() + (options.readyTimeoutMs ?? 60_000);
  try {
    while (!(await answers(server.url, options.probe))) {
      if (exited) throw new Error(`Prism exited before it was ready:\n${output.trim()}`);
      if (performance.now() > deadline) {
        throw new Error(`Prism did not answer within its timeout:\n${output.trim()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

async function answers(url: string, probe: LoadRequest): Promise<boolean> {
  try {
    const response = await fetch(`${url}${probe.path}`, {
      method: probe.method,
      headers: probe.headers,
      body: probe.body,
      signal: AbortSignal.timeout(2000),
    });
    await response.body?.cancel();
    return true;
  } catch {
    return false;
  }
}

// Prism takes its port on the command line: ask the system for a free one. Another process
// could take it before Prism listens; Prism would then exit, and the error says so.
function freePort(): number {
  const listener = Deno.listen({ hostname: '127.0.0.1', port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}
