import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createSandboxFs,
  fsCapBytes,
  FsError,
  nodeOverheadBytes,
  resolvePath,
  ShellFs,
} from './fs.ts';

describe('resolvePath', () => {
  const cases: Array<[string, { given: [string, string]; want: string[] }]> = [
    ['a relative path', { given: ['a/b', '/home/user'], want: ['home', 'user', 'a', 'b'] }],
    ['an absolute path', { given: ['/x/y', '/home/user'], want: ['x', 'y'] }],
    ['. and empty components', { given: ['./a//./b/', '/'], want: ['a', 'b'] }],
    ['..', { given: ['../x', '/home/user'], want: ['home', 'x'] }],
    ['.. past the root', { given: ['../../../../a', '/home'], want: ['a'] }],
    ['the root', { given: ['/', '/home'], want: [] }],
    ['thousands of ..', { given: ['../'.repeat(10_000), '/home/user'], want: [] }],
    ['~ is a name here (the shell expands it)', { given: ['~', '/'], want: ['~'] }],
  ];
  for (const [name, { given, want }] of cases) {
    it(name, () => assert.deepEqual(resolvePath(...given), want));
  }

  it('refuses an empty path', () => {
    assert.throws(
      () => resolvePath('', '/'),
      (e) => e instanceof FsError && e.reason === 'No such file or directory',
    );
  });
});

describe('ShellFs', () => {
  it('counts names, contents and an overhead per node', () => {
    const fs = new ShellFs(createSandboxFs());
    const before = fs.usedBytes;
    fs.writeFile(['f'], { text: 'é', append: false });
    assert.equal(fs.usedBytes, before + nodeOverheadBytes + 1 + 2);
    fs.makeDirectory(['d', 'e'], { parents: true });
    assert.equal(fs.usedBytes, before + 3 * nodeOverheadBytes + 3 + 2);
    fs.remove(['d'], { recursive: true });
    fs.remove(['f'], { recursive: false });
    assert.equal(fs.usedBytes, before);
    assert.equal(new ShellFs(createSandboxFs()).usedBytes, before);
  });

  it('changes nothing when a write would pass the cap', () => {
    const root = createSandboxFs();
    const fs = new ShellFs(root);
    fs.writeFile(['f'], { text: 'a', append: false });
    const used = fs.usedBytes;
    assert.throws(
      () => fs.writeFile(['f'], { text: 'x'.repeat(fsCapBytes), append: true }),
      (e) => e instanceof FsError && e.reason === 'No space left on device',
    );
    assert.throws(() =>
      fs.makeDirectory(['d'.repeat(200), 'e'.repeat(255), 'f'.repeat(256)], { parents: true })
    );
    assert.equal(fs.usedBytes, used);
    assert.deepEqual([...root.children.keys()], ['home', 'f']);
    assert.deepEqual(root.children.get('f'), { kind: 'file', content: 'a' });
  });
});
