/**
 * The mock's command line, shared by the Deno, Bun and Node entry points: read
 * the options and the seed, listen, print the banner, log requests, and stop
 * cleanly on SIGINT or SIGTERM. Each entry point passes only its runtime's way
 * to listen.
 *
 * Exit codes: 0 after `--help` or a clean stop, 1 when the server cannot
 * listen, 2 for bad options or a bad seed file.
 *
 * @module
 */
import process from 'node:process';
import { createMockServer, mockVersion } from '../mod.ts';
import { defaultSeed, type MockSeed } from '../roj/seed.ts';
import { formatBanner, serverOrigin } from './banner.ts';
import { parseServeArgs, serveUsage } from './args.ts';
import { roolOptions, type ServeEnv, UsageError } from './options.ts';
import { type FetchHandler, withRequestLog } from './request-log.ts';
import { readSeedFile, SeedFileError } from './seed-file.ts';

/** A listening server, as a runtime adapter reports it. */
export interface Listening {
  /** The port it listens on; the real one when 0 was asked for. */
  port: number;
  /** Stops accepting connections and lets requests in flight finish. */
  close(): Promise<void>;
}

/**
 * A runtime's way to serve a handler.
 *
 * @param fetch The handler.
 * @param address The `port` (0: any free one) and `host` to bind.
 * @returns Once listening, the port and a way to stop.
 */
export type Listen = (
  fetch: FetchHandler,
  address: { port: number; host: string },
) => Promise<Listening>;

/** Options of {@linkcode runMock}. */
export interface RunMockOptions {
  /** How this runtime listens. */
  listen: Listen;
  /** The runtime's name, for the banner, e.g. `Deno`. */
  runtime: string;
  /** Environment variables to fall back on when a flag is absent. Default: none. */
  env?: ServeEnv;
  /** Resolves when the mock should stop. Default: the first SIGINT or SIGTERM. */
  stopped?: Promise<unknown>;
}

/**
 * Runs the mock until it is asked to stop.
 *
 * @param args The command-line arguments, without the program and script.
 * @param options The runtime's `listen`, its name, and where options and the stop come from.
 * @returns The exit code.
 *
 * @example Run until told to stop
 * ```ts ignore
 * import { runMock } from './run.ts';
 * import { listenOnDeno } from './deno.ts';
 * Deno.exit(await runMock(Deno.args, { listen: listenOnDeno, runtime: 'Deno' }));
 * ```
 */
export async function runMock(args: readonly string[], options: RunMockOptions): Promise<number> {
  let parsed;
  let seed: MockSeed;
  try {
    parsed = parseServeArgs(args, { env: options.env });
    if (parsed.help) {
      console.log(serveUsage);
      return 0;
    }
    const { seedFile } = parsed.options;
    seed = seedFile === undefined ? defaultSeed() : await readSeedFile(seedFile);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`roj-mock: ${error.message}\nRun with --help to see the options`);
      return 2;
    }
    if (error instanceof SeedFileError) {
      console.error(`roj-mock: Invalid seed\n${error.message}`);
      return 2;
    }
    throw error;
  }

  const { port, host, apiKeys, timing, limits, quiet } = parsed.options;
  const mock = createMockServer({
    apiKeys,
    seed,
    timing,
    limits,
    rool: roolOptions(parsed.options),
  });
  const fetch = quiet
    ? mock.fetch
    : withRequestLog(mock.fetch, { log: (line) => console.log(line) });
  const stopped = options.stopped ?? stopSignal();

  let server: Listening;
  try {
    server = await options.listen(fetch, { port, host });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`roj-mock: Cannot listen on ${host}:${port}: ${reason}`);
    return 1;
  }
  const banner = formatBanner(serverOrigin(host, server.port), {
    runtime: options.runtime,
    version: mockVersion,
    apiKeys: mock.runtime.apiKeys,
    seed,
    roolUsers: mock.rool.runtime.users,
  });
  console.log(banner.join('\n'));

  const signal = await stopped;
  if (!quiet) console.log(`roj-mock: ${typeof signal === 'string' ? `${signal}: ` : ''}stopping`);
  await server.close();
  return 0;
}

/** The first SIGINT or SIGTERM, by name. Both mean stop: Ctrl+C, or a supervisor. */
function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
