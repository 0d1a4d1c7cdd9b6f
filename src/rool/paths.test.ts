import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RoolError } from './errors.ts';
import { isObjectPath, machinePath, machineUri } from './paths.ts';

const machinePathCases: [string, { given: string; want: string }][] = [
  ['README: a URI is percent-decoded', {
    given: 'rool-machine:/rool-drive/docs/read%20me.md',
    want: '/rool-drive/docs/read me.md',
  }],
  ['an object URI', {
    given: 'rool-machine:/space/article/welcome.json',
    want: '/space/article/welcome.json',
  }],
  ['a plain path is taken literally', {
    given: '/rool-drive/100%25.txt',
    want: '/rool-drive/100%25.txt',
  }],
  ['the scheme is case-insensitive', {
    given: 'ROOL-MACHINE:/rool-drive/a.md',
    want: '/rool-drive/a.md',
  }],
  ['a trailing slash is dropped', { given: '/rool-drive/docs/', want: '/rool-drive/docs' }],
  ['the root stays', { given: 'rool-machine:/', want: '/' }],
  ['unicode survives', {
    given: 'rool-machine:/rool-drive/%C3%A9t%C3%A9.md',
    want: '/rool-drive/été.md',
  }],
];

const refusedPaths: [string, string][] = [
  ['relative', 'rool-drive/a.md'],
  ['relative URI', 'rool-machine:rool-drive/a.md'],
  ['empty segment', '/rool-drive//a.md'],
  ['dot segment', '/rool-drive/./a.md'],
  ['dot-dot segment', '/rool-drive/../space/a.json'],
  ['encoded dot-dot', 'rool-machine:/rool-drive/%2E%2E/a.md'],
  ['encoded slash', 'rool-machine:/rool-drive/a%2Fb.md'],
  ['control character', '/rool-drive/a\u0000.md'],
  ['backslash', '/rool-drive/a\\b.md'],
  ['malformed escape', 'rool-machine:/rool-drive/%E0%A4%A.md'],
  ['empty', ''],
];

describe('machinePath', () => {
  for (const [name, { given, want }] of machinePathCases) {
    test(name, () => assert.equal(machinePath(given), want));
  }
  for (const [name, given] of refusedPaths) {
    test(`refuses: ${name}`, () => {
      assert.throws(() => machinePath(given), (error) => {
        return error instanceof RoolError && error.type === 'validation_error' &&
          error.status === 0 && /^Machine (path|URI)/.test(error.message);
      });
    });
  }
});

describe('machineUri', () => {
  const cases: [string, { given: string; want: string }][] = [
    ['README: an object path', {
      given: '/space/article/welcome.json',
      want: 'rool-machine:/space/article/welcome.json',
    }],
    ['spaces are encoded', {
      given: '/rool-drive/docs/read me.md',
      want: 'rool-machine:/rool-drive/docs/read%20me.md',
    }],
    ['a URI is normalised', {
      given: 'rool-machine:/rool-drive/docs/read%20me.md/',
      want: 'rool-machine:/rool-drive/docs/read%20me.md',
    }],
    ['the root', { given: '/', want: 'rool-machine:/' }],
    ['# and ? are encoded', {
      given: '/rool-drive/a#b?.md',
      want: 'rool-machine:/rool-drive/a%23b%3F.md',
    }],
  ];
  for (const [name, { given, want }] of cases) {
    test(name, () => assert.equal(machineUri(given), want));
  }

  test('round-trips through machinePath', () => {
    for (
      const path of ['/rool-drive/docs/read me.md', '/space/a/b.json', '/rool-drive/ü ß/%.txt']
    ) {
      assert.equal(machinePath(machineUri(path)), path);
    }
  });
});

describe('isObjectPath', () => {
  const cases: [unknown, boolean][] = [
    ['/space/article/welcome.json', true],
    ['/space/a_b-C/x-1_Y.json', true],
    [`/space/${'c'.repeat(128)}/${'n'.repeat(128)}.json`, true],
    [`/space/${'c'.repeat(129)}/n.json`, false],
    ['/space/article/drafts/welcome.json', false],
    ['/space/welcome.json', false],
    ['/space/.hidden/welcome.json', false],
    ['/space/article/.welcome.json', false],
    ['/space/article/.json', false],
    ['/space/article/welcome.JSON', false],
    ['/space/article/welcome', false],
    ['space/article/welcome.json', false],
    ['/rool-drive/article/welcome.json', false],
    ['rool-machine:/space/article/welcome.json', false],
    ['/space/art icle/welcome.json', false],
    ['/space/article/welcome.json/', false],
    [42, false],
    [undefined, false],
  ];
  for (const [given, want] of cases) {
    const name = typeof given === 'string' && given.length > 60 ? `${given.slice(0, 40)}…` : given;
    test(`${JSON.stringify(name)} → ${want}`, () => assert.equal(isObjectPath(given), want));
  }
});
