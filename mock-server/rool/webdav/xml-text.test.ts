import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeXml } from '../../../src/rool/_xml.ts';
import { xmlTag, xmlText } from './xml-text.ts';

const samples = [
  '',
  'file-1.txt',
  'a b',
  'é ü 中文 😀',
  '"5-00ff"',
  '"',
  '""',
  '"a"b"',
  "it's",
  'a & b',
  '<x>',
  'tab\there',
  'line\nbreak',
  '\ufffd',
  '/rool/v1/spaces/spc_1/dav/rool-drive/a%20b%27c',
];
const refused = ['\u0000', 'a\u0001', '\ud800', 'x\udc00y', '\ufffe', '\uffff'];

describe('xmlText and xmlTag', () => {
  it('give exactly what escapeXml gives', () => {
    for (const text of samples) {
      assert.equal(xmlText(text), escapeXml(text), JSON.stringify(text));
      assert.equal(xmlTag(text), escapeXml(text), JSON.stringify(text));
    }
  });

  it('refuse what escapeXml refuses', () => {
    for (const text of refused) {
      assert.throws(() => escapeXml(text));
      assert.throws(() => xmlText(text), JSON.stringify(text));
      assert.throws(() => xmlTag(`"${text}"`), JSON.stringify(text));
    }
  });
});
