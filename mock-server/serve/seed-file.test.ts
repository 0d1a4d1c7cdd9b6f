import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { defaultSeed } from '../roj/seed.ts';
import { parseSeed, readSeedFile, SeedFileError } from './seed-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'roj-seed-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('readSeedFile', () => {
  test('reads a valid seed', async () => {
    const file = write('ok.json', JSON.stringify(defaultSeed()));
    assert.deepEqual(await readSeedFile(file), defaultSeed());
  });

  test('names the file, the JSON Pointer and the problem, one line per problem', async () => {
    const seed = defaultSeed();
    seed.templates[0]!.bundleSlug = 'nope';
    seed.presets[0]!.services[0]!.port = 0;
    const file = write('bad.json', JSON.stringify(seed));
    await assert.rejects(readSeedFile(file), (error) => {
      assert.ok(error instanceof SeedFileError);
      assert.equal(error.file, file);
      const lines = error.message.split('\n');
      assert.equal(lines.length, 1, 'Shape errors are reported before cross-references');
      assert.match(
        lines[0]!,
        new RegExp(`^${file.replaceAll('\\', '\\\\')}: /presets/0/services/0/port: `),
      );
      return true;
    });
    seed.presets[0]!.services[0]!.port = 3000;
    seed.templates.push({ slug: 'starter', name: 'Again', bundleSlug: 'starter' });
    write('bad.json', JSON.stringify(seed));
    await assert.rejects(readSeedFile(file), {
      message: `${file}: /templates/0/bundleSlug: No bundle has slug "nope"\n` +
        `${file}: /templates/1/slug: Duplicate template slug "starter" (also at /templates/0/slug)`,
    });
  });

  test('a file that is not JSON', async () => {
    const file = write('broken.json', '{"templates": [');
    await assert.rejects(readSeedFile(file), (error) => {
      assert.ok(error instanceof SeedFileError);
      assert.match(error.message, new RegExp(`^${file}: Not valid JSON: `));
      return true;
    });
  });

  test('a missing file', async () => {
    const file = join(dir, 'absent.json');
    await assert.rejects(readSeedFile(file), {
      message: `${file}: Cannot read the file: No such file`,
    });
  });

  test('a whole-document problem is reported at /', () => {
    assert.throws(() => parseSeed('[]', 's.json'), { message: 's.json: /: Expected object' });
  });
});
