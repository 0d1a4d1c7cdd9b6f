/**
 * The mock's command line, shared by the Deno, Bun and Node entry points: read
 * the options and the seed, listen, print the banner, log requests, and stop
 * cleanly on SIGINT or SIGTERM. Each entry point passes only its runtime's way
 * to listen.
 *
 * With `--data DIR` the state is restored from DIR at start and saved there
 * (../persist/): before each change is answered, and once more on stopping.
 *
 * Exit codes (docs/cli.md): 0 after `--help`, `--version` or a clean stop; 1
 * when the last snapshot cannot be written at shutdown; 2 for bad options, a
 * bad seed file, a data directory that cannot be used (its snapshot
 * unreadable, of another version, or the directory not writable), or a port
 * that cannot be bound. Errors print as `error:` and `hint:` lines
 * (../../cli/error-output.ts), with the cause and stack under `--verbose`, and
 * never an API key or token given on the command line.
 *
 * @module
 */
import process from 'node:process';
import { CliError } from '../../cli/errors.ts';
import { writeCliError } from '../../cli/error-output.ts';
import { ExitCode } from '../../cli/exit-codes.ts';
import { processIo, type TerminalIo } from '../../cli/io.ts';
import { hasFlag, secretValues } from '../../cli/raw-args.ts';
import { versionLine } from '../../cli/version.ts';
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
import { roolOptions, type ServeEnv, type ServeOptions } from './options.ts';
import { type FetchHandler, withRequestLog } from './request-log.ts';
import { readSeedFile, SeedFileError } from './seed-file.ts';

/** The name the mock gives itself in `--version` and in its log lines. */
export const mockCommand = 'roj-mock';

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
  /**
   * Where the banner, the request log and errors go, and whether stderr is a terminal (for
   * colour). Default: the process's streams.
   */
  io?: TerminalIo;
}

/**
 * Runs the mock until it is asked to stop.
 *
 * @param args The command-line arguments, without the program and script.
 * @param options The runtime's `listen`, its name, and where options, output and the stop come
 * from.
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
  const io = options.io ?? processIo();
  const print = (line: string) => io.stdout(`${line}\n`);
  let verbose = hasFlag(args, '--verbose');
  const fail = (error: unknown) =>
    writeCliError(io, error, { verbose, secrets: secretsOf(args, options.env) });

  let parsed;
  let seed: MockSeed;
  let data: DataDir | undefined;
  try {
    parsed = parseServeArgs(args, { env: options.env });
    if (parsed.action === 'help') {
      print(serveUsage);
      return ExitCode.ok;
    }
    if (parsed.action === 'version') {
      print(versionLine(mockCommand));
      return ExitCode.ok;
    }
    verbose = parsed.verbose;
    const { seedFile, dataDir } = parsed.options;
    seed = seedFile === undefined ? defaultSeed() : await readSeedFile(seedFile);
    if (dataDir !== undefined) data = await openDataDir(dataDir);
  } catch (error) {
    return fail(asCliError(error));
  }

  const { port, host, apiKeys, timing, limits, quiet } = parsed.options;
  const jwtSecret = data && roolJwtSecret(data);
  const mock = createMockServer({
    apiKeys,
    seed,
    timing,
    limits,
    rool: {
      ...roolOptions(parsed.options, { log: print }),
      ...(jwtSecret ? { jwtSecret } : {}),
    },
  });
  let persistence: Persistence | undefined;
  if (data && jwtSecret) {
    try {
      persistence = await persistMock(mock, data, { jwtSecret });
    } catch (error) {
      return fail(asCliError(error));
    }
  }
  const handler = persistence ? persistence.acknowledgeWhenSaved(mock.fetch) : mock.fetch;
  const fetch = quiet ? handler : withRequestLog(handler, { log: print });
  const stopped = options.stopped ?? stopSignal();

  let server: Listening;
  try {
    server = await options.listen(fetch, { port, host });
  } catch (error) {
    await persistence?.close().catch(() => {});
    return fail(listenError(parsed.options, error));
  }
  const banner = formatBanner(serverOrigin(host, server.port), {
    runtime: options.runtime,
    version: mockVersion,
    apiKeys: mock.runtime.apiKeys,
    // A state restored by --data keeps the seed it was built from.
    seed: mock.runtime.state.seed,
    roolUsers: mock.rool.runtime.users,
  });
  print(banner.join('\n'));
  if (persistence) {
    const from = persistence.restoredFrom;
    print(
      `${mockCommand}: state kept in ${persistence.file}` +
        (from ? ` (restored from the snapshot saved at ${from})` : ' (new)'),
    );
  }

  const signal = await stopped;
  if (!quiet) print(`${mockCommand}: ${typeof signal === 'string' ? `${signal}: ` : ''}stopping`);
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
      return fail(
        new CliError(`Cannot write the last snapshot ${persistence.file}`, {
          hint: 'Changes since the last saved snapshot are lost; check the disk and the ' +
            "directory's permissions",
          exitCode: ExitCode.failed,
          cause: error,
        }),
      );
    }
  }
  return ExitCode.ok;
}

/** The secrets the mock was given, to keep out of error output: API keys and users' tokens. */
function secretsOf(args: readonly string[], env: ServeEnv | undefined): string[] {
  const fromEnv = (name: string) => typeof env?.[name] === 'string' ? String(env[name]) : '';
  return [
    ...secretValues(args, ['--api-key'], { split: { '--user': ':' } }),
    ...fromEnv('ROJ_MOCK_API_KEYS').split(',').map((key) => key.trim()),
    ...fromEnv('ROOL_MOCK_USERS').split(',').map((spec) => spec.split(':').slice(1).join(':')),
  ];
}

/** What went wrong before listening, as a command-line error with a hint; bugs pass through. */
function asCliError(error: unknown): unknown {
  if (error instanceof CliError) return error;
  if (error instanceof SeedFileError) {
    const n = error.issues.length;
    return new CliError(
      n > 0 ? `The seed file ${error.file} has ${n} problem${n === 1 ? '' : 's'}` : 'Invalid seed',
      {
        details: error.message.split('\n'),
        hint: 'Fix the seed file: templates, bundles and presets as mock-server/roj/seed.ts ' +
          'describes them, or leave out --seed for the default',
        cause: error,
      },
    );
  }
  if (error instanceof DataDirError || error instanceof SnapshotError) {
    return new CliError(error.message, {
      hint: error instanceof SnapshotError
        ? 'Move the snapshot aside to start afresh, or point --data at another directory'
        : 'Point --data at a directory this user can create and write',
      cause: error,
    });
  }
  return error;
}

function listenError(options: ServeOptions, error: unknown): CliError {
  const { host, port } = options;
  const reason = error instanceof Error ? error.message : String(error);
  const inUse = /in use|EADDRINUSE/i.test(reason) ||
    (error as { code?: unknown }).code === 'EADDRINUSE';
  return new CliError(`Cannot listen on ${host}:${port}: ${reason.replace(/\.$/, '')}`, {
    hint: inUse
      ? `Another program uses port ${port}: stop it, or pick another with --port (0 for a free one)`
      : `Check --host (an address of this machine) and --port (0 for a free one)`,
    cause: error,
  });
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
