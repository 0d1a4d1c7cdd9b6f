/**
 * Starts the Roj mock on each of the four runtimes — Deno, Bun, Node and
 * workerd — as a real server on 127.0.0.1 with a free port. Shared by the
 * runtime tests (`test/runtime/mock-runtimes.ts`, `conformance-runtimes.ts`).
 *
 * Node and workerd run bundles that the `mock-runtimes` stage of
 * scripts/test.ts builds first; Bun runs `mock-server/serve/bun.ts` as is and
 * finds `hono` in node_modules/ (`deno install`). Deno drives Miniflare because
 * Miniflare 4 needs Node >= 22.
 *
 * @module
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Miniflare } from 'miniflare';
import { describeExit, type MockProcess, startMockProcess } from './mock-process.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const nodeBundle = fileURLToPath(new URL('../../.tmp/runtime/mock-node.js', import.meta.url));
const workerBundle = fileURLToPath(new URL('../../.tmp/runtime/mock-worker.js', import.meta.url));

/** The runtimes the mock is started on. */
export type RuntimeName = 'Deno' | 'Bun' | 'Node' | 'workerd';

/** Every runtime, in a fixed order. */
export const runtimeNames: readonly RuntimeName[] = ['Deno', 'Bun', 'Node', 'workerd'];

/** How to start a mock; each runtime gets these by flags or by environment. */
export interface RuntimeMockOptions {
  /** The one API key the mock accepts (Bun also accepts `other_key`). */
  apiKey: string;
  /** The upload body limit in bytes. */
  uploadLimit: number;
  /** No request log (the test reads no output). Default `false`. */
  quiet?: boolean;
}

/** A started mock: where it is, and how to stop it. */
export interface StartedMock {
  /** Origin, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** What the server printed (empty for workerd, whose output Miniflare owns). */
  output(): string;
  /** Stops it; for a process, how it exited. */
  stop(): Promise<string>;
}

function fromProcess(started: MockProcess): StartedMock {
  return {
    url: started.url,
    output: started.output,
    stop: async () => describeExit(await started.stop()),
  };
}

/** Where npx keeps Bun 1: running it directly makes its exit status ours to see. */
async function bunBinary(): Promise<string> {
  const { stdout } = await promisify(execFile)('npx', ['-y', 'bun@1', '-p', 'process.execPath'], {
    cwd: root,
    encoding: 'utf8',
  });
  return stdout.trim();
}

/** The four starters, each configured partly by flags and partly by environment. */
const starters: Record<RuntimeName, (options: RuntimeMockOptions) => Promise<StartedMock>> = {
  // `deno task mock` itself, so the task's permissions are what is tested.
  Deno: async ({ apiKey, uploadLimit, quiet }) =>
    fromProcess(
      await startMockProcess(Deno.execPath(), [
        'task',
        '--quiet',
        'mock',
        '--port',
        '0',
        '--api-key',
        apiKey,
        '--max-upload',
        String(uploadLimit),
        ...(quiet ? ['--quiet'] : []),
      ], { cwd: root }),
    ),
  Bun: async ({ apiKey, uploadLimit, quiet }) =>
    fromProcess(
      await startMockProcess(await bunBinary(), ['mock-server/serve/bun.ts'], {
        cwd: root,
        env: {
          ROJ_MOCK_PORT: '0',
          ROJ_MOCK_API_KEYS: `other_key,${apiKey}`,
          ROJ_MOCK_MAX_UPLOAD: String(uploadLimit),
          ...(quiet ? { ROJ_MOCK_QUIET: '1' } : {}),
        },
      }),
    ),
  Node: async ({ apiKey, uploadLimit, quiet }) =>
    fromProcess(
      await startMockProcess('node', [
        nodeBundle,
        '--port',
        '0',
        '--api-key',
        apiKey,
        ...(quiet ? ['--quiet'] : []),
      ], {
        cwd: root,
        env: { ROJ_MOCK_MAX_UPLOAD: String(uploadLimit) },
      }),
    ),
  workerd: async ({ apiKey, uploadLimit }) => {
    const mf = new Miniflare({
      modules: true,
      scriptPath: workerBundle,
      // No compatibility flags, nodejs_compat least of all: the mock needs Web APIs only.
      compatibilityDate: '2026-07-01',
      host: '127.0.0.1',
      port: 0,
      bindings: {
        ROJ_MOCK_API_KEYS: apiKey,
        ROJ_MOCK_MAX_UPLOAD: String(uploadLimit),
        ROJ_MOCK_QUIET: '1',
      },
    });
    const url = (await mf.ready).origin;
    return { url, output: () => '', stop: async () => (await mf.dispose(), 'disposed') };
  },
};

/**
 * Throws, naming the stage to run, when the Node or workerd bundle is missing.
 */
export function assertBundlesBuilt(): void {
  for (const bundle of [nodeBundle, workerBundle]) {
    if (!existsSync(bundle)) {
      throw new Error(`${bundle} is missing: run \`deno task test --only mock-runtimes\``);
    }
  }
}

/**
 * Starts the mock on one runtime.
 *
 * @param name The runtime.
 * @param options API key, upload limit, quietness.
 * @returns The started mock.
 */
export function startRuntimeMock(
  name: RuntimeName,
  options: RuntimeMockOptions,
): Promise<StartedMock> {
  return starters[name](options);
}
