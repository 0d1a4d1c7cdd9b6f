import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countLine, formatSummary } from './summary.ts';

test('the summary ends with the count line CI reads, skipped stages not counted', () => {
  const text = formatSummary([
    { name: 'codegen', outcome: 'failed', seconds: 0.42, reason: 'exit code 1' },
    { name: 'check', outcome: 'passed', seconds: 3.06 },
    { name: 'workerd', outcome: 'skipped', seconds: 0 },
  ]);
  assert.equal(
    text,
    [
      'stage    result   seconds',
      'codegen  failed       0.4  exit code 1',
      'check    passed       3.1',
      'workerd  skipped        -',
      'total                 3.5',
      '',
      'test: 1 passed, 1 failed',
    ].join('\n'),
  );
});

test('the count line has the exact CI form', () => {
  assert.match(countLine([]), /^test: \d+ passed, \d+ failed$/);
  assert.equal(
    countLine([
      { name: 'a', outcome: 'passed', seconds: 1 },
      { name: 'b', outcome: 'passed', seconds: 1 },
      { name: 'c', outcome: 'failed', seconds: 1 },
    ]),
    'test: 2 passed, 1 failed',
  );
});

test('the total is the wall-clock time when given, as stages may run side by side', () => {
  const text = formatSummary([
    { name: 'deno-unit', outcome: 'passed', seconds: 200 },
    { name: 'bun-unit', outcome: 'passed', seconds: 210 },
  ], 212.34);
  assert.equal(text.split('\n').at(-3), 'total      wall       212.3');
});
