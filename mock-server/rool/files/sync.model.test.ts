// Model-based test of the drive and its change log (fast-check's command pattern): random
// writes, deletions, copies and moves on a Drive and on a plain map of path → content, with sync
// checkpoints taken along the way. After every command, replaying the changes since each
// checkpoint onto that checkpoint's snapshot must give the drive as it is now, and the drive must
// equal the model. A failure prints the seed and the replay path.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { ChangeLog } from './change-log.ts';
import { Drive } from './drive.ts';
import { isWithin, parentOf } from './paths.ts';

/** A path's content: a file's text, or `null` for a collection. */
type Tree = Map<string, string | null>;

interface Model {
  tree: Tree;
  checkpoints: { seq: number; snapshot: Tree }[];
}

interface Real {
  drive: Drive;
  log: ChangeLog;
}

const root = '/rool-drive';
const decoder = new TextDecoder();

function treeOf(drive: Drive): Tree {
  const tree: Tree = new Map();
  for (const [path, node] of drive.entries().slice(1)) {
    tree.set(path, node.kind === 'file' ? decoder.decode(node.bytes) : null);
  }
  return tree;
}

function isCollection(tree: Tree, path: string): boolean {
  return path === root || tree.get(path) === null;
}

function removeSubtree(tree: Tree, path: string): void {
  for (const p of [...tree.keys()]) if (isWithin(p, path)) tree.delete(p);
}

function check(model: Model, real: Real): void {
  const now = treeOf(real.drive);
  assert.deepEqual(now, model.tree);
  for (const { seq, snapshot } of model.checkpoints) {
    const replayed = new Map(snapshot);
    for (const change of real.log.changesSince(seq, () => true).changes) {
      if (change.deleted) replayed.delete(change.path);
      else replayed.set(change.path, now.get(change.path)!);
    }
    assert.deepEqual(new Map([...replayed].sort()), new Map([...now].sort()));
  }
}

class Put implements fc.Command<Model, Real> {
  constructor(readonly path: string, readonly text: string) {}
  check(m: Readonly<Model>) {
    return isCollection(m.tree, parentOf(this.path)) && m.tree.get(this.path) !== null;
  }
  run(m: Model, r: Real) {
    const { created } = r.drive.putFile(
      this.path,
      { bytes: new TextEncoder().encode(this.text) },
      0,
    );
    assert.equal(created, !m.tree.has(this.path));
    m.tree.set(this.path, this.text);
    check(m, r);
  }
  toString() {
    return `put(${this.path}, ${JSON.stringify(this.text)})`;
  }
}

class Mkcol implements fc.Command<Model, Real> {
  constructor(readonly path: string) {}
  check(m: Readonly<Model>) {
    return isCollection(m.tree, parentOf(this.path)) && !m.tree.has(this.path);
  }
  run(m: Model, r: Real) {
    r.drive.mkcol(this.path, 0);
    m.tree.set(this.path, null);
    check(m, r);
  }
  toString() {
    return `mkcol(${this.path})`;
  }
}

class Delete implements fc.Command<Model, Real> {
  constructor(readonly path: string) {}
  check(m: Readonly<Model>) {
    return m.tree.has(this.path);
  }
  run(m: Model, r: Real) {
    r.drive.delete(this.path, 0);
    removeSubtree(m.tree, this.path);
    check(m, r);
  }
  toString() {
    return `delete(${this.path})`;
  }
}

class Transfer implements fc.Command<Model, Real> {
  constructor(readonly move: boolean, readonly from: string, readonly to: string) {}
  check(m: Readonly<Model>) {
    return m.tree.has(this.from) && isCollection(m.tree, parentOf(this.to)) &&
      !isWithin(this.to, this.from) && !isWithin(this.from, this.to);
  }
  run(m: Model, r: Real) {
    const { created } = this.move
      ? r.drive.move(this.from, this.to, {}, 0)
      : r.drive.copy(this.from, this.to, {}, 0);
    assert.equal(created, !m.tree.has(this.to));
    const moved = [...m.tree].filter(([p]) => isWithin(p, this.from));
    removeSubtree(m.tree, this.to);
    if (this.move) removeSubtree(m.tree, this.from);
    for (const [p, v] of moved) m.tree.set(this.to + p.slice(this.from.length), v);
    check(m, r);
  }
  toString() {
    return `${this.move ? 'move' : 'copy'}(${this.from}, ${this.to})`;
  }
}

class Checkpoint implements fc.Command<Model, Real> {
  check() {
    return true;
  }
  run(m: Model, r: Real) {
    m.checkpoints.push({ seq: r.log.seq, snapshot: new Map(m.tree) });
    check(m, r);
  }
  toString() {
    return 'checkpoint()';
  }
}

// Shallow paths more often, so deeper ones find their parents.
const segments = (n: number) => fc.array(fc.constantFrom('a', 'b'), { minLength: n, maxLength: n });
const path = fc.oneof(
  { weight: 4, arbitrary: segments(1) },
  { weight: 3, arbitrary: segments(2) },
  { weight: 1, arbitrary: segments(3) },
).map((s) => `${root}/${s.join('/')}`);

it('the drive matches a map, and every sync replays onto its checkpoint', () => {
  const seed = Date.now() ^ (Math.random() * 0x100000000);
  const commands = fc.commands([
    fc.tuple(path, fc.string({ maxLength: 3 })).map(([p, t]) => new Put(p, t)),
    path.map((p) => new Mkcol(p)),
    path.map((p) => new Delete(p)),
    fc.tuple(fc.boolean(), path, path).map(([move, from, to]) => new Transfer(move, from, to)),
    fc.constant(new Checkpoint()),
  ], { maxCommands: 60, size: 'max' });
  const result = fc.check(
    fc.property(commands, (sequence) => {
      const log = new ChangeLog({ keep: 100_000 });
      const drive = new Drive({ log, limits: { storageBytes: 1e6, entries: 1e6 }, now: 0 });
      fc.modelRun(() => ({
        model: { tree: new Map(), checkpoints: [{ seq: 0, snapshot: new Map() }] },
        real: { drive, log },
      }), sequence);
    }),
    { seed, numRuns: 200 },
  );
  if (result.failed) {
    assert.fail(
      `Failed with seed ${result.seed}, path ${result.counterexamplePath}:\n` +
        `${result.counterexample?.[0]}\n${result.errorInstance}`,
    );
  }
});
