// The README's recipes, run as a user would run them. Each recipe's blocks follow a
// `<!-- readme-recipe: NAME -->` marker in README.md, and this test takes them as written:
//
// - `mock-in-tests`: the test file is saved into a scratch project in .tmp/ and run there with
//   `deno test`; the project's deno.json maps `@roj/sdk` and its subpaths to this checkout, as
//   `deno add jsr:@roj/sdk` would map them to the published package;
// - `codegen`: the registry module, the codegen config and the client module are saved into a
//   scratch project whose import map sends `@roj/sdk` to this checkout served over HTTP on
//   127.0.0.1, as JSR would serve the published package (so codegen runs from URLs, as it does
//   from JSR); the recipe's `deno run -A jsr:@roj/sdk/codegen/cli` commands run with that origin
//   in place of `jsr:@roj/sdk`, and the client module is type-checked and run;
// - `conformance-ci`: the GitHub Actions workflow's conformance step is run as its shell would
//   run it, against a mock served on 127.0.0.1, its `env` filled with that mock's address and
//   key, and `jsr:@roj/sdk` served from this checkout; `--runs 3` is the one addition, to
//   keep it short. The JUnit file it names must be written.
//
// So the recipes cannot drift from the package. Run by the `mock-clients` stage of
// scripts/test.ts; the name avoids the `*.test.*` globs.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, test } from 'node:test';
import { createMockServer } from '../../mock-server/mod.ts';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const scratch = join(root, '.tmp', 'readme-recipes');
/** This package's deno.json: its exports and its npm imports. */
const denoConfig = JSON.parse(readFileSync(join(root, 'deno.json'), 'utf8')) as {
  exports: Record<string, string>;
  imports: Record<string, string>;
};

/** A fenced code block: its info string and its text. */
interface Block {
  info: string;
  code: string;
}

/** The fenced blocks after `<!-- readme-recipe: NAME -->`, up to the next heading. */
function recipe(name: string): Block[] {
  const marker = `<!-- readme-recipe: ${name} -->`;
  const at = readme.indexOf(marker);
  assert.ok(at >= 0, `README.md has no ${marker}`);
  assert.equal(readme.indexOf(marker, at + 1), -1, `README.md has ${marker} twice`);
  const next = readme.slice(at).search(/^#{1,4} /m);
  const section = next < 0 ? readme.slice(at) : readme.slice(at, at + next);
  return [...section.matchAll(/^```([^\n]*)\n([\s\S]*?)^```$/gm)].map((match) => ({
    info: match[1]!.trim(),
    code: match[2]!,
  }));
}

/** The block whose info string names `file` (```ts title="api.ts"). */
function file(blocks: Block[], name: string): string {
  const block = blocks.find((b) => b.info.includes(`title="${name}"`));
  assert.ok(block, `the recipe has a block titled ${name}`);
  return block.code;
}

/**
 * A scratch project in .tmp/readme-recipes/NAME: a deno.json that maps every export of this
 * package (`@roj/sdk`, `@roj/sdk/mock`, …) to this checkout (or to `origin`, where it is
 * served), with the package's own npm imports.
 */
function scratchProject(name: string, origin = `file://${root}/`): string {
  const dir = join(scratch, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const imports: Record<string, string> = { ...denoConfig.imports };
  for (const [subpath, target] of Object.entries(denoConfig.exports)) {
    imports[`@roj/sdk${subpath.slice(1)}`] = new URL(target, origin).href;
  }
  writeFileSync(join(dir, 'deno.json'), JSON.stringify({ imports, nodeModulesDir: 'none' }));
  return dir;
}

async function run(
  cmd: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<string> {
  // Asynchronous: the checkout's server runs in this process, and must answer meanwhile.
  const result = await new Deno.Command(cmd, {
    args,
    cwd,
    stdin: 'null',
    stdout: 'piped',
    stderr: 'piped',
    env: { NO_COLOR: '1', ...env },
    signal: AbortSignal.timeout(120_000),
  }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  const output = `${decode(result.stdout)}\n${decode(result.stderr)}`;
  assert.equal(result.code, 0, `${cmd} ${args.join(' ')} failed:\n${output}`);
  return decode(result.stdout);
}

/** The file an export path of this package is (deno.json `exports`), e.g. `codegen/cli.ts`. */
function exportedFile(subpath: string): string {
  const file = denoConfig.exports[`./${subpath}`];
  assert.ok(file, `deno.json exports ./${subpath}`);
  return file.replace(/^\.\//, '');
}

describe('README.md recipes', () => {
  test('mocking in tests: the test file passes as written', async () => {
    const dir = scratchProject('mock-in-tests');
    writeFileSync(
      join(dir, 'instances.test.ts'),
      file(recipe('mock-in-tests'), 'instances.test.ts'),
    );
    const output = await run(Deno.execPath(), ['test', '--allow-all', 'instances.test.ts'], dir);
    assert.match(output, /ok \| [1-9]\d* passed[^|]*\| 0 failed/);
  });

  test('generating bindings: the recipe generates, checks and runs as written', async () => {
    const blocks = recipe('codegen');
    const served = serveCheckout();
    try {
      const dir = scratchProject('codegen', served.origin);
      for (const name of ['users/api.ts', 'codegen.config.ts', 'users/client.ts']) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), file(blocks, name));
      }
      const commands = blocks.find((b) => b.info === 'sh')!.code.split('\n')
        .map((line) => line.replace(/#.*$/, '').trim()).filter(Boolean);
      assert.deepEqual(commands, [
        'deno run -A --config deno.json jsr:@roj/sdk/codegen/cli',
        'deno run -A --config deno.json jsr:@roj/sdk/codegen/cli --check',
      ]);
      for (const command of commands) {
        const args = command.split(' ').slice(1).map((arg) =>
          arg.startsWith('jsr:@roj/sdk/')
            ? new URL(exportedFile(arg.slice('jsr:@roj/sdk/'.length)), served.origin).href
            : arg
        );
        await run(Deno.execPath(), args, dir);
      }
      assert.ok(existsSync(join(dir, 'users/_generated/bindings.ts')), 'bindings written');
      const generated = readFileSync(join(dir, 'users/_generated/validators.ts'), 'utf8');
      assert.match(generated, /from '@roj\/sdk\/rpc\/validator-runtime'/);
      const output = await run(Deno.execPath(), ['run', '--check', '-A', 'users/client.ts'], dir);
      assert.equal(output.trim(), '/userId');
    } finally {
      await served.close();
    }
  });

  test('conformance in CI: the workflow step passes against a mock', async () => {
    const workflow = file(recipe('conformance-ci'), '.github/workflows/conformance.yml');
    const step = /^ {6}- name: Staging behaves like the mock\n((?: {8}.*\n)+)/m.exec(workflow);
    assert.ok(step, 'the workflow has the conformance step');
    const env = Object.fromEntries(
      [...step[1]!.matchAll(/^ {10}(\w+): \$\{\{ (?:vars|secrets)\.\w+ \}\}$/gm)].map((
        m,
      ) => [m[1]!, '']),
    );
    assert.deepEqual(Object.keys(env), ['ROJ_URL', 'ROJ_API_KEY']);
    const command = /^ {8}run: (.+)$/m.exec(step[1]!)?.[1];
    assert.ok(command?.startsWith('deno run -A jsr:@roj/sdk/conformance/cli '), command);
    const runLine: string = command!;
    const checkout = serveCheckout();
    const mock = createMockServer();
    const server = Deno.serve(
      { hostname: '127.0.0.1', port: 0, onListen() {} },
      (request) => mock.fetch(request),
    );
    const dir = join(scratch, 'conformance-ci');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    try {
      const url = new URL(exportedFile('conformance/cli'), checkout.origin).href;
      await run(
        'bash',
        ['-c', `${runLine.replace('jsr:@roj/sdk/conformance/cli', url)} --runs 3`],
        dir,
        {
          DENO_BIN: Deno.execPath(),
          PATH: `${dirname(Deno.execPath())}:${Deno.env.get('PATH')}`,
          ROJ_URL: `http://127.0.0.1:${server.addr.port}`,
          ROJ_API_KEY: 'roj_dev_key',
        },
      );
      assert.match(
        readFileSync(join(dir, 'conformance.xml'), 'utf8'),
        /<testsuite[\s\S]*failures="0"/,
      );
    } finally {
      mock.close();
      await server.shutdown();
      await checkout.close();
    }
  });
});

/**
 * This checkout's files over HTTP on 127.0.0.1, read-only, as JSR serves a published package:
 * bare specifiers (`ts-morph`, `hono/cors`) rewritten to what deno.json's import map says
 * (`npm:ts-morph@^28.0.0`), which `deno publish` does for JSR.
 */
function serveCheckout(): { origin: string; close(): Promise<void> } {
  const imports: Record<string, string> = denoConfig.imports;
  const prefixes = Object.keys(imports).filter((key) => key.endsWith('/'));
  const resolveBare = (specifier: string) => {
    if (/^(\.|\/|node:|npm:|jsr:|https?:)/.test(specifier)) return specifier;
    if (imports[specifier]) return imports[specifier];
    const prefix = prefixes.find((key) => specifier.startsWith(key));
    if (prefix) return imports[prefix] + specifier.slice(prefix.length);
    // A subpath of a mapped npm package (`ajv/dist/2020.js`), as Deno and `deno publish` expand it.
    const name = specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
    const mapped = imports[name];
    return mapped?.startsWith('npm:') ? `${mapped}${specifier.slice(name.length)}` : specifier;
  };
  const server = Deno.serve({ hostname: '127.0.0.1', port: 0, onListen() {} }, (request) => {
    const path = normalize(decodeURIComponent(new URL(request.url).pathname));
    const target = join(root, path);
    if (!target.startsWith(root) || path.includes('node_modules') || !existsSync(target)) {
      return new Response('not found', { status: 404 });
    }
    try {
      const json = target.endsWith('.json');
      const text = readFileSync(target, 'utf8');
      const body = json ? text : text.replace(
        /(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)'([^']+)'/g,
        (_, lead: string, specifier: string) => `${lead}'${resolveBare(specifier)}'`,
      );
      const type = json ? 'application/json' : 'application/typescript';
      return new Response(body, { headers: { 'content-type': `${type}; charset=utf-8` } });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
  return {
    origin: `http://127.0.0.1:${server.addr.port}/`,
    close: () => server.shutdown(),
  };
}
