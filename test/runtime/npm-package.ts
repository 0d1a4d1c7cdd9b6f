// The npm package as a Node user meets it: `deno task build:npm` builds it, `npm pack` packs it
// into .tmp/, and `npm install` puts the tarball into a fresh scratch project (.tmp/npm-scratch/).
// There, under Node (`node`, 20 or later):
//
// - an ES module imports `@roj/sdk`, `@roj/sdk/roj`, `@roj/sdk/rool` and `@roj/sdk/mock`, and its
//   Roj and Rool clients call the in-process mock;
// - `roj mock --port 0` serves the mock, prints its URL, and the same clients call it over HTTP;
//   `npx roj conformance` finds it conforms (exit 0); SIGTERM stops it cleanly (exit 0);
// - tsc type-checks a module that imports every export path, against the package's declarations
//   (without `skipLibCheck`, so they must hold up for a consumer without @types/node);
// - `roj --version`, a missing and an unknown command answer as `roj --help` says.
//
// The mock runs as `node node_modules/.bin/roj`, which is what `npx roj` runs: npm does not pass
// SIGTERM on to it, so `npx roj mock` would outlive the test's stop.
//
// Run by the `npm-package` stage of scripts/test.ts; the name avoids the `*.test.*` globs.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  type MockProcess,
  type ProcessResult,
  runProcess,
  startMockProcess,
} from '../helpers/mock-process.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tmp = join(root, '.tmp');
const scratch = join(tmp, 'npm-scratch');
const fixtures = fileURLToPath(new URL('./npm-package/', import.meta.url));
const version: string = JSON.parse(readFileSync(join(root, 'deno.json'), 'utf8')).version;

/** What the consumer's tsc checks: Node's module resolution, so `exports` decides. */
const tsconfig = {
  compilerOptions: {
    target: 'es2022',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    lib: ['es2022', 'dom', 'dom.iterable'],
    types: [],
    strict: true,
    noEmit: true,
    skipLibCheck: false,
  },
  files: ['consumer.mts'],
};

/** What test/runtime/npm-package/client.mjs prints. */
interface ClientReport {
  node: string;
  instance: { id: string; name: string };
  missing: { sameClass: boolean; type: string; status: number };
  rool: { signedIn: boolean; user: string | undefined; spaces: string[] };
}

async function run(command: string, args: readonly string[], cwd = scratch) {
  const result = await runProcess(command, args, { cwd });
  return { ...result, describe: () => describeRun(command, args, result) };
}

function describeRun(command: string, args: readonly string[], result: ProcessResult): string {
  return `${command} ${args.join(' ')} exited ${result.code}:\n${result.output}`;
}

async function succeed(command: string, args: readonly string[], cwd = scratch) {
  const result = await run(command, args, cwd);
  assert.equal(result.code, 0, result.describe());
  return result;
}

/** Runs the client module in Node, against `url` or, without it, the in-process mock. */
async function runClient(url?: string): Promise<ClientReport> {
  const result = await succeed('node', ['client.mjs', ...(url ? [url] : [])]);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!);
}

function assertClientWorked(report: ClientReport): void {
  assert.ok(Number(report.node.split('.')[0]) >= 20, `Node ${report.node} is older than 20`);
  assert.equal(report.instance.name, 'from-node');
  assert.match(report.instance.id, /^ins_/);
  assert.deepEqual(report.missing, { sameClass: true, type: 'not_found', status: 404 });
  assert.deepEqual(report.rool, { signedIn: true, user: 'Alice', spaces: ['From Node'] });
}

/** What `npm pack --json` says of the tarball. */
interface Tarball {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string }[];
}

describe('the npm package, packed and installed into a scratch project', () => {
  let tarball: Tarball;
  let typeCheck: ReturnType<typeof run> | undefined;
  before(async () => {
    await succeed(process.execPath, ['task', '--quiet', 'build:npm', '--quiet'], root);
    const packed = await succeed('npm', [
      'pack',
      './dist/npm',
      '--pack-destination',
      tmp,
      '--json',
    ], root);
    [tarball] = JSON.parse(packed.stdout) as [Tarball];
    const { filename } = tarball;
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(scratch, { recursive: true });
    await succeed('npm', ['init', '-y']);
    await succeed('npm', [
      'install',
      join(tmp, filename),
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
    ]);
    for (const file of ['client.mjs', 'consumer.mts']) {
      copyFileSync(join(fixtures, file), join(scratch, file));
    }
    writeFileSync(join(scratch, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
    // tsc takes a core for several seconds: it runs while the mock's tests wait on sockets.
    typeCheck = run('node', [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.']);
  });
  // Whatever failed, tsc ends before the test does.
  after(async () => {
    await typeCheck;
  });

  test('the tarball has the JavaScript, declarations, README and LICENSE, and no test', () => {
    const paths = tarball.files.map((file) => file.path);
    const installed = JSON.parse(
      readFileSync(join(scratch, 'node_modules/@roj/sdk/package.json'), 'utf8'),
    );
    const exported = Object.values(installed.exports as Record<string, Record<string, string>>)
      .flatMap((entry) => [entry.types, entry.default].map((path) => path.replace(/^\.\//, '')));
    for (const path of ['package.json', 'README.md', 'LICENSE', 'npm/bin.js', ...exported]) {
      assert.ok(paths.includes(path), `${path} is not in the tarball`);
    }
    const strays = paths.filter((path) =>
      /\.test\.|(^|\/)test\/|(?<!\.d)\.ts$/.test(path) || path.startsWith('.')
    );
    assert.deepEqual(strays, []);
    // ./codegen, which Node 20 cannot run, is left out (see npm/build.ts), and nothing else.
    assert.deepEqual(Object.keys(installed.exports), [
      '.',
      './rpc',
      './rpc/validator-runtime',
      './roj',
      './rool',
      './rool/node',
      './mock',
      './conformance',
    ]);
    assert.ok(tarball.size < 2_000_000, `The tarball is ${tarball.size} bytes`);
  });

  test('Node imports it, and the Roj and Rool clients call the in-process mock', async () => {
    assertClientWorked(await runClient());
  });

  describe('roj mock --port 0, started from node_modules/.bin', () => {
    let mock: MockProcess | undefined;
    before(async () => {
      mock = await startMockProcess(
        'node',
        ['node_modules/.bin/roj', 'mock', '--port', '0', '--quiet'],
        { cwd: scratch, startMs: 20_000, graceMs: 5_000 },
      );
    });
    after(async () => {
      await mock?.stop();
    });

    test('serves the mock on Node, and the clients call it over HTTP', async () => {
      assert.match(
        mock!.output(),
        /^Roj mock server \S+ \(Node\) listening on http:\/\/127\.0\.0\.1:/m,
      );
      assertClientWorked(await runClient(mock!.url));
    });

    test('serves the /docs page with its Swagger UI files, from the installed dependency', async () => {
      const response = await fetch(`${mock!.url}/docs/assets/swagger-ui.css`);
      const css = await response.text();
      assert.equal(response.status, 200, css.slice(0, 500));
      assert.match(response.headers.get('content-type') ?? '', /^text\/css/);
      assert.ok(css.length > 1000, `${css.length} bytes of CSS`);
    });

    test('npx roj conformance finds that it conforms (exit 0)', async () => {
      const result = await succeed('npx', [
        'roj',
        'conformance',
        '--target',
        mock!.url,
        '--api-key',
        'roj_dev_key',
        '--runs',
        '5',
        '--seed',
        '9',
      ]);
      assert.match(result.stdout, /^The target conforms: 5 runs, \d+ commands/m);
    });

    test('SIGTERM stops it cleanly (exit 0)', async () => {
      const exit = await mock!.stop();
      assert.deepEqual(exit, { code: 0, signal: null }, mock!.output());
      mock = undefined;
    });
  });

  test('tsc type-checks a module using every export path against the declarations', async () => {
    assert.ok(typeCheck, 'The scratch project was not set up');
    const result = await typeCheck;
    assert.equal(result.code, 0, result.describe());
  });

  test('roj --version, roj --help and roj mock --help answer; an unknown command exits 2', async () => {
    const shown = await succeed('npx', ['roj', '--version']);
    assert.equal(shown.stdout, `roj ${version}\n`);
    const mockHelp = await succeed('npx', ['roj', 'mock', '--help']);
    assert.match(mockHelp.stdout, /--port N/);
    const help = await succeed('node', ['node_modules/.bin/roj', '--help']);
    for (const command of ['mock', 'conformance', 'codegen']) {
      assert.match(help.stdout, new RegExp(`^ {2}${command} `, 'm'));
    }
    const unknown = await run('node', ['node_modules/.bin/roj', 'serve']);
    assert.equal(unknown.code, 2, unknown.describe());
    assert.equal(
      unknown.stderr,
      'error: Unknown command serve; the commands are mock, conformance or codegen\n' +
        'hint: Run roj --help to see the commands\n',
    );
    const missing = await run('node', ['node_modules/.bin/roj']);
    assert.equal(missing.code, 2, missing.describe());
    assert.match(missing.stderr, /^error: Missing command: the commands are mock, conformance/);
  });
});
