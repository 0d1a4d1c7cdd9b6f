/**
 * The mock's command line, shared by the Deno, Bun and Node entry points: read
 * the options and the seed, listen, print the banner, log requests, and stop
 * cleanly on SIGINT or SIGTERM. Each entry point passes only its runtime's way
 * to listen.
 *
 * With `--data DIR` the state is restored from DIR at start and saved there
 * (../persist/): before each change is answered, and once more on stopping.
 *
 * Exit codes: 0 after `--help` or a clean stop, 1 when the server cannot
 * listen or the last snapshot cannot be written, 2 for bad options, a bad
 * seed file, or a data directory that cannot be used (its snapshot
 * unreadable, of another version, or the directory not writable).
 *
 * @module
 */
import process from 'node:process';
import { createMockServer, mockVersion } from '../mod.ts';
import {
  type DataDir,
  DataDirError,
  openDataDir,
  type Persistence,
  persistMock,
  roolJwtSecret,
  SnapshotError,
} from '../persist/mod.ts';
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
  let data: DataDir | undefined;
  try {
    parsed = parseServeArgs(args, { env: options.env });
    if (parsed.help) {
      console.log(serveUsage);
      return 0;
    }
    const { seedFile } = parsed.options;
    seed = seedFile === undefined ? defaultSeed() : await readSeedFile(seedFile);
    const { dataDir } = parsed.options;
    if (dataDir !== undefined) data = await openDataDir(dataDir);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`roj-mock: ${error.message}\nRun with --help to see the options`);
      return 2;
    }
    if (error instanceof SeedFileError) {
      console.error(`roj-mock: Invalid seed\n${error.message}`);
      return 2;
    }
    if (error instanceof DataDirError || error instanceof SnapshotError) {
      console.error(`roj-mock: ${error.message}`);
      return 2;
    }
    throw error;
  }

  const { port, host, apiKeys, timing, limits, quiet } = parsed.options;
  const jwtSecret = data && roolJwtSecret(data);
  const mock = createMockServer({
    apiKeys,
    seed,
    timing,
    limits,
    rool: { ...roolOptions(parsed.options), ...(jwtSecret ? { jwtSecret } : {}) },
  });
  let persistence: Persistence | undefined;
  if (data && jwtSecret) {
    try {
      persistence = await persistMock(mock, data, { jwtSecret });
    } catch (error) {
      if (!(error instanceof DataDirError || error instanceof SnapshotError)) throw error;
      console.error(`roj-mock: ${error.message}`);
      return 2;
    }
  }
  const handler = persistence ? persistence.acknowledgeWhenSaved(mock.fetch) : mock.fetch;
  const fetch = quiet ? handler : withRequestLog(handler, { log: (line) => console.log(line) });
  const stopped = options.stopped ?? stopSignal();

  let server: Listening;
  try {
    server = await options.listen(fetch, { port, host });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`roj-mock: Cannot listen on ${host}:${port}: ${reason}`);
    await persistence?.close().catch(() => {});
    return 1;
  }
  const banner = formatBanner(serverOrigin(host, server.port), {
    runtime: options.runtime,
    version: mockVersion,
    apiKeys: mock.runtime.apiKeys,
    // A state restored by --data keeps the seed it was built from.
    seed: mock.runtime.state.seed,
    roolUsers: mock.rool.runtime.users,
  });
  console.log(banner.join('\n'));
  if (persistence) {
    const from = persistence.restoredFrom;
    console.log(
      `roj-mock: state kept in ${persistence.file}` +
        (from ? ` (restored from the snapshot saved at ${from})` : ' (new)'),
    );
  }

  const signal = await stopped;
  if (!quiet) console.log(`roj-mock: ${typeof signal === 'string' ? `${signal}: ` : ''}stopping`);
  // A server's close waits for every response in flight, and an event stream lasts 30 minutes:
  // end streams and bodies still arriving first, and let those answers reach the server before
  // it stops (Deno's shutdown waits for the client of a request answered after it began). The
  // second close ends what opened in between.
  mock.close();
  await new Promise((resolve) => setTimeout(resolve, 0));
  const closed = server.close();
  mock.close();
  await closed;
  if (persistence) {
    try {
      await persistence.close();
    } catch (error) {
      console.error(
        `roj-mock: Cannot write the last snapshot ${persistence.file}: ${(error as Error).message}`,
      );
      return 1;
    }
  }
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
