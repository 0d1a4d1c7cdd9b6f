import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  child,
  children,
  childText,
  escapeXml,
  parseXml,
  serializeXml,
  XML_NS,
  XmlError,
  type XmlErrorReason,
} from './_xml.ts';

function refused(text: string, reason: XmlErrorReason, limits?: Parameters<typeof parseXml>[1]) {
  assert.throws(
    () => parseXml(text, limits),
    (e: unknown) => e instanceof XmlError && e.reason === reason,
    `expected ${reason} for ${JSON.stringify(text.slice(0, 60))}`,
  );
}

describe('parseXml', () => {
  it('resolves prefixed and default namespaces, scoped per element', () => {
    const root = parseXml(
      '<?xml version="1.0" encoding="utf-8"?>\n<D:propfind xmlns:D="DAV:" xmlns="urn:z">' +
        '<D:prop><getetag/><x:y xmlns:x="urn:x"><D:href/></x:y></D:prop></D:propfind>',
    );
    assert.equal(root.ns, 'DAV:');
    assert.equal(root.local, 'propfind');
    const prop = child(root, 'DAV:', 'prop')!;
    assert.deepEqual(prop.children.map((c) => [c.ns, c.local]), [['urn:z', 'getetag'], [
      'urn:x',
      'y',
    ]]);
    assert.equal(prop.children[1].children[0].ns, 'DAV:');
  });

  it('undeclares the default namespace with xmlns=""', () => {
    const root = parseXml('<a xmlns="urn:a"><b xmlns=""><c/></b></a>');
    assert.equal(root.ns, 'urn:a');
    assert.equal(root.children[0].ns, '');
    assert.equal(root.children[0].children[0].ns, '');
  });

  it('decodes entities, character references and CDATA into text', () => {
    const root = parseXml('<a>x &lt;&amp;&gt; &#65;&#x1F600;<![CDATA[<raw>&amp;]]><!-- c -->y</a>');
    assert.equal(root.text, 'x <&> A\u{1F600}<raw>&amp;y');
  });

  it('normalizes line endings and attribute whitespace', () => {
    const root = parseXml('<a v="1\t2\n3">l1\r\nl2\rl3</a>');
    assert.equal(root.text, 'l1\nl2\nl3');
    assert.equal(root.attributes.v, '1 2 3');
  });

  it('keys attributes by local name, xml: name or Clark notation', () => {
    const root = parseXml(
      '<a xmlns:p="urn:p" id=\'1\' xml:lang="en" p:x="2" xmlns:q="urn:q" q:x="3"/>',
    );
    assert.deepEqual(root.attributes, {
      id: '1',
      'xml:lang': 'en',
      '{urn:p}x': '2',
      '{urn:q}x': '3',
    });
  });

  it('accepts a byte order mark, comments and PIs around the root', () => {
    const root = parseXml('\ufeff<?xml version="1.0"?><!-- a --><?pi x?><r/> <!-- b -->\n');
    assert.equal(root.local, 'r');
  });

  it('refuses malformed documents', () => {
    for (
      const text of [
        '',
        '<a>',
        '<a></b>',
        '<a><b></a></b>',
        '<a/><b/>',
        'text<a/>',
        '<a/>text',
        '<a x=1/>',
        '<a x="1" x="2"/>',
        '<a x="<"/>',
        '<a>&bogus;</a>',
        '<a>&amp</a>',
        '<a>&#0;</a>',
        '<a>&#xD800;</a>',
        '<a>\u0001</a>',
        '<p:a/>',
        '<a xmlns:p=""/>',
        '<a><!-- x -- y --></a>',
        '<a><![CDATA[x</a>',
        '<a>]]></a>',
        '<a/><?xml version="1.0"?>',
        '<a x="1"y="2"/>',
        '<a xmlns:p="urn:1" xmlns:q="urn:1" p:x="1" q:x="2"/>',
      ]
    ) refused(text, 'malformed');
  });

  it('refuses DOCTYPE and ENTITY declarations (no XXE)', () => {
    refused('<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>', 'forbidden');
    refused('<!doctype a><a/>', 'forbidden');
    refused('<a><!ENTITY x "y"></a>', 'forbidden');
  });

  it('enforces depth, element count and byte limits', () => {
    const deep = '<a>'.repeat(10) + '</a>'.repeat(10);
    assert.equal(parseXml(deep, { maxDepth: 10 }).local, 'a');
    refused(deep, 'limit', { maxDepth: 9 });
    const wide = `<r>${'<a/>'.repeat(20)}</r>`;
    assert.equal(parseXml(wide, { maxNodes: 21 }).children.length, 20);
    refused(wide, 'limit', { maxNodes: 20 });
    // Bytes count UTF-8: 4 chars × 3 bytes + 7 of markup = 19.
    assert.equal(parseXml('<a>€€€€</a>', { maxBytes: 19 }).text, '€€€€');
    refused('<a>€€€€</a>', 'limit', { maxBytes: 18 });
    refused(`<a>${'x'.repeat(2 * 1024 * 1024)}</a>`, 'limit');
  });

  it('reports the offset of the problem', () => {
    try {
      parseXml('<a>\n<b></c></a>');
      assert.fail('should throw');
    } catch (e) {
      assert.ok(e instanceof XmlError);
      assert.equal(e.offset, 7);
      assert.match(e.message, /end tag <\/c>/);
    }
  });
});

describe('query helpers', () => {
  const root = parseXml(
    '<m:multistatus xmlns:m="DAV:"><m:response><m:href> /a </m:href></m:response>' +
      '<m:response><m:href>/b</m:href></m:response><other/></m:multistatus>',
  );

  it('child finds the first match or undefined', () => {
    assert.equal(child(root, 'DAV:', 'response')?.children[0].text, ' /a ');
    assert.equal(child(root, 'DAV:', 'other'), undefined);
    assert.equal(child(root, '', 'other')?.local, 'other');
  });

  it('children lists all matches in order', () => {
    const hrefs = children(root, 'DAV:', 'response').map((r) => childText(r, 'DAV:', 'href'));
    assert.deepEqual(hrefs, ['/a', '/b']);
    assert.equal(childText(root, 'DAV:', 'nope'), undefined);
  });
});

describe('escapeXml and serializeXml', () => {
  it('escapes the five special characters and refuses non-XML characters', () => {
    assert.equal(escapeXml(`<&>"'ok`), '&lt;&amp;&gt;&quot;&apos;ok');
    assert.throws(() => escapeXml('a\u0000b'), XmlError);
    assert.throws(() => escapeXml('\uD800'), XmlError);
    assert.equal(escapeXml('\u{1F600}\t\n'), '\u{1F600}\t\n');
  });

  it('round-trips namespaces, attributes and text', () => {
    const source = '<D:prop xmlns:D="DAV:" xmlns:z="urn:z"><z:v xml:lang="fr" z:k="&lt;1" a="b">' +
      'x &amp; y<D:href>/p</D:href><n xmlns=""/></z:v></D:prop>';
    const parsed = parseXml(source);
    const again = parseXml(serializeXml(parsed));
    assert.deepEqual(again, parsed);
    assert.equal(again.children[0].attributes['{urn:z}k'], '<1');
    assert.equal(again.children[0].attributes['xml:lang'], 'fr');
    assert.equal(XML_NS, 'http://www.w3.org/XML/1998/namespace');
  });
});
