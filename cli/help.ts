/**
 * The one layout every `--help` uses: usage lines, a description, option sections, examples and
 * the exit codes, with option descriptions aligned and wrapped at 80 columns.
 *
 * @module
 */

/** One option row: `--port N` and what it does. */
export interface HelpOption {
  /** The flag and its value, e.g. `--port N` or `-h, --help`. */
  flags: string;
  /** What it does, with its default; wrapped to fit. */
  text: string;
}

/** A titled list of options, e.g. `Options` or `Rool options`. */
export interface HelpSection {
  /** The title, without the colon. */
  title: string;
  /** The rows. */
  options: readonly HelpOption[];
}

/** One example: what it does, and the command. */
export interface HelpExample {
  /** What it does, one line. */
  text: string;
  /** The command, as typed. */
  command: string;
}

/** Everything a `--help` shows. */
export interface HelpSpec {
  /** Usage lines, without `Usage:`, e.g. `deno task mock [options]`. */
  usage: readonly string[];
  /** What the command does; paragraphs separated by blank lines, wrapped to fit. */
  description: string;
  /** The option sections. */
  sections: readonly HelpSection[];
  /**
   * Extra titled text after the options, e.g. environment variables, wrapped like the
   * description; or, `preformatted`, a list of scenarios kept line for line.
   */
  notes?: readonly { title: string; text: string; preformatted?: boolean }[];
  /** Examples. */
  examples: readonly HelpExample[];
  /** What each exit code means for this command. */
  exitCodes: Readonly<Record<0 | 1 | 2, string>>;
}

/** The options every command has, in the layout of the others. */
export const commonOptions: readonly HelpOption[] = [
  { flags: '--verbose', text: 'On an error, also print its causes and stack' },
  { flags: '-V, --version', text: 'Print the version and exit' },
  { flags: '-h, --help', text: 'Show this help and exit' },
];

const width = 80;
const flagColumn = 24;

/**
 * Lays out a `--help` text.
 *
 * @param spec The usage, description, options, examples and exit codes.
 * @returns The text, without a final line break.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { formatHelp } from './help.ts';
 * const text = formatHelp({
 *   usage: ['deno task hello [options]'],
 *   description: 'Says hello.',
 *   sections: [{ title: 'Options', options: [{ flags: '--name NAME', text: 'Who to greet' }] }],
 *   examples: [{ text: 'Greet Ada', command: 'deno task hello --name Ada' }],
 *   exitCodes: { 0: 'greeted', 1: 'never', 2: 'a usage error' },
 * });
 * assert.match(text, /^Usage: deno task hello \[options\]\n/);
 * assert.match(text, /\n {2}--name NAME {11}Who to greet\n/);
 * assert.match(text, /\nExit codes:\n {2}0 {2}greeted\n/);
 * ```
 */
export function formatHelp(spec: HelpSpec): string {
  const lines: string[] = [];
  spec.usage.forEach((usage, i) => lines.push(`${i === 0 ? 'Usage: ' : '       '}${usage}`));
  for (const paragraph of spec.description.trim().split(/\n\s*\n/)) {
    lines.push('', ...wrap(paragraph, width));
  }
  for (const section of spec.sections) {
    lines.push('', `${section.title}:`);
    for (const option of section.options) lines.push(...optionLines(option));
  }
  for (const note of spec.notes ?? []) {
    lines.push('', `${note.title}:`);
    const paragraphs = note.preformatted ? [note.text] : note.text.trim().split(/\n\s*\n/);
    paragraphs.forEach((paragraph, i) => {
      if (i > 0) lines.push('');
      const body = note.preformatted ? paragraph.split('\n') : wrap(paragraph, width - 2);
      lines.push(...body.map((line) => `  ${line}`));
    });
  }
  lines.push('', 'Examples:');
  spec.examples.forEach((example, i) => {
    if (i > 0) lines.push('');
    lines.push(...wrap(example.text, width - 4).map((line) => `  # ${line}`));
    lines.push(`  ${example.command}`);
  });
  lines.push('', 'Exit codes:');
  for (const code of [0, 1, 2] as const) {
    const [first, ...rest] = wrap(spec.exitCodes[code], width - 5);
    lines.push(`  ${code}  ${first}`, ...rest.map((line) => `     ${line}`));
  }
  return lines.map((line) => line.trimEnd()).join('\n');
}

function optionLines(option: HelpOption): string[] {
  const indent = ' '.repeat(flagColumn);
  const text = wrap(option.text, width - flagColumn);
  const head = `  ${option.flags}`;
  if (head.length > flagColumn - 2) return [head, ...text.map((line) => indent + line)];
  const [first, ...rest] = text;
  return [head.padEnd(flagColumn) + first, ...rest.map((line) => indent + line)];
}

/** Wraps text at word boundaries to `max` columns; a word longer than that stays whole. */
function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.trim().split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines;
}
