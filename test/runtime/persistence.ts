// `deno task mock --data DIR` loses nothing a client was told about, whatever moment it dies at.
//
// - Rounds: start the mock on DIR, check its state against what clients were told, let writers
//   change it (Roj creates, Rool object updates, WebDAV file creates and overwrites), and SIGKILL
//   the process group at a random moment during the writes. Every acknowledged write must be
//   there after the restart; a write in flight at the kill may be there or not, but whole; once
//   seen or not seen it stays so; nothing else appears.
// - SIGTERM stops the mock cleanly, with exit code 0, and writes a last snapshot.
// - A damaged snapshot or one of another version is refused with exit code 2 and left in place.
//
// Sizes: PERSIST_ROUNDS (default 4) rounds of PERSIST_WRITERS (default 8) writers; PERSIST_SEED
// replays the kill moments. Run by the `persistence` stage of scripts/test.ts; the name avoids
// the `*.test.*` globs.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type MockProcess, runProcess, startMockProcess } from '../helpers/mock-process.ts';
import { PersistModel, type Target } from './persistence-model.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const deno = Deno.execPath();
const rounds = Number(process.env.PERSIST_ROUNDS ?? 4);
const writers = Number(process.env.PERSIST_WRITERS ?? 8);
const seed = Number(process.env.PERSIST_SEED ?? Date.now() % 1_000_000);
const scratch = mkdtempSync(join(tmpdir(), 'roj-mock-data-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function startMock(dir: string): Promise<MockProcess> {
  return startMockProcess(deno, [
    'task',
    '--quiet',
    'mock',
    '--port',
    '0',
    '--quiet',
    '--data',
    dir,
  ], {
    cwd: root,
  });
}

/** Mulberry32: the kill moments, reproducible from the seed. */
function random(state: number): () => number {
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`deno task mock --data (PERSIST_SEED=${seed})`, () => {
  test(`${rounds} SIGKILLs during writes lose no acknowledged write`, async () => {
    const dir = join(scratch, 'crash');
    const model = new PersistModel();
    const next = random(seed);
    for (let round = 0; round <= rounds; round++) {
      const mock = await startMock(dir);
      const target: Target = { url: mock.url };
      try {
        await model.check(target, `after ${round} kills (PERSIST_SEED=${seed})`);
        if (round === rounds) break;
        if (round === 0) await model.createSpace(target);
        const stop = { now: false };
        const loops = Array.from({ length: writers }, (_, w) => model.write(target, w, stop));
        // Long enough for each writer to be acknowledged a few times, then any moment.
        await sleep(150 + Math.floor(next() * 600));
        await mock.kill();
        stop.now = true;
        await Promise.all(loops);
      } finally {
        await mock.stop();
      }
    }
    const { acknowledged, inFlight, kept, lost } = model.figures();
    console.log(
      `persistence: ${rounds} SIGKILLs, ${acknowledged} acknowledged writes, ${lost} lost; ` +
        `${inFlight} in flight at a kill, ${kept} of them kept whole, the rest absent`,
    );
    assert.equal(lost, 0);
    assert.ok(acknowledged >= rounds * writers, `only ${acknowledged} writes were acknowledged`);
  });

  test('SIGTERM exits 0 after writing a last snapshot, which a restart serves', async () => {
    const dir = join(scratch, 'sigterm');
    const model = new PersistModel();
    let mock = await startMock(dir);
    await model.createSpace({ url: mock.url });
    await model.write({ url: mock.url }, 0, { now: false }, 5);
    const savedAt = () => JSON.parse(readFileSync(join(dir, 'mock-state.json'), 'utf8')).savedAt;
    const before = savedAt();
    await sleep(5);
    const exit = await mock.stop('SIGTERM');
    assert.deepEqual(exit, { code: 0, signal: null }, mock.output());
    assert.ok(savedAt() > before, `the last snapshot (${savedAt()}) is from before the stop`);
    mock = await startMock(dir);
    try {
      await model.check({ url: mock.url }, 'after SIGTERM');
    } finally {
      await mock.stop();
    }
    assert.equal(model.figures().acknowledged, 5 + 3);
  });

  const refusals: [string, (file: string) => void, RegExp][] = [
    [
      'a truncated snapshot',
      (file) => writeFileSync(file, '{"format":"roj-mock-state","vers'),
      /is not JSON/,
    ],
    [
      'a snapshot of another version',
      (file) => writeFileSync(file, '{"format":"roj-mock-state","version":99}'),
      /has format version 99; this mock reads version 1 only/,
    ],
  ];
  for (const [name, damage, message] of refusals) {
    test(`refuses ${name} with exit code 2 and leaves it in place`, async () => {
      const dir = mkdtempSync(join(scratch, 'refuse-'));
      const file = join(dir, 'mock-state.json');
      damage(file);
      const text = readFileSync(file, 'utf8');
      const result = await runProcess(deno, [
        'task',
        '--quiet',
        'mock',
        '--port',
        '0',
        '--data',
        dir,
      ], {
        cwd: root,
      });
      assert.equal(result.code, 2, result.output);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.output, /listening on/);
      assert.equal(readFileSync(file, 'utf8'), text);
    });
  }
});
