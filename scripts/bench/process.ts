/**
 * Benchmark servers as separate processes on loopback, on Deno, Bun or Node:
 * started with the runtime's own binary (not through `npx`, whose wrapper
 * process would hide the server's memory), told their options in arguments,
 * and known by the JSON line they print once listening.
 *
 * A server entry prints exactly one line on stdout when ready:
 * `{"port": 41234, …}`; anything else it has to say goes to stderr.
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A runtime a benchmark server can run on. */
export type BenchRuntime = 'deno' | 'bun' | 'node';

/** A running benchmark server. */
export interface BenchServer {
  /** Its port on 127.0.0.1. */
  port: number;
  /** Its origin, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** The whole ready line it printed. */
  info: Record<string, unknown>;
  /** Its process ID. */
  pid: number;
  /** Its resident set size now, in bytes (from `/proc`), or `undefined` where there is none. */
  rssBytes(): number | undefined;
  /** Stops it (SIGTERM, then SIGKILL after a second) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Options of {@linkcode startBenchServer}. */
export interface StartBenchServerOptions {
  /** The runtime. */
  runtime: BenchRuntime;
  /** The entry file, relative to the repository root (a `.ts` file; bundled for Node). */
  entry: string;
  /** Arguments after the entry. */
  args?: string[];
  /** The repository root. */
  root: string;
  /** Where Node bundles go. */
  scratch: string;
  /** How long it may take to print its ready line. Default: 120 s (seeding 100k records). */
  readyTimeoutMs?: number;
}

/**
 * Starts a server and waits for its ready line.
 *
 * @param options The runtime, entry, arguments and directories.
 * @returns The running server.
 * @throws {Error} When it exits or times out before it is ready; the error carries its stderr.
 */
export async function startBenchServer(options: StartBenchServerOptions): Promise<BenchServer> {
  const { program, args } = await commandFor(options);
  const child = new Deno.Command(program, {
    args: [...args, ...(options.args ?? [])],
    cwd: options.root,
    stdin: 'null',
    stdout: 'piped',
    stderr: 'piped',
    env: { NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' },
  }).spawn();
  let stderr = '';
  const stderrDone = child.stderr.pipeThrough(new TextDecoderStream()).pipeTo(
    new WritableStream({
      write(chunk) {
        stderr = (stderr + chunk).slice(-4000);
      },
    }),
  ).catch(() => {});
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const timeout = options.readyTimeoutMs ?? 120_000;
  const timer = setTimeout(() => {
    try {
      child.kill('SIGKILL');
    } catch { /* already gone */ }
  }, timeout);
  let buffered = '';
  let info: Record<string, unknown> | undefined;
  try {
    while (info === undefined) {
      const { value, done } = await lines.read();
      if (done) break;
      buffered += value;
      const newline = buffered.indexOf('\n');
      if (newline !== -1) info = JSON.parse(buffered.slice(0, newline));
    }
  } finally {
    clearTimeout(timer);
  }
  // Keep draining stdout so the server never blocks on a full pipe.
  (async () => {
    try {
      while (!(await lines.read()).done) { /* drain */ }
    } catch { /* closed */ }
  })();
  if (info === undefined || typeof info.port !== 'number') {
    await child.status;
    await stderrDone;
    throw new Error(
      `${options.runtime} ${options.entry} exited before it was ready:\n${stderr.trim()}`,
    );
  }
  const port = info.port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    info,
    pid: child.pid,
    rssBytes: () => rssOf(child.pid),
    stop: stopper(child, child.status, stderrDone),
  };
}

/**
 * A once-only `stop` for a child process: SIGTERM, SIGKILL after a second if it is still
 * there, then waits for it to exit and for its output to be drained.
 *
 * @param child The process.
 * @param exited Resolves when it has exited (its `status`, or a promise chained on it).
 * @param drained Resolves when its output has been read to the end.
 * @returns The `stop` function; calling it again returns the same promise.
 */
export function stopper(
  child: Deno.ChildProcess,
  exited: Promise<unknown>,
  drained: Promise<unknown>,
): () => Promise<void> {
  let stopped: Promise<void> | undefined;
  const signal = (name: Deno.Signal) => {
    try {
      child.kill(name);
    } catch { /* already gone */ }
  };
  return () => {
    stopped ??= (async () => {
      signal('SIGTERM');
      const killer = setTimeout(() => signal('SIGKILL'), 1000);
      await exited;
      clearTimeout(killer);
      await drained;
    })();
    return stopped;
  };
}

/**
 * The resident set size of a process, from `/proc/<pid>/status`.
 *
 * @param pid The process.
 * @returns Bytes, or `undefined` off Linux or once it has exited.
 */
export function rssOf(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = status.match(/^VmRSS:\s+(\d+)\s+kB/m)?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

let bunPath: Promise<string> | undefined;

/**
 * The path of the Bun binary that `npx -y bun@1` installs, found once per run.
 *
 * @returns The path.
 * @throws {Error} When npx cannot provide Bun.
 */
export function bunBinary(): Promise<string> {
  bunPath ??= (async () => {
    const output = await new Deno.Command('npx', {
      args: ['-y', 'bun@1', '-e', 'console.log(process.execPath)'],
      stdin: 'null',
      stdout: 'piped',
      stderr: 'piped',
    }).output();
    const path = new TextDecoder().decode(output.stdout).trim().split('\n').at(-1) ?? '';
    if (!output.success || !existsSync(path)) {
      throw new Error(
        `npx -y bun@1 did not give a Bun binary: ${new TextDecoder().decode(output.stderr)}`,
      );
    }
    return path;
  })();
  return bunPath;
}

const bundles = new Map<string, Promise<string>>();

/**
 * Bundles a TypeScript entry for Node 20, which cannot run TypeScript: `deno bundle` with the
 * `deno` platform keeps `node:` imports as imports, which Node resolves itself. Once per run.
 *
 * @param entry The entry, relative to `root`.
 * @param dirs The repository root and the scratch directory.
 * @returns The bundle's path.
 * @throws {Error} When bundling fails.
 */
export function bundleForNode(
  entry: string,
  dirs: { root: string; scratch: string },
): Promise<string> {
  let bundle = bundles.get(entry);
  if (bundle === undefined) {
    bundle = (async () => {
      const out = join(dirs.scratch, `${entry.replaceAll('/', '_').replace(/\.ts$/, '')}.mjs`);
      const result = await new Deno.Command(Deno.execPath(), {
        args: ['bundle', '--quiet', '--platform', 'deno', '-o', out, entry],
        cwd: dirs.root,
        stdin: 'null',
        stdout: 'piped',
        stderr: 'piped',
      }).output();
      if (!result.success) {
        throw new Error(`deno bundle ${entry} failed: ${new TextDecoder().decode(result.stderr)}`);
      }
      return out;
    })();
    bundles.set(entry, bundle);
  }
  return bundle;
}

async function commandFor(
  options: StartBenchServerOptions,
): Promise<{ program: string; args: string[] }> {
  switch (options.runtime) {
    case 'deno':
      return {
        program: Deno.execPath(),
        args: [
          'run',
          '--quiet',
          '--allow-all',
          // gc() lets a server read its memory after a full collection; nothing else is tuned,
          // so the figures are those of the mock as `deno task mock` runs it.
          '--v8-flags=--expose-gc',
          options.entry,
        ],
      };
    case 'bun':
      return { program: await bunBinary(), args: [options.entry] };
    case 'node':
      return {
        program: 'node',
        args: ['--expose-gc', await bundleForNode(options.entry, options)],
      };
  }
}
