import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { mockVersion } from '../mock-server/mod.ts';
import { packageVersion, versionLine } from './version.ts';

describe('the version', () => {
  const config = JSON.parse(readFileSync(new URL('../deno.json', import.meta.url), 'utf8'));

  test('every copy agrees with deno.json, the source of truth', () => {
    assert.match(config.version, /^\d+\.\d+\.\d+/);
    assert.equal(packageVersion, config.version, 'cli/version.ts');
    assert.equal(mockVersion, config.version, 'mockVersion, which /health reports');
  });

  test('--version prints the command and the version', () => {
    assert.equal(versionLine('roj-bench'), `roj-bench ${config.version}`);
  });
});
