/**
 * The stages of `deno task test`, in the order they run. Each stage is one or more commands
 * run as subprocesses from the repository root; a stage fails at its first failing command.
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listTypeScriptFiles } from './source-files.ts';

/** One command of a stage. */
export interface Step {
  /** The program and its arguments. */
  cmd: string[];
  /** What to print instead of `cmd`, when `cmd` is long (e.g. a list of files). */
  display?: string;
}

/** What stages need to know to build their commands. */
export interface StageContext {
  /** The repository root: every command runs here. */
  root: string;
  /** The Deno binary running the test script (`Deno.execPath()`), so every stage uses it. */
  deno: string;
}

/** A stage of the pipeline. */
export interface Stage {
  /** The name `--only` and `--skip` use. */
  name: string;
  /** One line on what it proves. */
  summary: string;
  /**
   * Runs at the same time as the stages next to it that are concurrent too. For stages that
   * mostly wait (on sockets, timers, subprocesses): two of them share the two cores of a CI
   * machine well. The output of all but the first is printed as one block once the group ends.
   */
  concurrent?: boolean;
  /**
   * Builds the commands, at the time the stage runs.
   *
   * @throws {Error} When the stage cannot run at all; the stage then fails with the message.
   */
  steps(context: StageContext): Promise<Step[]>;
}

/** Folders and files that `deno check` covers. */
const checkedRoots = [
  'mod.ts',
  'src',
  'cli',
  'codegen',
  'mock-server',
  'conformance',
  'npm',
  'scripts',
  'test',
] as const;

/**
 * Left out of `check`: a published client kept verbatim as a compatibility fixture. It uses
 * extensionless imports, which Deno does not resolve, and its own test checks it.
 */
const uncheckedPaths = ['test/fixtures/roj-client-0.0.2'] as const;

/** Bundles for Node and workerd, which cannot run TypeScript; .tmp/ is gitignored. */
const clientBundle = '.tmp/runtime/mod.js';
const workerBundle = '.tmp/runtime/worker.js';

/** The browser app of the `browser-login` stage, bundled with the Rool SDK. */
const browserAppBundle = '.tmp/runtime/browser-app.js';
/** The Roj client for the page of the `browser-docs` stage, which imports it as a module. */
const rojBrowserBundle = '.tmp/runtime/roj-browser.js';
/** Debian's Chromium, which the `browser-login` stage drives; CI's .ci/run installs it. */
const chromiumPath = '/usr/bin/chromium';

/** The mock's Node and Workers entry points, bundled for the `mock-runtimes` stage. */
const mockNodeBundle = '.tmp/runtime/mock-node.js';
const mockWorkerBundle = '.tmp/runtime/mock-worker.js';

/** `deno bundle` for the neutral `browser` platform: Web APIs only, as the client promises. */
function bundle(deno: string, entry: string, output: string): Step {
  return { cmd: [deno, 'bundle', '--platform', 'browser', '-o', output, entry] };
}

/**
 * The steps that install a stage's missing program, a Debian package (never a download: not
 * a browser's own installer either): none when it is there; `apt-get` when it is missing and
 * the tests run as root, as on CI. A stage never skips for want of it.
 *
 * @throws {Error} When it is missing and cannot be installed here (not root, or no apt-get).
 */
function debianPackageSteps(path: string, name: string): Step[] {
  if (existsSync(path)) return [];
  const root = typeof Deno.uid === 'function' && Deno.uid() === 0;
  if (!root || !existsSync('/usr/bin/apt-get')) {
    throw new Error(
      `${name} is missing at ${path}: install it with \`sudo apt-get install -y ${name}\`` +
        ' (CI, running as root, installs it itself)',
    );
  }
  const apt = ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get'];
  return [
    { cmd: [...apt, 'update'] },
    { cmd: [...apt, 'install', '-y', '--no-install-recommends', name] },
  ];
}

/** Bun comes from npm like everything else here; `-y` because CI has no stdin to confirm. */
const bun = ['npx', '-y', 'bun@1'];

/**
 * Every stage, in pipeline order.
 *
 * @example List the stage names
 * ```ts
 * import assert from 'node:assert/strict';
 * import { stages } from './stages.ts';
 * assert.equal(stages[0]?.name, 'codegen');
 * ```
 */
export const stages: readonly Stage[] = [
  {
    name: 'codegen',
    summary: 'generated files match their sources (deno task codegen --check)',
    steps: ({ deno }) => Promise.resolve([{ cmd: [deno, 'task', 'codegen', '--check'] }]),
  },
  {
    name: 'check',
    summary: 'type-checks every .ts file',
    async steps({ root, deno }) {
      const files = await listTypeScriptFiles(root, {
        include: checkedRoots,
        excludeNames: ['node_modules', 'dist', '.tmp'],
        excludePaths: uncheckedPaths,
      });
      if (files.length === 0) throw new Error('No .ts files found to check');
      return [
        // node_modules/ for Bun, filled before deno-unit and bun-unit run side by side.
        { cmd: [deno, 'install'] },
        { cmd: [deno, 'check', ...files], display: `deno check <${files.length} files>` },
      ];
    },
  },
  {
    name: 'openapi-tools',
    summary:
      'Redocly lints every generated OpenAPI document clean; Prism 5 serves the Roj one and validates requests',
    steps: ({ deno }) =>
      Promise.resolve([{ cmd: [deno, 'test', '--allow-all', 'test/runtime/openapi-tools.ts'] }]),
  },
  {
    name: 'lint',
    summary: 'deno lint with the recommended and jsr rules, and deno fmt --check',
    steps: ({ deno }) =>
      Promise.resolve([{ cmd: [deno, 'lint'] }, { cmd: [deno, 'fmt', '--check'] }]),
  },
  {
    name: 'doc-lint',
    summary:
      'every export is documented (deno doc --lint, @param/@returns/@example coverage) and publishes to JSR with no slow types (deno publish --dry-run)',
    steps({ root, deno }) {
      // Every export of the package, from deno.json, so a new export cannot escape the check.
      const config = JSON.parse(readFileSync(join(root, 'deno.json'), 'utf8'));
      const modules = Object.values(config.exports as Record<string, string>);
      const missing = modules.filter((path) => !existsSync(join(root, path)));
      if (missing.length > 0) {
        throw new Error(`Exported modules do not exist: ${missing.join(', ')}`);
      }
      return Promise.resolve([
        { cmd: [deno, 'doc', '--lint', ...modules] },
        { cmd: [deno, 'run', '--allow-all', 'scripts/doc-coverage/cli.ts'] },
        // --allow-dirty: a developer runs the tests with uncommitted work; CI's clone is clean.
        { cmd: [deno, 'publish', '--dry-run', '--allow-dirty'] },
      ]);
    },
  },
  {
    name: 'deno-unit',
    summary: 'unit tests and JSDoc examples on Deno',
    concurrent: true,
    steps: ({ deno }) =>
      Promise.resolve([{ cmd: [deno, 'test', '--allow-all', '--doc', '--parallel'] }]),
  },
  {
    name: 'bun-unit',
    summary: 'the same unit tests on Bun (bunfig.toml), beside deno-unit',
    concurrent: true,
    // Bun resolves bare specifiers such as `fast-check` through node_modules/, which
    // `deno install` fills from deno.json's imports. The `check` stage has filled it already,
    // before deno-unit started; this one finds it up to date (and Deno locks node_modules/).
    steps: ({ deno }) =>
      Promise.resolve([{ cmd: [deno, 'install'] }, {
        cmd: [...bun, 'test', '--timeout', '60000'],
      }]),
  },
  {
    name: 'node-runtime',
    summary: 'the bundled client calls a loopback server under Node',
    steps: ({ deno }) =>
      Promise.resolve([
        bundle(deno, 'mod.ts', clientBundle),
        { cmd: ['node', '--test', '--test-reporter=spec', 'test/runtime/node-runtime.mjs'] },
      ]),
  },
  {
    name: 'npm-package',
    summary:
      'the npm package, packed and installed, runs on Node: clients, `roj mock`, `roj conformance`, and tsc sees its types',
    // node_modules/ has esbuild and typescript, which `deno task build:npm` runs.
    steps: ({ deno }) =>
      Promise.resolve([{ cmd: [deno, 'install'] }, {
        cmd: [deno, 'test', '--allow-all', 'test/runtime/npm-package.ts'],
      }]),
  },
  {
    name: 'workerd',
    summary: 'the client calls a loopback server from a Worker in workerd (Miniflare)',
    steps: ({ deno }) =>
      Promise.resolve([
        bundle(deno, 'test/runtime/worker.ts', workerBundle),
        { cmd: [deno, 'test', '--allow-all', 'test/runtime/workerd-runtime.ts'] },
      ]),
  },
  {
    name: 'mock-runtimes',
    summary:
      'the mock on Deno, Bun, Node and workerd passes one scenario on each, and conforms across runtimes',
    steps: ({ deno }) =>
      Promise.resolve([
        // Bun runs mock-server/serve/bun.ts as is, and finds `hono` in node_modules/.
        { cmd: [deno, 'install'] },
        // Node 20 cannot run TypeScript. `deno bundle` has no `node` platform; `deno` keeps the
        // `node:` imports of @hono/node-server as imports, which Node resolves itself.
        {
          cmd: [
            deno,
            'bundle',
            '--platform',
            'deno',
            '-o',
            mockNodeBundle,
            'mock-server/serve/node.ts',
          ],
        },
        bundle(deno, 'mock-server/serve/worker.ts', mockWorkerBundle),
        {
          cmd: [
            deno,
            'test',
            '--allow-all',
            'test/runtime/mock-runtimes.ts',
            'test/runtime/conformance-runtimes.ts',
          ],
        },
      ]),
  },
  {
    name: 'mock-clients',
    summary:
      'the published 0.0.2 client and the README examples work against `deno task mock`; the README recipes run as written',
    steps: ({ deno }) =>
      Promise.resolve([{
        cmd: [
          deno,
          'test',
          '--allow-all',
          'test/runtime/published-client.ts',
          'test/runtime/readme-examples.ts',
          'test/runtime/readme-recipes.ts',
        ],
      }]),
  },
  {
    name: 'webdav-litmus',
    summary: 'litmus (basic, copymove, props, locks, http) passes against the mock WebDAV',
    steps({ deno }) {
      return Promise.resolve([
        ...debianPackageSteps('/usr/bin/litmus', 'litmus'),
        { cmd: [deno, 'test', '--allow-all', 'test/runtime/litmus.ts'] },
      ]);
    },
  },
  {
    name: 'browser-login',
    summary:
      'a browser app signs in through the Rool login page in headless Chromium, and signs up',
    steps({ deno }) {
      return Promise.resolve([
        ...debianPackageSteps(chromiumPath, 'chromium'),
        bundle(deno, 'test/runtime/browser-app.ts', browserAppBundle),
        { cmd: [deno, 'test', '--allow-all', 'test/runtime/browser-login.ts'] },
      ]);
    },
  },
  {
    name: 'browser-events',
    summary:
      'EventSource in headless Chromium, on another origin, receives live Rool events and replays after a reconnect',
    steps({ deno }) {
      return Promise.resolve([
        ...debianPackageSteps(chromiumPath, 'chromium'),
        { cmd: [deno, 'test', '--allow-all', 'test/runtime/browser-events.ts'] },
      ]);
    },
  },
  {
    name: 'browser-docs',
    summary:
      'the mock\'s /docs page renders every operation offline and "try it" succeeds; the client on another origin calls the mock through CORS (headless Chromium)',
    steps({ deno }) {
      return Promise.resolve([
        ...debianPackageSteps(chromiumPath, 'chromium'),
        bundle(deno, 'mod.ts', rojBrowserBundle),
        {
          cmd: [
            deno,
            'test',
            '--allow-all',
            'test/runtime/docs-page.ts',
            'test/runtime/browser-client.ts',
          ],
        },
      ]);
    },
  },
  {
    name: 'conformance-cli',
    summary:
      '`deno task conformance` exits 0 against `deno task mock` (twice), 1 on a mutant, 2 when unreachable',
    steps: ({ deno }) =>
      Promise.resolve([{ cmd: [deno, 'test', '--allow-all', 'test/runtime/conformance-cli.ts'] }]),
  },
  {
    name: 'persistence',
    summary:
      '`deno task mock --data` loses no acknowledged write across SIGKILLs during writes; SIGTERM writes a last snapshot; a damaged snapshot exits 2',
    steps: ({ deno }) =>
      Promise.resolve([{ cmd: [deno, 'test', '--allow-all', 'test/runtime/persistence.ts'] }]),
  },
  {
    name: 'load',
    summary:
      '64 clients for 60 s against `deno task mock`: no error, the final state equals the acknowledged writes; 500 parallel creates; Rool If-Match PUTs: one winner, 412 for the rest',
    steps: ({ deno }) =>
      Promise.resolve([{ cmd: [deno, 'test', '--allow-all', 'test/runtime/load.ts'] }]),
  },
];

/**
 * The selected stages in pipeline order, as groups that run together: neighbouring
 * `concurrent` stages form one group, every other stage a group of its own.
 *
 * @param selected The selected stage names.
 * @returns The groups.
 *
 * @example The unit suites run side by side
 * ```ts
 * import assert from 'node:assert/strict';
 * import { stageGroups } from './stages.ts';
 * assert.deepEqual(stageGroups(['lint', 'bun-unit', 'deno-unit']), [
 *   ['lint'],
 *   ['deno-unit', 'bun-unit'],
 * ]);
 * ```
 */
export function stageGroups(selected: readonly string[]): string[][] {
  const groups: string[][] = [];
  let previous: Stage | undefined;
  for (const stage of stages) {
    if (!selected.includes(stage.name)) continue;
    if (stage.concurrent && previous?.concurrent) groups.at(-1)!.push(stage.name);
    else groups.push([stage.name]);
    previous = stage;
  }
  return groups;
}
