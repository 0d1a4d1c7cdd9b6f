/**
 * Word expansion of the fake shell, done when a command runs: parameters are
 * replaced by their values, and a leading unquoted `~` by `$HOME`. There is no
 * field splitting and no globbing, so a word stays one argument; as in `sh`, a
 * word made only of unquoted parameters that expand to nothing disappears.
 *
 * @module
 */
import type { Word } from './parse.ts';

/**
 * Expands a word.
 *
 * @param word The parsed word.
 * @param variables Parameter values, `?` included; an unknown name expands to nothing.
 * @returns The argument, or `undefined` when the word disappears.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { expandWord } from './expand.ts';
 * const variables = new Map([['HOME', '/home/user'], ['X', '']]);
 * assert.equal(
 *   expandWord([{ kind: 'text', text: '~/a', quoted: false }], variables),
 *   '/home/user/a',
 * );
 * assert.equal(expandWord([{ kind: 'param', name: 'X', quoted: false }], variables), undefined);
 * ```
 */
export function expandWord(
  word: Word,
  variables: ReadonlyMap<string, string>,
): string | undefined {
  let quoted = false;
  const pieces: string[] = [];
  for (const [index, part] of word.entries()) {
    quoted ||= part.quoted;
    if (part.kind === 'param') pieces.push(variables.get(part.name) ?? '');
    else if (index === 0 && !part.quoted && isTildePrefix(part.text, word.length)) {
      pieces.push((variables.get('HOME') ?? '') + part.text.slice(1));
    } else pieces.push(part.text);
  }
  const value = pieces.join('');
  return value === '' && !quoted ? undefined : value;
}

/**
 * The size of a word once expanded, computed without building it, so a
 * command line cannot make the shell build a huge string before it is refused.
 *
 * @param word The parsed word.
 * @param variables Parameter values.
 * @returns The length in UTF-16 code units.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { expandedLength } from './expand.ts';
 * const word = [{ kind: 'param' as const, name: 'X', quoted: false }];
 * assert.ok(expandedLength(word, new Map([['X', 'abc']])) >= 3);
 * ```
 */
export function expandedLength(word: Word, variables: ReadonlyMap<string, string>): number {
  let length = 0;
  for (const part of word) {
    length += part.kind === 'param' ? (variables.get(part.name)?.length ?? 0) : part.text.length;
  }
  // A tilde prefix grows by at most $HOME.
  return length + (variables.get('HOME')?.length ?? 0);
}

// POSIX 2.6.1, reduced: `~` alone, or `~/…`, at the start of an unquoted word.
function isTildePrefix(text: string, parts: number): boolean {
  return (text === '~' && parts === 1) || text.startsWith('~/');
}
