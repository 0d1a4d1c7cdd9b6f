import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseArgs } from 'node:util';
import { UsageError } from './errors.ts';
import { usageErrorFromParseArgs } from './parse-error.ts';

const options = {
  port: { type: 'string' },
  host: { type: 'string' },
  quiet: { type: 'boolean' },
  seed: { type: 'string' },
  'api-key': { type: 'string' },
} as const;
const known = Object.keys(options);

function error(args: string[]): UsageError {
  try {
    parseArgs({ args, options, strict: true });
  } catch (thrown) {
    return usageErrorFromParseArgs(thrown, known);
  }
  throw new Error(`parseArgs accepted ${args.join(' ')}`);
}

describe('usageErrorFromParseArgs', () => {
  const cases: [string, { given: string[]; message: string; hint: string }][] = [
    ['a typo of a known flag', {
      given: ['--prot', '1'],
      message: 'Unknown option --prot',
      hint: 'Did you mean --port? Run with --help to see the options',
    }],
    ['a typo, written with =', {
      given: ['--api-kye=k'],
      message: 'Unknown option --api-kye',
      hint: 'Did you mean --api-key? Run with --help to see the options',
    }],
    ['a flag like none', {
      given: ['--frobnicate'],
      message: 'Unknown option --frobnicate',
      hint: 'Run with --help to see the options',
    }],
    ['a short flag', {
      given: ['-x'],
      message: 'Unknown option -x',
      hint: 'Run with --help to see the options',
    }],
    ['a missing value', {
      given: ['--port'],
      message: 'Option --port needs a value',
      hint: 'Run with --help to see the options',
    }],
    ['a value on a boolean', {
      given: ['--quiet=yes'],
      message: 'Option --quiet takes no value',
      hint: 'Run with --help to see the options',
    }],
    ['a value starting with a dash', {
      given: ['--seed', '-5'],
      message: 'Option --seed has a value starting with "-"',
      hint: 'Write it as --seed=VALUE',
    }],
    ['a positional argument', {
      given: ['8787'],
      message: 'Unexpected argument "8787"',
      hint: 'Options start with --, and a value follows its option; run with --help to see them',
    }],
  ];
  for (const [name, { given, message, hint }] of cases) {
    test(name, () => {
      const usage = error(given);
      assert.ok(usage instanceof UsageError);
      assert.equal(usage.message, message);
      assert.equal(usage.hint, hint);
      assert.equal(usage.exitCode, 2);
    });
  }
});
