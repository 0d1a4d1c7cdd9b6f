/**
 * `node:util`'s `parseArgs` errors as {@linkcode UsageError}s: its messages name the flag but
 * end with advice meant for script authors. An unknown flag close to a known one gets a
 * "did you mean" hint.
 *
 * @module
 */
import { UsageError, usageHint } from './errors.ts';

/**
 * Turns a `parseArgs` error into a usage error.
 *
 * @param error What `parseArgs` threw.
 * @param knownFlags The command's flags, without dashes, for suggestions.
 * @returns The usage error.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { parseArgs } from 'node:util';
 * import { usageErrorFromParseArgs } from './parse-error.ts';
 * let error;
 * try {
 *   parseArgs({ args: ['--prot', '1'], options: { port: { type: 'string' } } });
 * } catch (thrown) {
 *   error = usageErrorFromParseArgs(thrown, ['port']);
 * }
 * assert.equal(error?.message, 'Unknown option --prot');
 * assert.equal(error?.hint, 'Did you mean --port? Run with --help to see the options');
 * ```
 */
export function usageErrorFromParseArgs(
  error: unknown,
  knownFlags: readonly string[],
): UsageError {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const named = message.match(/'(-[^' ]*)/)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && named) {
    const near = closest(named.replace(/^-+/, '').split('=')[0], knownFlags);
    return new UsageError(`Unknown option ${named}`, {
      hint: near ? `Did you mean --${near}? ${usageHint}` : usageHint,
    });
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && named) {
    if (message.includes('ambiguous')) {
      return new UsageError(`Option ${named} has a value starting with "-"`, {
        hint: `Write it as ${named}=VALUE`,
      });
    }
    return message.includes('does not take an argument')
      ? new UsageError(`Option ${named} takes no value`)
      : new UsageError(`Option ${named} needs a value`);
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const argument = message.match(/'([^']*)'/)?.[1];
    return new UsageError(`Unexpected argument${argument ? ` ${quote(argument)}` : ''}`, {
      hint: 'Options start with --, and a value follows its option; run with --help to see them',
    });
  }
  return new UsageError(message.replace(/\.$/, ''));
}

/**
 * Shows a user's value without letting a long or multi-line one flood the terminal.
 *
 * @param text The value.
 * @returns It as a JSON string, cut at 60 characters.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { quote } from './parse-error.ts';
 * assert.equal(quote('a"b'), '"a\\"b"');
 * ```
 */
export function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

/** The known flag nearest to `given` by edit distance, if it is a plausible typo. */
function closest(given: string, known: readonly string[]): string | undefined {
  let best: { flag: string; distance: number } | undefined;
  for (const flag of known) {
    const distance = editDistance(given, flag);
    if (!best || distance < best.distance) best = { flag, distance };
  }
  const limit = Math.max(1, Math.floor(given.length / 3));
  return best && best.distance <= limit ? best.flag : undefined;
}

/** Levenshtein distance with transpositions counted as one edit (optimal string alignment). */
function editDistance(a: string, b: string): number {
  if (a.length > 64 || b.length > 64) return Math.max(a.length, b.length);
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}
