import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CappedOutput } from './output.ts';
import { utf8Length, utf8Prefix } from './utf8.ts';

describe('utf8Length', () => {
  it('agrees with TextEncoder, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 100 }), (text) => {
        assert.equal(utf8Length(text), new TextEncoder().encode(text).length);
      }),
    );
  });
});

describe('utf8Prefix', () => {
  it('is the longest prefix that fits, on a code point boundary', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 50 }), fc.nat(200), (text, room) => {
        const { text: prefix, bytes, complete } = utf8Prefix(text, room);
        assert.ok(text.startsWith(prefix));
        assert.equal(bytes, utf8Length(prefix));
        assert.ok(bytes <= room);
        assert.equal(complete, prefix === text);
        if (!complete) {
          const next = String.fromCodePoint(text.codePointAt(prefix.length)!);
          assert.ok(bytes + utf8Length(next) > room);
        }
      }),
    );
  });
});

describe('CappedOutput', () => {
  it('keeps what fits and drops the rest', () => {
    const out = new CappedOutput(5);
    out.write('ab');
    assert.equal(out.overflowed, false);
    out.write('c😀d');
    out.write('e');
    assert.equal(out.text(), 'abc');
    assert.equal(out.overflowed, true);
  });
});
