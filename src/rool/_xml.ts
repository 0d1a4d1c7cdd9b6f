/**
 * A small, namespace-aware XML parser and writer on Web APIs only (no DOMParser: Deno and
 * workerd lack it), enough for WebDAV bodies (RFC 4918 §14–15): elements, attributes, text,
 * CDATA, comments, processing instructions and the predefined and numeric character
 * references. Document type declarations are refused outright, so no entity can be declared
 * and no external resource is ever named (no XXE, no "billion laughs").
 *
 * @module
 */

/** The namespace of the `xml:` prefix (Namespaces in XML 1.0 §3). */
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/**
 * One element of a parsed document.
 *
 * Attribute keys: an unprefixed attribute under its local name (`href`), an `xml:` attribute
 * as `xml:lang`, any other namespaced attribute in Clark notation (`{urn:x}name`). Namespace
 * declarations (`xmlns`, `xmlns:p`) are not attributes.
 */
export interface XmlElement {
  /** The resolved namespace URI; `''` if none. */
  ns: string;
  /** The local name (without prefix). */
  local: string;
  /** The attributes, keyed as described above. */
  attributes: Record<string, string>;
  /** The child elements, in document order. */
  children: XmlElement[];
  /** The concatenated direct text and CDATA content, untrimmed. */
  text: string;
}

/** Limits a parse enforces; the defaults fit WebDAV request bodies. */
export interface XmlLimits {
  /** Deepest element nesting; default 64. */
  maxDepth?: number;
  /** Most elements in the document; default 10 000. */
  maxNodes?: number;
  /** Largest document in UTF-8 bytes; default 1 MiB. */
  maxBytes?: number;
}

/** Why a document was refused. */
export type XmlErrorReason = 'malformed' | 'forbidden' | 'limit';

/**
 * A document that is not well-formed XML (`malformed`), uses a refused construct such as a
 * DOCTYPE (`forbidden`), or exceeds a limit (`limit`).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { parseXml, XmlError } from './_xml.ts';
 * assert.throws(() => parseXml('<a>'), (e) => e instanceof XmlError && e.reason === 'malformed');
 * ```
 */
export class XmlError extends Error {
  /** Always `XmlError`. */
  override readonly name = 'XmlError';
  /** Why the document was refused. */
  readonly reason: XmlErrorReason;
  /** The character offset where the problem was found; -1 when it concerns the whole text. */
  readonly offset: number;

  /**
   * Creates the error.
   *
   * @param reason Why the document was refused.
   * @param message What was wrong.
   * @param offset Where, as a character offset; -1 for the whole text.
   */
  constructor(reason: XmlErrorReason, message: string, offset = -1) {
    super(offset >= 0 ? `${message} (at offset ${offset})` : message);
    this.reason = reason;
    this.offset = offset;
  }
}

const defaults = { maxDepth: 64, maxNodes: 10_000, maxBytes: 1024 * 1024 };
const nameRe = /[A-Za-z_:\u00C0-\u02FF\u0370-\u1FFF\u200C-\uFFFD][\w.\-:\u00B7\u00C0-\uFFFD]*/y;
const spaceRe = /[ \t\r\n]*/y;
const predefined: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

interface OpenElement {
  element: XmlElement;
  qname: string;
  scope: Map<string, string>;
}

/**
 * Parses an XML document into its root element.
 *
 * @param text The document.
 * @param limits Depth, element count and size limits.
 * @returns The root element.
 * @throws {XmlError} If the document is malformed, declares a DOCTYPE or exceeds a limit.
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { child, parseXml } from './_xml.ts';
 * const root = parseXml('<D:prop xmlns:D="DAV:"><D:getetag>"1"</D:getetag></D:prop>');
 * assert.equal(root.ns, 'DAV:');
 * assert.equal(child(root, 'DAV:', 'getetag')?.text, '"1"');
 * ```
 */
export function parseXml(text: string, limits: XmlLimits = {}): XmlElement {
  const maxDepth = limits.maxDepth ?? defaults.maxDepth;
  const maxNodes = limits.maxNodes ?? defaults.maxNodes;
  const maxBytes = limits.maxBytes ?? defaults.maxBytes;
  if (text.length > maxBytes || utf8Length(text, maxBytes) > maxBytes) {
    throw new XmlError('limit', `XML document is larger than ${maxBytes} bytes`);
  }
  const src = text.replace(/\r\n?/g, '\n'); // XML 1.0 §2.11
  const stack: OpenElement[] = [];
  let root: XmlElement | undefined;
  let nodes = 0;
  const docStart = src.charCodeAt(0) === 0xfeff ? 1 : 0;
  let i = docStart;
  const rootScope = new Map<string, string>([['xml', XML_NS], ['', '']]);

  while (i < src.length) {
    const lt = src.indexOf('<', i);
    const end = lt < 0 ? src.length : lt;
    if (end > i) {
      const raw = src.slice(i, end);
      const top = stack.at(-1);
      if (top) top.element.text += decodeText(raw, i);
      else if (!/^[ \t\n]*$/.test(raw)) {
        throw new XmlError('malformed', 'Text outside the root element', i);
      }
    }
    if (lt < 0) break;
    i = lt;
    if (src.startsWith('<!--', i)) {
      const close = src.indexOf('-->', i + 4);
      if (close < 0) throw new XmlError('malformed', 'Unclosed comment', i);
      if (src.slice(i + 4, close).includes('--')) {
        throw new XmlError('malformed', 'Comment contains "--"', i);
      }
      i = close + 3;
    } else if (src.startsWith('<![CDATA[', i)) {
      const top = stack.at(-1);
      if (!top) throw new XmlError('malformed', 'CDATA outside the root element', i);
      const close = src.indexOf(']]>', i + 9);
      if (close < 0) throw new XmlError('malformed', 'Unclosed CDATA section', i);
      const data = src.slice(i + 9, close);
      checkChars(data, i);
      top.element.text += data;
      i = close + 3;
    } else if (src.startsWith('<!', i)) {
      const what = /^<!(DOCTYPE|ENTITY)/i.test(src.slice(i, i + 9))
        ? 'Document type and entity declarations are not allowed'
        : 'Unknown markup declaration';
      throw new XmlError(what.startsWith('Document') ? 'forbidden' : 'malformed', what, i);
    } else if (src.startsWith('<?', i)) {
      const close = src.indexOf('?>', i + 2);
      if (close < 0) throw new XmlError('malformed', 'Unclosed processing instruction', i);
      if (/^<\?xml[ \t\n?]/i.test(src.slice(i, i + 6)) && i !== docStart) {
        throw new XmlError('malformed', 'XML declaration not at the start of the document', i);
      }
      i = close + 2;
    } else if (src.startsWith('</', i)) {
      nameRe.lastIndex = i + 2;
      const m = nameRe.exec(src);
      if (!m) throw new XmlError('malformed', 'Malformed end tag', i);
      const top = stack.pop();
      if (!top || top.qname !== m[0]) {
        throw new XmlError('malformed', `Unexpected end tag </${m[0]}>`, i);
      }
      spaceRe.lastIndex = nameRe.lastIndex;
      spaceRe.exec(src);
      if (src[spaceRe.lastIndex] !== '>') throw new XmlError('malformed', 'Malformed end tag', i);
      i = spaceRe.lastIndex + 1;
    } else {
      if (root && stack.length === 0) {
        throw new XmlError('malformed', 'More than one root element', i);
      }
      if (++nodes > maxNodes) {
        throw new XmlError('limit', `XML document has more than ${maxNodes} elements`, i);
      }
      if (stack.length + 1 > maxDepth) {
        throw new XmlError('limit', `XML elements are nested deeper than ${maxDepth}`, i);
      }
      const parsed = parseStartTag(src, i, stack.at(-1)?.scope ?? rootScope);
      const top = stack.at(-1);
      if (top) top.element.children.push(parsed.open.element);
      else root = parsed.open.element;
      if (!parsed.selfClosing) stack.push(parsed.open);
      i = parsed.next;
    }
  }
  if (stack.length > 0) {
    throw new XmlError('malformed', `Unclosed element <${stack.at(-1)!.qname}>`, src.length);
  }
  if (!root) throw new XmlError('malformed', 'No root element', src.length);
  return root;
}

function parseStartTag(
  src: string,
  start: number,
  parentScope: Map<string, string>,
): { open: OpenElement; selfClosing: boolean; next: number } {
  nameRe.lastIndex = start + 1;
  const m = nameRe.exec(src);
  if (!m) throw new XmlError('malformed', 'Malformed start tag', start);
  const qname = m[0];
  let i = nameRe.lastIndex;
  const raw: Array<[string, string, number]> = [];
  let selfClosing = false;
  for (;;) {
    spaceRe.lastIndex = i;
    spaceRe.exec(src);
    const hadSpace = spaceRe.lastIndex > i;
    i = spaceRe.lastIndex;
    if (src[i] === '>') {
      i++;
      break;
    }
    if (src.startsWith('/>', i)) {
      selfClosing = true;
      i += 2;
      break;
    }
    if (i >= src.length) throw new XmlError('malformed', `Unclosed start tag <${qname}`, start);
    if (!hadSpace) throw new XmlError('malformed', 'Attributes must be separated by space', i);
    nameRe.lastIndex = i;
    const a = nameRe.exec(src);
    if (!a) throw new XmlError('malformed', 'Malformed attribute', i);
    spaceRe.lastIndex = nameRe.lastIndex;
    spaceRe.exec(src);
    i = spaceRe.lastIndex;
    if (src[i] !== '=') throw new XmlError('malformed', `Attribute ${a[0]} has no value`, i);
    spaceRe.lastIndex = i + 1;
    spaceRe.exec(src);
    i = spaceRe.lastIndex;
    const quote = src[i];
    if (quote !== '"' && quote !== "'") {
      throw new XmlError('malformed', `Attribute ${a[0]} value must be quoted`, i);
    }
    const close = src.indexOf(quote, i + 1);
    if (close < 0) throw new XmlError('malformed', `Unclosed attribute value`, i);
    const value = src.slice(i + 1, close);
    if (value.includes('<')) throw new XmlError('malformed', 'Attribute value contains "<"', i);
    if (raw.some(([name]) => name === a[0])) {
      throw new XmlError('malformed', `Duplicate attribute ${a[0]}`, i);
    }
    raw.push([a[0], decodeText(value, i + 1).replace(/[\t\n]/g, ' '), i]);
    i = close + 1;
  }

  let scope = parentScope;
  for (const [name, value, at] of raw) {
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
    if (scope === parentScope) scope = new Map(parentScope);
    const prefix = name === 'xmlns' ? '' : name.slice(6);
    if (prefix === 'xmlns' || (prefix === 'xml') !== (value === XML_NS)) {
      throw new XmlError(
        'malformed',
        `Cannot bind prefix ${prefix || '(default)'} to ${value}`,
        at,
      );
    }
    if (prefix !== '' && value === '') {
      throw new XmlError('malformed', `Cannot undeclare prefix ${prefix}`, at);
    }
    scope.set(prefix, value);
  }
  const [prefix, local] = splitName(qname, start);
  const ns = scope.get(prefix);
  if (ns === undefined) {
    throw new XmlError('malformed', `Unbound namespace prefix ${prefix}`, start);
  }
  const attributes: Record<string, string> = {};
  for (const [name, value, at] of raw) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
    const [p, l] = splitName(name, at);
    let key = l;
    if (p === 'xml') key = name;
    else if (p !== '') {
      const uri = scope.get(p);
      if (uri === undefined) throw new XmlError('malformed', `Unbound namespace prefix ${p}`, at);
      key = `{${uri}}${l}`;
    }
    if (Object.hasOwn(attributes, key)) {
      throw new XmlError('malformed', `Duplicate attribute ${name}`, at);
    }
    attributes[key] = value;
  }
  const element: XmlElement = { ns, local, attributes, children: [], text: '' };
  return { open: { element, qname, scope }, selfClosing, next: i };
}

function splitName(qname: string, at: number): [string, string] {
  const colon = qname.indexOf(':');
  if (colon < 0) return ['', qname];
  const prefix = qname.slice(0, colon);
  const local = qname.slice(colon + 1);
  if (!prefix || !local || local.includes(':')) {
    throw new XmlError('malformed', `Malformed qualified name ${qname}`, at);
  }
  return [prefix, local];
}

function decodeText(raw: string, at: number): string {
  checkChars(raw, at);
  if (raw.includes(']]>')) throw new XmlError('malformed', 'Text contains "]]>"', at);
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&]{0,16});?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw new XmlError('malformed', 'Unterminated reference', at);
    if (ref.startsWith('#')) {
      const code = /^#x[0-9a-fA-F]{1,6}$/.test(ref)
        ? parseInt(ref.slice(2), 16)
        : /^#[0-9]{1,7}$/.test(ref)
        ? parseInt(ref.slice(1), 10)
        : NaN;
      if (!isXmlChar(code)) {
        throw new XmlError('malformed', `Invalid character reference &${ref};`, at);
      }
      return String.fromCodePoint(code);
    }
    const value = predefined[ref];
    if (value === undefined) throw new XmlError('malformed', `Unknown entity &${ref};`, at);
    return value;
  });
}

function isXmlChar(code: number): boolean {
  // XML 1.0 §2.2 Char
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

// Control characters other than tab/newline and lone surrogates are not XML characters.
const invalidChars =
  // deno-lint-ignore no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkChars(text: string, at: number): void {
  const m = invalidChars.exec(text);
  if (m) throw new XmlError('malformed', 'Character not allowed in XML', at + m.index);
}

function utf8Length(text: string, cap: number): number {
  // Each UTF-16 unit is at most 3 UTF-8 bytes; skip encoding when even that fits.
  if (text.length * 3 <= cap) return text.length;
  return new TextEncoder().encode(text).length;
}

/**
 * Escapes text for XML content or a quoted attribute value.
 *
 * @param text The text.
 * @returns The text with `&`, `<`, `>`, `"` and `'` replaced by references.
 * @throws {XmlError} If the text holds a character XML cannot carry (NUL, most control
 * characters, lone surrogates).
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { escapeXml } from './_xml.ts';
 * assert.equal(escapeXml('a<b & "c"'), 'a&lt;b &amp; &quot;c&quot;');
 * ```
 */
export function escapeXml(text: string): string {
  checkChars(text, 0);
  return text.replace(
    /[&<>"']/g,
    (c) =>
      c === '&'
        ? '&amp;'
        : c === '<'
        ? '&lt;'
        : c === '>'
        ? '&gt;'
        : c === '"'
        ? '&quot;'
        : '&apos;',
  );
}

/**
 * Serializes an element (and its subtree) as XML, declaring each namespace where it is first
 * needed. Text is written before the child elements, as {@linkcode XmlElement} keeps no
 * interleaving.
 *
 * @param element The element.
 * @returns The XML text, without an XML declaration.
 * @throws {XmlError} If a text or attribute holds a character XML cannot carry.
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { parseXml, serializeXml } from './_xml.ts';
 * const xml = serializeXml(parseXml('<p:a xmlns:p="urn:x" id="1">hi<p:b/></p:a>'));
 * assert.deepEqual(parseXml(xml), parseXml('<a xmlns="urn:x" id="1">hi<b/></a>'));
 * ```
 */
export function serializeXml(element: XmlElement): string {
  return writeElement(element, '');
}

function writeElement(el: XmlElement, defaultNs: string): string {
  let out = `<${el.local}`;
  if (el.ns !== defaultNs) out += ` xmlns="${escapeXml(el.ns)}"`;
  let n = 0;
  for (const [key, value] of Object.entries(el.attributes)) {
    const clark = /^\{(.*)\}(.+)$/.exec(key);
    if (clark) {
      const prefix = `a${n++}`;
      out += ` xmlns:${prefix}="${escapeXml(clark[1])}" ${prefix}:${clark[2]}="${
        escapeXml(value)
      }"`;
    } else out += ` ${key}="${escapeXml(value)}"`;
  }
  if (el.children.length === 0 && el.text === '') return `${out}/>`;
  out += `>${escapeXml(el.text)}`;
  for (const c of el.children) out += writeElement(c, el.ns);
  return `${out}</${el.local}>`;
}

/**
 * The first child element with the given name.
 *
 * @param el The parent.
 * @param ns The child's namespace URI.
 * @param local The child's local name.
 * @returns The child, or `undefined`.
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { child, parseXml } from './_xml.ts';
 * assert.ok(child(parseXml('<a xmlns="DAV:"><b/></a>'), 'DAV:', 'b'));
 * ```
 */
export function child(el: XmlElement, ns: string, local: string): XmlElement | undefined {
  return el.children.find((c) => c.ns === ns && c.local === local);
}

/**
 * All child elements with the given name.
 *
 * @param el The parent.
 * @param ns The children's namespace URI.
 * @param local The children's local name.
 * @returns The children, in document order.
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { children, parseXml } from './_xml.ts';
 * assert.equal(children(parseXml('<a xmlns="DAV:"><b/><c/><b/></a>'), 'DAV:', 'b').length, 2);
 * ```
 */
export function children(el: XmlElement, ns: string, local: string): XmlElement[] {
  return el.children.filter((c) => c.ns === ns && c.local === local);
}

/**
 * The trimmed text of the first child element with the given name.
 *
 * @param el The parent.
 * @param ns The child's namespace URI.
 * @param local The child's local name.
 * @returns The child's trimmed text, or `undefined` when there is no such child.
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { childText, parseXml } from './_xml.ts';
 * assert.equal(childText(parseXml('<a xmlns="DAV:"><href> /x </href></a>'), 'DAV:', 'href'), '/x');
 * ```
 */
export function childText(el: XmlElement, ns: string, local: string): string | undefined {
  return child(el, ns, local)?.text.trim();
}
