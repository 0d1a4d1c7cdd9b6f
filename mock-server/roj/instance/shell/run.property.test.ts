import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { SandboxRecord } from '../../state.ts';
import { createSandboxFs, fsCapBytes, ShellFs } from './fs.ts';
import { streamCapBytes } from './output.ts';
import { runCommandLine, type ShellResult } from './run.ts';
import { utf8Length } from './utf8.ts';

function sandbox(): SandboxRecord {
  return {
    id: 'sbx_000001',
    instanceId: 'ins_000001',
    state: 'running',
    token: 'rjs_test',
    e2bId: 'e2b_000001',
    lastActivityAt: 0,
    log: [],
    fs: createSandboxFs(),
    cwd: '/home/user',
  };
}

// Pieces of shell syntax, so random lines reach deep into the parser and the builtins.
const piece = fc.constantFrom(
  'echo',
  'echo -n',
  'ls',
  'ls -a',
  'cd',
  'cat',
  'mkdir -p',
  'mkdir',
  'touch',
  'rm -r',
  'rm',
  'env',
  'pwd',
  'exit',
  'true',
  'false',
  'nope',
  ' ',
  ' ',
  '\n',
  ';',
  '&&',
  '||',
  '&',
  '|',
  '>',
  '>>',
  "'",
  '"',
  '\\',
  '$',
  '$HOME',
  '${PWD}',
  '${',
  '}',
  '$?',
  '#',
  '~',
  '/',
  '..',
  '.',
  'a',
  'b/c',
  '-x',
  '--',
  '3',
  'é',
  '😀',
  '\ud800',
  'x'.repeat(20_000),
);
const shellish = fc.array(piece, { maxLength: 40 }).map((pieces) => pieces.join(''));
const anyLine = fc.oneof(shellish, fc.string({ unit: 'binary', maxLength: 300 }));

function assertWellFormed(result: ShellResult, line: string): void {
  const where = `for ${JSON.stringify(line.slice(0, 200))}`;
  assert.equal(typeof result.stdout, 'string', where);
  assert.equal(typeof result.stderr, 'string', where);
  assert.ok(utf8Length(result.stdout) <= streamCapBytes, `stdout over the cap ${where}`);
  assert.ok(utf8Length(result.stderr) <= streamCapBytes, `stderr over the cap ${where}`);
  assert.ok(Number.isInteger(result.exitCode), where);
  assert.ok(
    result.exitCode >= 0 && result.exitCode <= 255,
    `exit code ${result.exitCode} ${where}`,
  );
  assert.equal(result.success, result.exitCode === 0, where);
  // stderr holds whole shell messages (their text may hold line breaks); only the cap cuts one.
  if (result.stderr !== '') assert.ok(result.stderr.startsWith('sh: '), where);
  if (utf8Length(result.stderr) < streamCapBytes - 3) {
    assert.ok(result.stderr === '' || result.stderr.endsWith('\n'), where);
  }
}

describe('runCommandLine, on any input', () => {
  it('never throws, and answers within the caps', () => {
    fc.assert(
      fc.property(anyLine, (line) => {
        assertWellFormed(runCommandLine(sandbox(), line), line);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the tree within its cap and the working directory absolute, line after line', () => {
    fc.assert(
      fc.property(fc.array(anyLine, { maxLength: 15 }), (lines) => {
        const box = sandbox();
        for (const line of lines) {
          assertWellFormed(runCommandLine(box, line), line);
          assert.ok(new ShellFs(box.fs).usedBytes <= fsCapBytes);
          assert.match(box.cwd, /^\/(?:[^/]+(?:\/[^/]+)*)?$/);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('gives back any single-quoted text as it was', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const quoted = `'${text.replaceAll("'", `'\\''`)}'`;
        const result = runCommandLine(sandbox(), `echo -n x${quoted}`);
        assert.deepEqual([result.stdout, result.stderr], [`x${text}`, '']);
      }),
    );
  });

  it('gives back any double-quoted text as it was', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const quoted = `"${text.replace(/["\\$`]/g, '\\$&')}"`;
        const result = runCommandLine(sandbox(), `echo -n x${quoted}`);
        assert.deepEqual([result.stdout, result.stderr], [`x${text}`, '']);
      }),
    );
  });

  it('writes and reads back any file content', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const box = sandbox();
        const quoted = `'${text.replaceAll("'", `'\\''`)}'`;
        runCommandLine(box, `echo -n x${quoted} > f; echo -n ${quoted} >> f`);
        assert.equal(runCommandLine(box, 'cat f').stdout, `x${text}${text}`);
      }),
    );
  });
});
