import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DavError } from './errors.ts';
import { ifHolds, parseIf, submittedTokens } from './if-header.ts';

describe('parseIf', () => {
  const table: [string, ReturnType<typeof parseIf>][] = [
    ['(<urn:a>)', [{ tag: null, conditions: [{ not: false, token: 'urn:a' }] }]],
    ['(Not <urn:a>["x"])', [{
      tag: null,
      conditions: [{ not: true, token: 'urn:a' }, { not: false, etag: '"x"' }],
    }]],
    ['<http://h/p> (<urn:a>) ([W/"e"])  </q> (Not<urn:b>)', [
      { tag: 'http://h/p', conditions: [{ not: false, token: 'urn:a' }] },
      { tag: 'http://h/p', conditions: [{ not: false, etag: 'W/"e"' }] },
      { tag: '/q', conditions: [{ not: true, token: 'urn:b' }] },
    ]],
  ];
  for (const [header, want] of table) {
    it(`parses ${header}`, () => assert.deepEqual(parseIf(header), want));
  }

  for (
    const bad of [
      '',
      '(',
      '()',
      '(<urn:a>',
      '(<>)',
      '([x])',
      '(urn:a)',
      '<http://h/p>',
      '(<urn:a>) <http://h/p> (<urn:b>)',
      '<http://h/p> (<urn:a>) (<urn:b>) x',
      `(${'<urn:a>'.repeat(65)})`,
      'x'.repeat(8193),
    ]
  ) {
    it(`refuses ${JSON.stringify(bad.slice(0, 40))}`, () => {
      assert.throws(() => parseIf(bad), (e: unknown) => e instanceof DavError && e.status === 400);
    });
  }
});

describe('ifHolds and submittedTokens', () => {
  const state = (tag: string | null) =>
    tag === '/other'
      ? { tokens: new Set<string>() }
      : { etag: '"e1"', tokens: new Set(['urn:lock']) };

  it('holds when any list holds, each list needing all its conditions', () => {
    assert.ok(ifHolds(parseIf('(<urn:lock> ["e1"])'), state));
    assert.ok(!ifHolds(parseIf('(<urn:lock> ["e2"])'), state));
    assert.ok(ifHolds(parseIf('(<urn:lock> ["e2"]) (Not ["e2"])'), state));
    assert.ok(ifHolds(parseIf('([W/"e1"])'), state));
    assert.ok(!ifHolds(parseIf('</other> (<urn:lock>)'), state));
    assert.ok(ifHolds(parseIf('</other> (Not <urn:lock>)'), state));
  });

  it('counts tokens named without Not as submitted, whether their list holds or not', () => {
    assert.deepEqual([...submittedTokens(parseIf('(<urn:a> ["bad"]) (Not <urn:b>)'))], ['urn:a']);
    assert.deepEqual([...submittedTokens(parseIf('</x> (<urn:a>) (<urn:c>)'))], ['urn:a', 'urn:c']);
  });
});
