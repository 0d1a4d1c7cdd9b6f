import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FilesError } from './errors.ts';
import { filesLimits } from './limits.ts';
import { type LockRequest, LockTable } from './locks.ts';

const request = (over: Partial<LockRequest> = {}): LockRequest => ({
  root: '/rool-drive/a',
  depth: 0,
  scope: 'exclusive',
  owner: null,
  userId: 'usr_alice',
  timeoutSeconds: 60,
  ...over,
});
const locked = (e: unknown) => e instanceof FilesError && e.type === 'locked';

describe('LockTable', () => {
  it('grants opaquelocktoken tokens and finds the locks covering a path by depth', () => {
    const locks = new LockTable();
    const zero = locks.create(request(), 0);
    const deep = locks.create(request({ root: '/rool-drive/d', depth: 'infinity' }), 0);
    assert.match(zero.token, /^opaquelocktoken:[0-9a-f-]{36}$/);
    assert.deepEqual(locks.covering('/rool-drive/a', 0), [zero]);
    assert.deepEqual(locks.covering('/rool-drive/a/child', 0), []);
    assert.deepEqual(locks.covering('/rool-drive/d/x/y', 0), [deep]);
    assert.deepEqual(locks.affecting('/rool-drive', 0), [zero, deep]);
  });

  it('lets shared locks stack and refuses anything exclusive in the way', () => {
    const locks = new LockTable();
    locks.create(request({ scope: 'shared' }), 0);
    locks.create(request({ scope: 'shared' }), 0);
    assert.throws(() => locks.create(request(), 0), locked);
    assert.throws(
      () =>
        locks.create(request({ root: '/rool-drive', depth: 'infinity', scope: 'exclusive' }), 0),
      locked,
    );
    locks.create(request({ root: '/rool-drive', depth: 0, scope: 'exclusive' }), 0);
    const parent = new LockTable();
    parent.create(request({ root: '/rool-drive', depth: 'infinity' }), 0);
    assert.throws(() => parent.create(request({ scope: 'shared' }), 0), locked);
  });

  it('expires locks, clamps timeouts, and refreshes', () => {
    const locks = new LockTable();
    const lock = locks.create(request({ timeoutSeconds: Infinity }), 0);
    assert.equal(lock.timeoutSeconds, filesLimits.maxLockSeconds);
    const short = locks.create(request({ root: '/rool-drive/b', timeoutSeconds: 0 }), 0);
    assert.equal(short.timeoutSeconds, 1);
    assert.equal(locks.get(short.token, 999), short);
    assert.equal(locks.get(short.token, 1000), undefined);
    locks.refresh(lock.token, 10, 3_000_000);
    assert.equal(locks.get(lock.token, 3_009_999), lock);
    assert.equal(locks.get(lock.token, 3_010_000), undefined);
    assert.throws(() => locks.refresh(lock.token, 10, 3_010_000), FilesError);
  });

  it('drops the locks rooted at a deleted path, and releases by token', () => {
    const locks = new LockTable();
    const a = locks.create(request(), 0);
    const b = locks.create(request({ root: '/rool-drive/b' }), 0);
    const deep = locks.create(request({ root: '/rool-drive/b/c', scope: 'shared' }), 0);
    locks.dropRoot('/rool-drive/a');
    locks.dropRoot('/rool-drive/none');
    assert.deepEqual(locks.toJSON(), [b, deep]);
    assert.equal(locks.remove(a.token), false);
    assert.equal(locks.remove(b.token), true);
  });

  it('limits the owner size and the locks per space', () => {
    const locks = new LockTable();
    const big = {
      ns: 'DAV:',
      local: 'owner',
      attributes: {},
      children: [],
      text: 'x'.repeat(5000),
    };
    assert.throws(() => locks.create(request({ owner: big }), 0), FilesError);
    for (let i = 0; i < filesLimits.locksPerSpace; i++) {
      locks.create(request({ root: `/rool-drive/f${i}` }), 0);
    }
    assert.throws(
      () => locks.create(request({ root: '/rool-drive/one-more' }), 0),
      (e: unknown) => e instanceof FilesError && e.type === 'storage_full',
    );
  });
});
