// Code written against the published 0.0.2 client must compile unchanged against this SDK.
// The proof is test/fixtures/roj-client-0.0.2/compat.ts; the published files there use
// extensionless imports, which `deno check` does not resolve, so TypeScript 5 checks them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const TYPESCRIPT = 'typescript@~5.9.3';
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tsconfig = join(root, 'test', 'fixtures', 'roj-client-0.0.2', 'tsconfig.json');

/** How to run tsc here: a command, or why it cannot run. */
function tscCommand(): { command: string; args: string[] } | { skip: string } {
  if ('Deno' in globalThis) {
    return { command: process.execPath, args: ['run', '-A', `npm:${TYPESCRIPT}/tsc`] };
  }
  // Bun (or Node): no `npm:` specifiers, so use the copy `deno install` puts in node_modules.
  const tsc = join(root, 'node_modules', 'typescript', 'lib', 'tsc.js');
  const manifest = join(root, 'node_modules', 'typescript', 'package.json');
  if (!existsSync(tsc) || !existsSync(manifest)) {
    return { skip: `${TYPESCRIPT} is not in node_modules; run the Deno suite (or deno install)` };
  }
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  if (!version.startsWith('5.9.')) {
    return { skip: `node_modules has typescript ${version}, the check needs ${TYPESCRIPT}` };
  }
  return { command: process.execPath, args: [tsc] };
}

const tsc = tscCommand();

test('code written for the published 0.0.2 client type-checks against ours', {
  skip: 'skip' in tsc ? tsc.skip : false,
  timeout: 180_000,
}, () => {
  if ('skip' in tsc) return;
  const run = spawnSync(tsc.command, [...tsc.args, '-p', tsconfig, '--pretty', 'false'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  assert.ifError(run.error);
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim();
  assert.equal(run.status, 0, `tsc -p ${tsconfig} failed:\n${output}`);
});
