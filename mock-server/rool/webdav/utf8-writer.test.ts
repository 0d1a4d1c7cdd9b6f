import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Utf8Writer } from './utf8-writer.ts';

describe('Utf8Writer', () => {
  it('writes what TextEncoder writes, across batches and buffer growth', () => {
    const out = new Utf8Writer(8);
    const pieces: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const piece = i % 7 === 0 ? `<é ${i} 中文 😀>` : `<D:response>${i}</D:response>`;
      pieces.push(piece);
      out.write(piece);
    }
    assert.deepEqual(out.bytes(), new TextEncoder().encode(pieces.join('')));
  });

  it('keeps a view it gave unchanged while more is written', () => {
    const out = new Utf8Writer(4);
    out.write('abc');
    const first = out.bytes();
    out.write('x'.repeat(100_000));
    assert.equal(new TextDecoder().decode(first), 'abc');
    assert.equal(out.bytes().length, 100_003);
  });

  it('gives no bytes when nothing was written', () => {
    assert.equal(new Utf8Writer().bytes().length, 0);
  });
});
