import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { colorEnabled, createPaint } from './color.ts';

describe('colorEnabled', () => {
  const cases: [string, { given: [boolean, Record<string, string>]; want: boolean }][] = [
    ['a terminal', { given: [true, {}], want: true }],
    ['a pipe', { given: [false, {}], want: false }],
    ['NO_COLOR on a terminal', { given: [true, { NO_COLOR: '1' }], want: false }],
    ['an empty NO_COLOR, which no-color.org says to ignore', {
      given: [true, { NO_COLOR: '' }],
      want: true,
    }],
    ['FORCE_COLOR into a pipe', { given: [false, { FORCE_COLOR: '1' }], want: true }],
    ['an empty FORCE_COLOR into a pipe', { given: [false, { FORCE_COLOR: '' }], want: true }],
    ['FORCE_COLOR over NO_COLOR', {
      given: [false, { FORCE_COLOR: '1', NO_COLOR: '1' }],
      want: true,
    }],
    ['FORCE_COLOR=0 on a terminal', { given: [true, { FORCE_COLOR: '0' }], want: false }],
    ['FORCE_COLOR=false on a terminal', { given: [true, { FORCE_COLOR: 'false' }], want: false }],
    ['a dumb terminal', { given: [true, { TERM: 'dumb' }], want: false }],
  ];
  for (const [name, { given, want }] of cases) {
    test(name, () => assert.equal(colorEnabled(...given), want));
  }
});

describe('createPaint', () => {
  test('wraps text in SGR codes that reset only what they set', () => {
    const paint = createPaint(true);
    assert.equal(paint.bold(paint.red('x')), '\x1b[1m\x1b[31mx\x1b[39m\x1b[22m');
    assert.equal(paint.yellow('h'), '\x1b[33mh\x1b[39m');
  });

  test('leaves text alone when colour is off', () => {
    const paint = createPaint(false);
    for (const style of Object.values(paint)) assert.equal(style('plain'), 'plain');
  });
});
