// litmus, the WebDAV server test suite (Debian's `litmus` package), against the Rool mock's
// WebDAV: it starts `deno task mock` on a free port, creates a space for alice over RPC, and runs
// the five groups (basic, copymove, props, locks, http) against the space's `/rool-drive/`,
// authenticating with Basic credentials whose password is alice's token. Every group must pass
// with no warning (docs/rool-webdav.md). litmus writes a debug.log, so it runs in a temporary
// directory.
//
// Run by the `webdav-litmus` stage of scripts/test.ts; the name avoids the `*.test.*` globs.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runProcess, startMockProcess } from '../helpers/mock-process.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const litmus = '/usr/bin/litmus';
const groups = ['basic', 'copymove', 'props', 'locks', 'http'];
const token = 'rool_alice_token';

test('litmus passes every group against the mock WebDAV', async () => {
  assert.ok(
    existsSync(litmus),
    `litmus is missing at ${litmus}: install it with \`apt-get install -y litmus\` (.ci/run does)`,
  );
  const mock = await startMockProcess(Deno.execPath(), ['task', '--quiet', 'mock', '--port', '0'], {
    cwd: root,
  });
  const work = mkdtempSync(join(tmpdir(), 'rool-litmus-'));
  try {
    const created = await fetch(`${mock.url}/rool/v1/rpc`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'spaces.create', input: { name: 'Litmus' } }),
    });
    const answer = await created.json();
    assert.equal(created.status, 200, JSON.stringify(answer));
    assert.equal(answer.ok, true, JSON.stringify(answer));
    const url = `${mock.url}/rool/v1/spaces/${answer.value.id}/dav/rool-drive/`;
    const { code, output } = await runProcess(litmus, [url, 'alice', token], {
      cwd: work,
      env: { TESTS: groups.join(' ') },
    });
    // litmus colours its output on a terminal only; strip any escape codes all the same.
    const text = output.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');
    // The per-group summaries go to the log, so a run shows how many tests each group ran.
    console.log(text.split('\n').filter((line) => /^<- summary/.test(line)).join('\n'));
    const failures = text.split('\n').filter((line) => /\bFAIL\b/.test(line));
    assert.deepEqual(failures, [], `litmus failed:\n${text}\n${mock.output()}`);
    const warnings = text.split('\n').filter((line) => /WARNING/.test(line));
    assert.deepEqual(warnings, [], `litmus warned:\n${text}`);
    for (const group of groups) {
      assert.match(
        text,
        new RegExp(`summary for \`${group}': of \\d+ tests run: \\d+ passed, 0 failed`),
        `litmus group ${group} did not pass:\n${text}`,
      );
    }
    assert.equal(code, 0, `litmus exited with ${code}:\n${text}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
    await mock.stop();
  }
});
