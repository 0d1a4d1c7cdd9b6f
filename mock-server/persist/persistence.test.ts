import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createMockServer } from '../mod.ts';
import type { Handler } from './acknowledge.ts';
import { DataDirError, openDataDir } from './data-dir.ts';
import { persistMock, roolJwtSecret } from './persistence.ts';
import { SnapshotError } from './snapshot.ts';

let scratch: string;
before(async () => scratch = await mkdtemp(join(tmpdir(), 'persistence-')));
after(() => rm(scratch, { recursive: true, force: true }));

/** Opens the directory and starts a mock kept in it, as `deno task mock --data` does. */
async function start(dir: string) {
  const data = await openDataDir(dir);
  const jwtSecret = roolJwtSecret(data);
  const mock = createMockServer({ rool: { jwtSecret, log: () => {} } });
  const persistence = await persistMock(mock, data, { jwtSecret });
  return { mock, persistence, jwtSecret, fetch: persistence.acknowledgeWhenSaved(mock.fetch) };
}

async function createInstance(fetch: Handler, name: string): Promise<Response> {
  return await fetch(
    new Request('http://mock.test/api/v1/rpc', {
      method: 'POST',
      headers: { authorization: 'Bearer roj_dev_key', 'content-type': 'application/json' },
      body: JSON.stringify({
        method: 'instances.create',
        input: { templateSlug: 'starter', name },
      }),
    }),
  );
}

describe('a mock kept in a data directory', () => {
  it('creates the directory, then restores what was acknowledged, secret included', async () => {
    const dir = join(scratch, 'nested', 'data');
    const first = await start(dir);
    assert.equal(first.persistence.restoredFrom, undefined);
    assert.equal((await createInstance(first.fetch, 'kept')).status, 200);
    // No close: the answer alone promised the change is on disk.
    const second = await start(dir);
    assert.ok(second.persistence.restoredFrom);
    assert.deepEqual([...second.mock.runtime.state.instances.values()].map((i) => i.name), [
      'kept',
    ]);
    assert.equal(second.jwtSecret, first.jwtSecret);
    await first.persistence.close();
    await second.persistence.close();
  });

  it('removes what an interrupted write left, and keeps the snapshot', async () => {
    const dir = join(scratch, 'leftover');
    const first = await start(dir);
    await createInstance(first.fetch, 'one');
    await first.persistence.close();
    await writeFile(join(dir, '.mock-state.json.4242.tmp'), '{"format":"roj-mock-st');
    const second = await start(dir);
    assert.deepEqual(await readdir(dir), ['mock-state.json']);
    assert.equal(second.mock.runtime.state.instances.size, 1);
    await second.persistence.close();
  });

  it('refuses a damaged snapshot and leaves it as it was', async () => {
    const dir = join(scratch, 'damaged');
    const first = await start(dir);
    await first.persistence.close();
    const file = join(dir, 'mock-state.json');
    const damaged = (await readFile(file, 'utf8')).slice(0, -40);
    await writeFile(file, damaged);
    await assert.rejects(start(dir), SnapshotError);
    assert.equal(await readFile(file, 'utf8'), damaged);
  });

  it('refuses a directory that is a file, or that cannot be written', async () => {
    const file = join(scratch, 'a-file');
    await writeFile(file, '');
    await assert.rejects(openDataDir(file), (error: Error) => {
      assert.ok(error instanceof DataDirError);
      assert.match(error.message, /^Cannot use the data directory .*a-file: /);
      return true;
    });
    const data = { dir: join(file, 'sub'), file: join(file, 'sub', 'mock-state.json') };
    const mock = createMockServer();
    await assert.rejects(persistMock(mock, data, { jwtSecret: 's' }), (error: Error) => {
      assert.ok(error instanceof DataDirError);
      assert.match(error.message, /^Cannot write the snapshot .*mock-state\.json: /);
      return true;
    });
  });
});
