import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTestArgs } from './args.ts';

const stages = ['codegen', 'check', 'lint', 'unit'] as const;

test('no arguments select every stage in pipeline order', () => {
  assert.deepEqual(parseTestArgs([], stages), { help: false, stages: [...stages] });
});

test('--only keeps pipeline order whatever order it lists', () => {
  assert.deepEqual(parseTestArgs(['--only', 'unit,codegen'], stages).stages, ['codegen', 'unit']);
});

test('--only and --skip combine, repeated or with =', () => {
  const args = parseTestArgs(['--only=check,lint', '--only', 'unit', '--skip', 'lint'], stages);
  assert.deepEqual(args.stages, ['check', 'unit']);
});

test('--skip alone removes stages', () => {
  assert.deepEqual(parseTestArgs(['--skip', 'codegen, lint'], stages).stages, ['check', 'unit']);
});

test('--help is reported', () => {
  assert.equal(parseTestArgs(['--help'], stages).help, true);
  assert.equal(parseTestArgs(['-h'], stages).help, true);
});

test('an unknown stage name is an error naming the valid ones', () => {
  assert.throws(
    () => parseTestArgs(['--only', 'lnt'], stages),
    { message: 'Unknown stage lnt; stages are codegen, check, lint, unit' },
  );
});

test('unknown flags and positional arguments are errors', () => {
  assert.throws(() => parseTestArgs(['--fast'], stages));
  assert.throws(() => parseTestArgs(['lint'], stages));
});
