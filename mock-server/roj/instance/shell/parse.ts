/**
 * The fake shell's parser: a command line becomes a list of simple commands
 * joined by `;`, `&&` and `||` (contract §5.1), each a list of words and
 * `>`/`>>` redirects. Words keep their `$NAME` parameters unexpanded, because
 * a parameter such as `$PWD` is read when its command runs, not when the line
 * is parsed.
 *
 * The whole line is parsed before anything runs, as `sh` does, so a syntax
 * error anywhere runs nothing. One pass, no recursion, no backtracking: the
 * cost is linear in the length of the line.
 *
 * @module
 */

/** A piece of a word: literal text, or a parameter (`$NAME`, `${NAME}`, `$?`) to expand. */
export type WordPart =
  | { kind: 'text'; text: string; quoted: boolean }
  | { kind: 'param'; name: string; quoted: boolean };

/** A word: the pieces that expand and join into one argument. */
export type Word = WordPart[];

/** A stdout redirect: `> target` or `>> target`. */
export interface Redirect {
  /** `true` for `>>`. */
  append: boolean;
  /** The file, as a word. */
  target: Word;
}

/** A command with its arguments and redirects, in the order written. */
export interface SimpleCommand {
  /** The command name and its arguments. */
  words: Word[];
  /** Its redirects. */
  redirects: Redirect[];
}

/** How a command is joined to the one before it. */
export type Connector = ';' | '&&' | '||';

/** A parsed command line: the first connector is always `;`. */
export type CommandLine = Array<{ connector: Connector; command: SimpleCommand }>;

/** The parse of a command line, or what is wrong with it (the text after `sh: syntax error: `). */
export type ParseResult = { ok: true; line: CommandLine } | { ok: false; error: string };

type Token =
  | { kind: 'word'; word: Word }
  | { kind: 'op'; op: Connector | '\n' }
  | { kind: 'redirect'; append: boolean };

const blanks = new Set([' ', '\t', '\r', '\f', '\v']);
// Characters that end an unquoted run of literal text.
const unquotedStops = /[ \t\r\f\v\n;&|><()`'"\\$#]/g;
const doubleQuotedStops = /["\\$]/g;
const nameStart = /[A-Za-z_]/;
const nameRest = /[A-Za-z0-9_]*/y;
const wholeName = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+|\?)$/;
// Operators of sh that this shell does not have; they are refused rather than read as text.
const unsupported = new Set(['<', '(', ')', '`']);

/**
 * Parses a command line.
 *
 * @param source The command line.
 * @returns The commands, or a syntax error message.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { parseCommandLine } from './parse.ts';
 * const parsed = parseCommandLine('mkdir -p a && echo "$HOME" > a/f');
 * assert.equal(parsed.ok && parsed.line.length, 2);
 * assert.deepEqual(parseCommandLine("echo 'x"), { ok: false, error: "missing closing '" });
 * ```
 */
export function parseCommandLine(source: string): ParseResult {
  const tokens = tokenize(source);
  return typeof tokens === 'string' ? { ok: false, error: tokens } : group(tokens);
}

function tokenize(source: string): Token[] | string {
  const tokens: Token[] = [];
  let word: Word | undefined;
  const text = (value: string, quoted: boolean) => {
    word ??= [];
    const last = word.at(-1);
    if (last?.kind === 'text' && last.quoted === quoted) last.text += value;
    else word.push({ kind: 'text', text: value, quoted });
  };
  const param = (name: string, quoted: boolean) => {
    word ??= [];
    word.push({ kind: 'param', name, quoted });
  };
  const endWord = () => {
    if (word) tokens.push({ kind: 'word', word });
    word = undefined;
  };

  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (blanks.has(c)) {
      endWord();
      i++;
    } else if (c === '\n' || c === ';') {
      endWord();
      tokens.push({ kind: 'op', op: c });
      i++;
    } else if (c === '#' && word === undefined) {
      // A comment runs to the end of the line; the newline still separates commands.
      const end = source.indexOf('\n', i);
      i = end < 0 ? source.length : end;
    } else if (c === '&' || c === '|') {
      if (source[i + 1] !== c) return `'${c}' is not supported`;
      endWord();
      tokens.push({ kind: 'op', op: c === '&' ? '&&' : '||' });
      i += 2;
    } else if (c === '>') {
      endWord();
      const append = source[i + 1] === '>';
      tokens.push({ kind: 'redirect', append });
      i += append ? 2 : 1;
    } else if (unsupported.has(c)) {
      return `'${c}' is not supported`;
    } else if (c === "'") {
      const end = source.indexOf("'", i + 1);
      if (end < 0) return "missing closing '";
      text(source.slice(i + 1, end), true);
      i = end + 1;
    } else if (c === '"') {
      const end = doubleQuoted(source, i + 1, text, param);
      if (typeof end === 'string') return end;
      i = end;
    } else if (c === '\\') {
      // A backslash quotes the next character; before a newline it joins the lines.
      if (i + 1 >= source.length) text('\\', false);
      else if (source[i + 1] !== '\n') text(source[i + 1], true);
      i += 2;
    } else if (c === '$') {
      const end = parameter(source, i, false, text, param);
      if (typeof end === 'string') return end;
      i = end;
    } else {
      unquotedStops.lastIndex = i + 1;
      const stop = unquotedStops.exec(source)?.index ?? source.length;
      text(source.slice(i, stop), false);
      i = stop;
    }
  }
  endWord();
  return tokens;
}

// Reads a double-quoted string from `start` (after the opening quote); returns the index after
// the closing quote.
function doubleQuoted(
  source: string,
  start: number,
  text: (value: string, quoted: boolean) => void,
  param: (name: string, quoted: boolean) => void,
): number | string {
  text('', true);
  let i = start;
  while (i < source.length) {
    const c = source[i];
    if (c === '"') return i + 1;
    if (c === '\\') {
      // POSIX 2.2.3: inside double quotes a backslash quotes only $ ` " \ and newline.
      const next = source[i + 1];
      if (next === '\n') i += 2;
      else if (next === '$' || next === '`' || next === '"' || next === '\\') {
        text(next, true);
        i += 2;
      } else {
        text('\\', true);
        i++;
      }
    } else if (c === '$') {
      const end = parameter(source, i, true, text, param);
      if (typeof end === 'string') return end;
      i = end;
    } else {
      doubleQuotedStops.lastIndex = i + 1;
      const stop = doubleQuotedStops.exec(source)?.index ?? source.length;
      text(source.slice(i, stop), true);
      i = stop;
    }
  }
  return 'missing closing "';
}

// Reads `$NAME`, `${NAME}` or `$?` at `start` (the `$`); a `$` that starts none of them is text.
function parameter(
  source: string,
  start: number,
  quoted: boolean,
  text: (value: string, quoted: boolean) => void,
  param: (name: string, quoted: boolean) => void,
): number | string {
  const next = source[start + 1];
  if (next === '{') {
    const end = source.indexOf('}', start + 2);
    if (end < 0) return "missing closing '}'";
    const name = source.slice(start + 2, end);
    if (!wholeName.test(name)) return 'bad substitution';
    param(name, quoted);
    return end + 1;
  }
  if (next === '?' || (next >= '0' && next <= '9')) {
    // `$?` is the last status; `$0`…`$9` are positional parameters, which this shell never has.
    param(next, quoted);
    return start + 2;
  }
  if (next !== undefined && nameStart.test(next)) {
    nameRest.lastIndex = start + 2;
    const rest = nameRest.exec(source)?.[0] ?? '';
    param(next + rest, quoted);
    return start + 2 + rest.length;
  }
  text('$', quoted);
  return start + 1;
}

// Groups tokens into commands joined by connectors.
function group(tokens: Token[]): ParseResult {
  const line: CommandLine = [];
  let command: SimpleCommand | undefined;
  let connector: Connector = ';';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind === 'word') {
      command ??= { words: [], redirects: [] };
      command.words.push(token.word);
    } else if (token.kind === 'redirect') {
      const target = tokens[i + 1];
      const op = token.append ? '>>' : '>';
      if (target?.kind !== 'word') return { ok: false, error: `missing file name after '${op}'` };
      command ??= { words: [], redirects: [] };
      command.redirects.push({ append: token.append, target: target.word });
      i++;
    } else if (token.op === '\n') {
      // An empty line is nothing, and a line break after && or || continues the list.
      if (command) line.push({ connector, command });
      if (command) connector = ';';
      command = undefined;
    } else {
      if (!command) return { ok: false, error: `unexpected '${token.op}'` };
      line.push({ connector, command });
      connector = token.op;
      command = undefined;
    }
  }
  if (command) line.push({ connector, command });
  else if (connector !== ';') return { ok: false, error: `unexpected end after '${connector}'` };
  return { ok: true, line };
}
