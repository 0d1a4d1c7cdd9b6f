import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hasFlag, secretValues } from './raw-args.ts';

describe('hasFlag', () => {
  test('finds a flag anywhere before --, and only whole', () => {
    assert.equal(hasFlag(['--verbose'], '--verbose'), true);
    assert.equal(hasFlag(['--verbose=1'], '--verbose'), false);
    assert.equal(hasFlag(['--port', '1', '--', '--verbose'], '--verbose'), false);
    assert.equal(hasFlag([], '--verbose'), false);
  });
});

describe('secretValues', () => {
  test('takes the value after each secret flag, in both spellings', () => {
    assert.deepEqual(
      secretValues(
        ['--target', 'http://x', '--api-key', 'k_1', '--token=t_1', '--token', 't_2'],
        ['--api-key', '--token'],
      ),
      ['k_1', 't_1', 't_2'],
    );
  });

  test('takes the secret part of NAME:TOKEN values, keeping colons in the token', () => {
    assert.deepEqual(
      secretValues(['--user', 'carol:tok:en', '--user=dave:t2'], [], { split: { '--user': ':' } }),
      ['tok:en', 't2'],
    );
  });

  test('a flag at the end, or an empty value, gives nothing', () => {
    assert.deepEqual(secretValues(['--api-key'], ['--api-key']), []);
    assert.deepEqual(secretValues(['--api-key='], ['--api-key']), []);
  });
});
