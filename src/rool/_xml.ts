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

const nameRe = /[A-Za-z_:\u00C0-\u02FF\u0370-\u1FFF\u200C-\uFFFD][\w.\-:\u00B7\u00C0-\uFFFD]*/y;
const spaceRe = /[ \t\n]*/y; // Line ends are normalized to \n before parsing.
const predefined: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const escapes = Object.fromEntries(Object.entries(predefined).map(([name, c]) => [c, name]));

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
  const { maxDepth = 64, maxNodes = 10_000, maxBytes = 1024 * 1024 } = limits;
  if (text.length > maxBytes || utf8Length(text, maxBytes) > maxBytes) {
    throw new XmlError('limit', `XML document is larger than ${maxBytes} bytes`);
  }
  const src = text.replace(/\r\n?/g, '\n'); // XML 1.0 §2.11
  const stack: OpenElement[] = [];
  let root: XmlElement | undefined;
  let nodes = 0;
  const docStart = src.charCodeAt(0) === 0xfeff ? 1 : 0;
  let i = docStart;
  const rootScope = new Map([['xml', XML_NS], ['', '']]);

  while (i < src.length) {
    const lt = src.indexOf('<', i);
    const end = lt < 0 ? src.length : lt;
    const top = stack.at(-1);
    if (end > i) {
      const raw = src.slice(i, end);
      if (top) top.element.text += decodeText(raw, i);
      else if (/[^ \t\n]/.test(raw)) throw malformed('Text outside the root element', i);
    }
    if (lt < 0) break;
    // Each branch leaves `i` after the markup at `lt`.
    if (src.startsWith('<!--', lt)) {
      i = closing(src, ['<!--', '-->'], lt, 'comment');
      if (src.slice(lt + 4, i - 3).includes('--')) throw malformed('Comment contains "--"', lt);
    } else if (src.startsWith('<![CDATA[', lt)) {
      if (!top) throw malformed('CDATA outside the root element', lt);
      i = closing(src, ['<![CDATA[', ']]>'], lt, 'CDATA section');
      const data = src.slice(lt + 9, i - 3);
      checkChars(data, lt);
      top.element.text += data;
    } else if (src.startsWith('<!', lt)) {
      throw /^<!(DOCTYPE|ENTITY)/i.test(src.slice(lt, lt + 9))
        ? new XmlError('forbidden', 'Document type and entity declarations are not allowed', lt)
        : malformed('Unknown markup declaration', lt);
    } else if (src.startsWith('<?', lt)) {
      i = closing(src, ['<?', '?>'], lt, 'processing instruction');
      if (/^<\?xml[ \t\n?]/i.test(src.slice(lt, lt + 6)) && lt !== docStart) {
        throw malformed('XML declaration not at the start of the document', lt);
      }
    } else if (src[lt + 1] === '/') {
      const name = matchAt(nameRe, src, lt + 2)?.[0];
      if (!name) throw malformed('Malformed end tag', lt);
      if (stack.pop()?.qname !== name) throw malformed(`Unexpected end tag </${name}>`, lt);
      i = skipSpace(src, nameRe.lastIndex) + 1;
      if (src[i - 1] !== '>') throw malformed('Malformed end tag', lt);
    } else {
      if (root && !top) throw malformed('More than one root element', lt);
      if (++nodes > maxNodes) {
        throw new XmlError('limit', `XML document has more than ${maxNodes} elements`, lt);
      }
      if (stack.length >= maxDepth) {
        throw new XmlError('limit', `XML elements are nested deeper than ${maxDepth}`, lt);
      }
      const open = parseStartTag(src, lt, top?.scope ?? rootScope);
      if (top) top.element.children.push(open.element);
      else root = open.element;
      if (!open.selfClosing) stack.push(open);
      i = open.next;
    }
  }
  if (stack.length > 0) throw malformed(`Unclosed element <${stack.at(-1)!.qname}>`, src.length);
  if (!root) throw malformed('No root element', src.length);
  return root;
}

function malformed(message: string, at: number): XmlError {
  return new XmlError('malformed', message, at);
}

// The sticky `re` matched at `i` (its `lastIndex` then ends the match), or `null`.
function matchAt(re: RegExp, src: string, i: number): RegExpExecArray | null {
  re.lastIndex = i;
  return re.exec(src);
}

// Where the spaces from `i` end.
function skipSpace(src: string, i: number): number {
  matchAt(spaceRe, src, i);
  return spaceRe.lastIndex;
}

// Where the construct opened at `at` ends, after its closing mark.
function closing(src: string, [open, close]: string[], at: number, what: string): number {
  const found = src.indexOf(close, at + open.length);
  if (found < 0) throw malformed(`Unclosed ${what}`, at);
  return found + close.length;
}

function parseStartTag(
  src: string,
  start: number,
  parentScope: Map<string, string>,
): OpenElement & { selfClosing: boolean; next: number } {
  const qname = matchAt(nameRe, src, start + 1)?.[0];
  if (!qname) throw malformed('Malformed start tag', start);
  let i = nameRe.lastIndex;
  const raw: Array<[string, string, number]> = [];
  let selfClosing = false;
  for (;;) {
    const from = i;
    i = skipSpace(src, i);
    if (src[i] === '>') {
      i++;
      break;
    }
    if (src.startsWith('/>', i)) {
      selfClosing = true;
      i += 2;
      break;
    }
    if (i >= src.length) throw malformed(`Unclosed start tag <${qname}`, start);
    if (i === from) throw malformed('Attributes must be separated by space', i);
    const name = matchAt(nameRe, src, i)?.[0];
    if (!name) throw malformed('Malformed attribute', i);
    i = skipSpace(src, nameRe.lastIndex);
    if (src[i] !== '=') throw malformed(`Attribute ${name} has no value`, i);
    i = skipSpace(src, i + 1);
    const quote = src[i];
    if (quote !== '"' && quote !== "'") {
      throw malformed(`Attribute ${name} value must be quoted`, i);
    }
    const close = src.indexOf(quote, i + 1);
    if (close < 0) throw malformed('Unclosed attribute value', i);
    const value = src.slice(i + 1, close);
    if (value.includes('<')) throw malformed('Attribute value contains "<"', i);
    if (raw.some(([seen]) => seen === name)) throw malformed(`Duplicate attribute ${name}`, i);
    raw.push([name, decodeText(value, i + 1).replace(/[\t\n]/g, ' '), i]);
    i = close + 1;
  }

  let scope = parentScope;
  const others: typeof raw = [];
  for (const attribute of raw) {
    const [name, value, at] = attribute;
    const prefix = name === 'xmlns' ? '' : /^xmlns:/.test(name) ? name.slice(6) : undefined;
    if (prefix === undefined) {
      others.push(attribute);
      continue;
    }
    if (scope === parentScope) scope = new Map(parentScope);
    if (prefix === 'xmlns' || (prefix === 'xml') !== (value === XML_NS)) {
      throw malformed(`Cannot bind prefix ${prefix || '(default)'} to ${value}`, at);
    }
    if (prefix && !value) throw malformed(`Cannot undeclare prefix ${prefix}`, at);
    scope.set(prefix, value);
  }
  const [prefix, local] = splitName(qname, start);
  const ns = namespace(scope, prefix, start);
  const attributes: Record<string, string> = {};
  for (const [name, value, at] of others) {
    const [p, l] = splitName(name, at);
    const key = p === 'xml' ? name : p ? `{${namespace(scope, p, at)}}${l}` : l;
    if (Object.hasOwn(attributes, key)) throw malformed(`Duplicate attribute ${name}`, at);
    attributes[key] = value;
  }
  const element: XmlElement = { ns, local, attributes, children: [], text: '' };
  return { element, qname, scope, selfClosing, next: i };
}

function namespace(scope: Map<string, string>, prefix: string, at: number): string {
  const uri = scope.get(prefix);
  if (uri === undefined) throw malformed(`Unbound namespace prefix ${prefix}`, at);
  return uri;
}

function splitName(qname: string, at: number): [string, string] {
  const colon = qname.indexOf(':');
  if (colon < 0) return ['', qname];
  const prefix = qname.slice(0, colon);
  const local = qname.slice(colon + 1);
  if (!prefix || !local || local.includes(':')) {
    throw malformed(`Malformed qualified name ${qname}`, at);
  }
  return [prefix, local];
}

function decodeText(raw: string, at: number): string {
  checkChars(raw, at);
  if (raw.includes(']]>')) throw malformed('Text contains "]]>"', at);
  return raw.replace(/&([^;&]{0,16});?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw malformed('Unterminated reference', at);
    if (ref[0] !== '#') {
      const value = predefined[ref];
      if (value === undefined) throw malformed(`Unknown entity &${ref};`, at);
      return value;
    }
    let char: string | undefined;
    try {
      // `Number` reads `0x…` as hex and `0…` as decimal.
      if (/^#(x[0-9a-fA-F]{1,6}|[0-9]{1,7})$/.test(ref)) {
        char = String.fromCodePoint(Number(`0${ref.slice(1)}`));
      }
    } catch {
      // Past U+10FFFF: refused below.
    }
    // XML 1.0 §2.2 Char: no NUL, no other C0 control but tab and line ends, no surrogates, no
    // U+FFFE or U+FFFF.
    if (char === undefined || invalidChars.test(char)) {
      throw malformed(`Invalid character reference &${ref};`, at);
    }
    return char;
  });
}

// Control characters other than tab/newline and lone surrogates are not XML characters.
const invalidChars =
  // deno-lint-ignore no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkChars(text: string, at: number): void {
  const m = invalidChars.exec(text);
  if (m) throw malformed('Character not allowed in XML', at + m.index);
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
  return text.replace(/[&<>"']/g, (c) => `&${escapes[c]};`);
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
