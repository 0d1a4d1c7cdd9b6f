import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { commonOptions, formatHelp, type HelpSpec } from './help.ts';

const spec: HelpSpec = {
  usage: ['deno task demo [options]', 'deno task demo --list'],
  description: 'Does the demo thing, in a paragraph long enough to be wrapped at eighty columns ' +
    'by the layout.\n\nA second paragraph.',
  sections: [
    {
      title: 'Options',
      options: [
        { flags: '--out DIR', text: 'Where to write (default: bench)' },
        { flags: '--a-very-long-flag-name VALUE', text: 'Goes on the next line' },
        ...commonOptions,
      ],
    },
  ],
  notes: [
    { title: 'Scenarios', text: 'one    first\ntwo    second', preformatted: true },
    { title: 'Environment', text: 'Reads\nDEMO_X.\n\nAnd NO_COLOR.' },
  ],
  examples: [
    { text: 'A quick run', command: 'deno task demo --quick' },
    { text: 'Another', command: 'deno task demo --out .tmp/x' },
  ],
  exitCodes: { 0: 'it worked', 1: 'a row over budget', 2: 'a usage error' },
};

describe('formatHelp', () => {
  const text = formatHelp(spec);
  const lines = text.split('\n');

  test('lays out usage, description, options, notes, examples and exit codes, in that order', () => {
    assert.deepEqual(lines, [
      'Usage: deno task demo [options]',
      '       deno task demo --list',
      '',
      'Does the demo thing, in a paragraph long enough to be wrapped at eighty columns',
      'by the layout.',
      '',
      'A second paragraph.',
      '',
      'Options:',
      '  --out DIR             Where to write (default: bench)',
      '  --a-very-long-flag-name VALUE',
      '                        Goes on the next line',
      '  --verbose             On an error, also print its causes and stack',
      '  -V, --version         Print the version and exit',
      '  -h, --help            Show this help and exit',
      '',
      'Scenarios:',
      '  one    first',
      '  two    second',
      '',
      'Environment:',
      '  Reads DEMO_X.',
      '',
      '  And NO_COLOR.',
      '',
      'Examples:',
      '  # A quick run',
      '  deno task demo --quick',
      '',
      '  # Another',
      '  deno task demo --out .tmp/x',
      '',
      'Exit codes:',
      '  0  it worked',
      '  1  a row over budget',
      '  2  a usage error',
    ]);
  });

  test('wraps long option text under its column, within 80 columns', () => {
    const wrapped = formatHelp({
      ...spec,
      sections: [{ title: 'Options', options: [{ flags: '--x', text: 'word '.repeat(30) }] }],
    }).split('\n');
    const rows = wrapped.slice(wrapped.indexOf('Options:') + 1, wrapped.indexOf('', 9));
    assert.ok(rows.length > 1);
    for (const row of rows) assert.ok(row.length <= 80, row);
    for (const row of rows.slice(1)) assert.match(row, /^ {24}word/);
  });
});
