// The README's mock examples, run as written. Each example is the first fenced block after a
// `<!-- readme-test: NAME -->` marker in README.md, and the block after it is what it prints.
// This test starts a fresh `deno task mock` on a free port for each, changes nothing in the
// example but the port, runs it (the shell block with bash, the TypeScript blocks type-checked
// with `deno run --check` from the repository root, where their `./mod.ts` and `@roj/sdk/rool`
// imports resolve), and compares its output with the README's. So the README cannot drift from
// the mock or the clients.
//
// Run by the `mock-clients` stage of scripts/test.ts; the name avoids the `*.test.*` globs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startMockProcess } from '../helpers/mock-process.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
/** The address the README's examples use: the mock's default. */
const documentedOrigin = 'http://127.0.0.1:8787';

/** A fenced code block: its info string and its text. */
interface Block {
  info: string;
  code: string;
}

/** The example after `marker` and the block after it, which shows what it prints. */
function exampleAfter(name: string): { example: Block; output: Block } {
  const marker = `<!-- readme-test: ${name} -->`;
  const at = readme.indexOf(marker);
  assert.ok(at >= 0, `README.md has no ${marker}`);
  assert.equal(readme.indexOf(marker, at + 1), -1, `README.md has ${marker} twice`);
  const fence = /^```([^\n]*)\n([\s\S]*?)^```$/gm;
  fence.lastIndex = at;
  const blocks: Block[] = [];
  for (let match; blocks.length < 2 && (match = fence.exec(readme));) {
    blocks.push({ info: match[1]!.trim(), code: match[2]! });
  }
  assert.equal(blocks.length, 2, `README.md needs an example and its output after ${marker}`);
  return { example: blocks[0]!, output: blocks[1]! };
}

/** Runs an example against a fresh mock, with the port as the only change. */
async function runAgainstFreshMock(
  example: Block,
  run: (code: string) => { status: number | null; stdout: string; stderr: string },
): Promise<string> {
  assert.ok(example.code.includes(documentedOrigin), `The example uses ${documentedOrigin}`);
  const mock = await startMockProcess(Deno.execPath(), ['task', '--quiet', 'mock', '--port', '0'], {
    cwd: root,
  });
  try {
    const result = run(example.code.replaceAll(documentedOrigin, mock.url));
    assert.equal(result.status, 0, `The example failed:\n${result.stderr}\n${mock.output()}`);
    return result.stdout;
  } finally {
    await mock.stop();
  }
}

/** Type-checks and runs a TypeScript example from the repository root, where `./mod.ts` and `@roj/sdk/…` resolve. */
function runTypeScript(code: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(Deno.execPath(), ['run', '--check', '--allow-net=127.0.0.1', '-'], {
    cwd: root,
    input: code,
    encoding: 'utf8',
    // An example that never exits (a connection left open) fails here instead of hanging CI.
    timeout: 60_000,
    env: { ...Deno.env.toObject(), NO_COLOR: '1' },
  });
}

describe('README.md examples against `deno task mock`', () => {
  test('the curl example prints what the README says', async () => {
    const { example, output } = exampleAfter('curl');
    assert.equal(example.info, 'sh');
    const stdout = await runAgainstFreshMock(
      example,
      (code) =>
        spawnSync('bash', ['-euo', 'pipefail', '-c', code], { cwd: root, encoding: 'utf8' }),
    );
    // `deno fmt` lays out the README's JSON, so compare values rather than spacing.
    assert.equal(output.info, 'json');
    assert.deepEqual(JSON.parse(stdout), JSON.parse(output.code));
  });

  test('the client example type-checks, runs and prints what the README says', async () => {
    const { example, output } = exampleAfter('client');
    assert.match(example.info, /^ts\b/);
    const stdout = await runAgainstFreshMock(example, runTypeScript);
    assert.equal(stdout.trim(), output.code.trim());
  });

  test('the Rool quick start type-checks, runs and prints what the README says', async () => {
    const { example, output } = exampleAfter('rool-quickstart');
    assert.match(example.info, /^ts\b/);
    // The Rool README's quick start, adapted only in its import and its constructor.
    assert.match(
      example.code,
      /^import \{ RoolClient, TokenAuthProvider \} from '@roj\/sdk\/rool';$/m,
    );
    assert.match(example.code, /^void main\(\);$/m);
    const stdout = await runAgainstFreshMock(example, runTypeScript);
    const lines = stdout.trimEnd().split('\n');
    assert.equal(lines.at(-1), 'Earth', "The last line is the reloaded Earth's name");
    assert.match(lines.at(-2) ?? '', /^Modified \d+ objects$/);
    // The mock's agent is deterministic: its message describes the space the same way each run.
    assert.equal(stdout.trim(), output.code.trim());
  });

  test('the Rool files, events and archive example runs and prints what the README says', async () => {
    const { example, output } = exampleAfter('rool-files');
    assert.match(example.info, /^ts\b/);
    const stdout = await runAgainstFreshMock(example, runTypeScript);
    assert.equal(stdout.trim(), output.code.trim());
  });
});
