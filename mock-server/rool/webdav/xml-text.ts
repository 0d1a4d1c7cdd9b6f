/**
 * Text for XML content, as `escapeXml` (../../../src/rool/_xml.ts) writes it,
 * but with a fast way through for the common case: a `PROPFIND` escapes an
 * href, a name, a media type and an ETag for each of thousands of resources,
 * and nearly none of them holds a character to escape. `escapeXml` runs two
 * regular expressions and a replacement callback per call; a scan of the
 * characters finds out first whether any of that is needed.
 *
 * @module
 */
import { escapeXml } from '../../../src/rool/_xml.ts';

/**
 * Whether text holds a character `escapeXml` replaces (`& < > " '`) or refuses (controls,
 * surrogates, U+FFFE, U+FFFF), so only such text takes its slower way. Tab, LF and CR are
 * allowed by XML but rare here; they take the slow way too.
 */
function special(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (
      c < 0x20 || c === 0x22 || c === 0x26 || c === 0x27 || c === 0x3c || c === 0x3e ||
      (c >= 0xd800 && c <= 0xdfff) || c >= 0xfffe
    ) return true;
  }
  return false;
}

/**
 * Escapes text for XML content or a quoted attribute value: exactly `escapeXml`.
 *
 * @param text The text.
 * @returns The text with `&`, `<`, `>`, `"` and `'` replaced by references.
 * @throws {XmlError} If the text holds a character XML cannot carry, as `escapeXml` does.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { xmlText } from './xml-text.ts';
 * assert.equal(xmlText('a.txt'), 'a.txt');
 * assert.equal(xmlText('"a" & <b>'), '&quot;a&quot; &amp; &lt;b&gt;');
 * ```
 */
export function xmlText(text: string): string {
  return special(text) ? escapeXml(text) : text;
}

/**
 * Escapes an ETag for XML content: `escapeXml` of it. A strong ETag as ../files/etag.ts writes
 * it (`"<base 36>-<hex>"`) has its two quotes to escape and nothing else.
 *
 * @param etag The ETag, quotes included.
 * @returns The escaped text.
 * @throws {XmlError} If the tag holds a character XML cannot carry.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { xmlTag } from './xml-text.ts';
 * assert.equal(xmlTag('"5-00ff"'), '&quot;5-00ff&quot;');
 * ```
 */
export function xmlTag(etag: string): string {
  const inner = etag.slice(1, -1);
  return etag.length >= 2 && etag.startsWith('"') && etag.endsWith('"') && !special(inner)
    ? `&quot;${inner}&quot;`
    : escapeXml(etag);
}
