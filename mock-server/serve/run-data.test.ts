// `runMock` with `--data DIR`, in process: a fake `listen` hands the test the handler, and the
// test says when to stop. The real process, SIGKILL and SIGTERM are test/runtime/persistence.ts.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FetchHandler } from './request-log.ts';
import { type Listen, runMock } from './run.ts';

let scratch: string;
before(async () => scratch = await mkdtemp(join(tmpdir(), 'run-data-')));
after(() => rm(scratch, { recursive: true, force: true }));

/** Runs the mock with `args`, lets `use` call it, then stops it; returns the exit code and output. */
async function run(args: string[], use: (fetch: FetchHandler) => Promise<void> = async () => {}) {
  let output = '';
  const io = { stdout: (text: string) => output += text, stderr: (text: string) => output += text };
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => stop = resolve);
  let served: Promise<void> | undefined;
  const listen: Listen = (fetch) => {
    served = use(fetch).finally(stop);
    return Promise.resolve({ port: 1, close: () => Promise.resolve() });
  };
  const code = await runMock(['--port', '0', '--quiet', ...args], {
    listen,
    runtime: 'Test',
    stopped,
    io,
  });
  await served;
  return { code, output: output.trimEnd() };
}

async function rpc(fetch: FetchHandler, method: string, input: unknown) {
  const response = await fetch(
    new Request('http://127.0.0.1:1/api/v1/rpc', {
      method: 'POST',
      headers: { authorization: 'Bearer roj_dev_key', 'content-type': 'application/json' },
      body: JSON.stringify({ method, input }),
    }),
  );
  return await response.json();
}

describe('deno task mock --data', () => {
  it('restores at start what an earlier run changed, and says so', async () => {
    const dir = join(scratch, 'kept');
    const first = await run(['--data', dir], async (fetch) => {
      assert.ok((await rpc(fetch, 'instances.create', { templateSlug: 'starter', name: 'a' })).ok);
    });
    assert.equal(first.code, 0, first.output);
    assert.match(first.output, /roj-mock: state kept in .*mock-state\.json \(new\)/);
    let total: number | undefined;
    const second = await run(['--data', dir], async (fetch) => {
      total = (await rpc(fetch, 'instances.list', {})).value.total;
    });
    assert.equal(second.code, 0, second.output);
    assert.match(second.output, /\(restored from the snapshot saved at \d{4}-\d\d-\d\dT/);
    assert.equal(total, 1);
  });

  it('keeps nothing on disk without --data', async () => {
    const { code, output } = await run([]);
    assert.equal(code, 0);
    assert.doesNotMatch(output, /state kept/);
  });

  it('exits 2 on a snapshot it cannot read, saying why, and leaves the file alone', async () => {
    const dir = join(scratch, 'bad');
    await run(['--data', dir]);
    const file = join(dir, 'mock-state.json');
    const text = (await readFile(file, 'utf8')).replace('"version":1', '"version":0');
    await writeFile(file, text);
    const { code, output } = await run(['--data', dir], () => {
      throw new Error('It must not listen');
    });
    assert.equal(code, 2);
    assert.match(
      output,
      /^error: The snapshot .*mock-state\.json has format version 0; this mock.*\nhint: Move the snapshot aside/,
    );
    assert.equal(await readFile(file, 'utf8'), text);
  });

  it('exits 2 when the data directory cannot be created', async () => {
    const file = join(scratch, 'plain-file');
    await writeFile(file, 'x');
    const { code, output } = await run(['--data', join(file, 'dir')]);
    assert.equal(code, 2);
    assert.match(
      output,
      /^error: Cannot use the data directory .*\nhint: Point --data at a directory/,
    );
  });
});
