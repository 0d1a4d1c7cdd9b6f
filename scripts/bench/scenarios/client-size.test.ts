import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSize, moduleSizes } from './client-size.ts';

test('gzipSize counts the gzip header and trailer of an empty input', () => {
  // 10 bytes of header, 2 of an empty deflate block, 8 of CRC-32 and length (RFC 1952 §2.3).
  assert.equal(gzipSize(new Uint8Array()), 20);
});

test('gzipSize shrinks repetitive code and not random bytes', () => {
  const code = new TextEncoder().encode('function f(a){return a+1}'.repeat(200));
  assert.ok(gzipSize(code) < code.byteLength / 20);
  const noise = crypto.getRandomValues(new Uint8Array(4096));
  assert.ok(gzipSize(noise) >= noise.byteLength);
});

test('moduleSizes splits a bundle at its module comments, heaviest first', () => {
  const bundle = [
    '// ../../../src/rpc/_envelope.ts',
    'function a() {}',
    '',
    '// ../../../src/rool/webdav.ts',
    'var WebDAV = class { method() { return 1; } };',
    '// @__NO_SIDE_EFFECTS__',
    'export { WebDAV };',
  ].join('\n');
  const sizes = moduleSizes(bundle);
  assert.deepEqual(sizes.map((s) => s.module), ['src/rool/webdav.ts', 'src/rpc/_envelope.ts']);
  assert.equal(sizes.reduce((n, s) => n + s.bytes, 0), bundle.length);
});

test('moduleSizes finds nothing in a bundle without module comments', () => {
  assert.deepEqual(moduleSizes('var a=1;'), []);
});
