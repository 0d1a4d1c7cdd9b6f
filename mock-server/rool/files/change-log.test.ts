import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChangeLog } from './change-log.ts';

const all = () => true;
const paths = (log: ChangeLog, since: number, limit?: number) =>
  log.changesSince(since, all, limit).changes.map((c) => `${c.deleted ? '-' : '+'}${c.path}`);

describe('ChangeLog', () => {
  it('reports the latest change of each path since a token, oldest first', () => {
    const log = new ChangeLog({ keep: 100 });
    log.record('/a', false);
    const token = log.token();
    log.record('/b', false);
    log.record('/a', true);
    log.record('/c', false);
    log.record('/b', false);
    assert.deepEqual(paths(log, log.parseToken(token)!), ['-/a', '+/c', '+/b']);
    assert.deepEqual(paths(log, 0), ['-/a', '+/c', '+/b']);
    assert.deepEqual(paths(log, log.seq), []);
  });

  it('filters by scope', () => {
    const log = new ChangeLog({ keep: 100 });
    for (const p of ['/rool-drive/x', '/space/a/b.json', '/rool-drive/y/z']) log.record(p, false);
    const inDrive = log.changesSince(0, (p) => p.startsWith('/rool-drive/'));
    assert.deepEqual(inDrive.changes.map((c) => c.path), ['/rool-drive/x', '/rool-drive/y/z']);
    assert.equal(inDrive.seq, 3);
  });

  it('truncates at a limit with a token that misses nothing', () => {
    const log = new ChangeLog({ keep: 100 });
    for (const p of ['/1', '/2', '/3', '/4']) log.record(p, false);
    log.record('/2', true);
    const first = log.changesSince(0, all, 2);
    assert.equal(first.truncated, true);
    assert.deepEqual(first.changes.map((c) => c.path), ['/1', '/3']);
    const rest = log.changesSince(first.seq, all, 2);
    assert.equal(rest.truncated, false);
    assert.deepEqual(rest.changes.map((c) => `${c.deleted}${c.path}`), ['false/4', 'true/2']);
    assert.equal(rest.seq, log.seq);
  });

  it('refuses tokens of other logs, malformed, future or expired ones', () => {
    const log = new ChangeLog({ keep: 100 });
    const other = new ChangeLog({ keep: 100 });
    log.record('/a', false);
    assert.equal(log.parseToken(log.token()), 1);
    assert.equal(log.parseToken(other.token()), undefined);
    assert.equal(log.parseToken(`${log.token(0)}x`), undefined);
    assert.equal(log.parseToken(log.token(2)), undefined);
    assert.equal(log.parseToken('http://rool.dev/sync/1'), undefined);
    assert.throws(() => log.changesSince(5, all), RangeError);
  });

  it('compacts superseded entries without expiring tokens', () => {
    let resets = 0;
    const log = new ChangeLog({ keep: 8, onReset: () => resets++ });
    for (let i = 0; i < 50; i++) log.record('/same', i % 2 === 0);
    assert.equal(resets, 0);
    assert.ok(log.size <= 8);
    assert.equal(log.parseToken(log.token(0)), 0);
    assert.deepEqual(paths(log, 0), ['+/same']);
  });

  it('expires old tokens when distinct changes overflow, and says so', () => {
    let resets = 0;
    const log = new ChangeLog({ keep: 8, onReset: () => resets++ });
    const early = log.token();
    for (let i = 0; i < 9; i++) log.record(`/p${i}`, false);
    assert.equal(resets, 1);
    assert.equal(log.size, 4);
    assert.equal(log.parseToken(early), undefined);
    assert.equal(log.floor, 5);
    assert.deepEqual(paths(log, log.floor), ['+/p5', '+/p6', '+/p7', '+/p8']);
  });

  it('answers from the entries after the token only', () => {
    const log = new ChangeLog({ keep: 100_000 });
    for (let i = 0; i < 50_000; i++) log.record(`/p${i}`, false);
    const token = log.seq;
    log.record('/late', false);
    let asked = 0;
    const { changes } = log.changesSince(token, () => (asked++, true));
    assert.deepEqual(changes.map((c) => c.path), ['/late']);
    assert.equal(asked, 1);
  });
});
