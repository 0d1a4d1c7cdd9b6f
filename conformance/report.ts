/**
 * Reporting: a divergence as a readable replay (every step's call and both
 * answers, the differing fields side by side, and the command line that
 * replays it), and the result as JUnit XML or JSON for CI systems.
 *
 * @module
 */
import type { Difference } from './compare.ts';
import type { ConformanceResult } from './run.ts';
import type { Exchange } from './side.ts';

/** What the report needs beyond the result: how the suite was run, to print the replay line. */
export interface ReportOptions {
  /** The target's URL. */
  target: string;
  /**
   * The target's API key. The replay line shows it only when it is the mock's public
   * development key; any other key is shown as `"$ROJ_API_KEY"`, so reports never leak one.
   */
  apiKey?: string;
  /** The product, when not Roj. */
  product?: string;
  /**
   * Rool: the users' tokens. The replay line shows them only when they are the mock's seeded
   * development tokens; any other is shown as `"$ROOL_TOKEN_A"` / `"$ROOL_TOKEN_B"`.
   */
  tokens?: readonly string[];
  /** The reference's URL, when not the in-process mock. */
  reference?: string;
  /** `--max-commands`, when not the default. */
  maxCommands?: number;
  /** `--only`, when given. */
  only?: string;
  /** `--config`, when given. */
  config?: string;
  /** Highlight with ANSI colours. Default `false`. */
  color?: boolean;
  /** Bodies longer than this many characters are cut. Default 400. */
  maxBodyChars?: number;
}

const devKey = 'roj_dev_key';
const roolDevTokens: readonly string[] = ['rool_alice_token', 'rool_bob_token'];

/**
 * The command line that replays a result's seed and path.
 *
 * @param result The result.
 * @param options How the suite was run.
 * @returns `deno task conformance --target … --seed S --path P`, shell-quoted.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { replayCommand } from './report.ts';
 * const result = { ok: true, seed: 42, progress: { runs: 1, commands: 1, commandsPerSecond: 1, seconds: 1 } };
 * assert.equal(
 *   replayCommand(result, { target: 'http://127.0.0.1:8787', apiKey: 'roj_dev_key' }),
 *   'deno task conformance --target http://127.0.0.1:8787 --api-key roj_dev_key --seed 42',
 * );
 * ```
 */
export function replayCommand(result: ConformanceResult, options: ReportOptions): string {
  const words = ['deno task conformance'];
  if (options.product === 'rool') {
    words.push('--product', 'rool', '--target', quote(options.target));
    (options.tokens ?? roolDevTokens).forEach((token, i) => {
      const shown = roolDevTokens.includes(token) ? quote(token) : `"$ROOL_TOKEN_${'AB'[i]}"`;
      words.push('--token', shown);
    });
  } else {
    const key = options.apiKey === undefined || options.apiKey === devKey
      ? quote(options.apiKey ?? devKey)
      : '"$ROJ_API_KEY"';
    words.push('--target', quote(options.target), '--api-key', key);
  }
  if (options.reference) words.push('--reference', quote(options.reference));
  if (options.config) words.push('--config', quote(options.config));
  if (options.only) words.push('--only', quote(options.only));
  if (options.maxCommands !== undefined) words.push('--max-commands', String(options.maxCommands));
  // node:util's parseArgs takes a value starting with "-" only in the --flag=value form.
  words.push(result.seed < 0 ? `--seed=${result.seed}` : `--seed ${result.seed}`);
  if (result.divergence) words.push('--path', quote(result.divergence.path));
  return words.join(' ');
}

/**
 * A result as text: a one-line verdict, and for a divergence the replay of its
 * shrunk sequence, step by step, with the differing fields side by side and
 * the command line that replays it. Tokens in bodies are shown as `<secret>`.
 *
 * @param result The result.
 * @param options How the suite was run, and presentation.
 * @returns The report, lines joined with `\n`.
 *
 * @example A target that conforms
 * ```ts
 * import assert from 'node:assert/strict';
 * import { formatReport } from './report.ts';
 * const progress = { runs: 50, commands: 400, commandsPerSecond: 1000, seconds: 0.4 };
 * const report = formatReport({ ok: true, seed: 7, progress }, { target: 'http://x.test' });
 * assert.match(report, /^The target conforms: 50 runs, 400 commands/);
 * ```
 */
export function formatReport(result: ConformanceResult, options: ReportOptions): string {
  const paint = painter(options.color ?? false);
  const { progress } = result;
  const figures = `${progress.runs} runs, ${progress.commands} commands in ${
    progress.seconds.toFixed(1)
  } s (${Math.round(progress.commandsPerSecond)} commands/s), seed ${result.seed}`;
  if (result.ok) return `The target conforms: ${figures}`;
  if (!result.divergence) {
    return `The suite could not finish: ${result.error ?? 'unknown error'}\n(${figures})`;
  }
  const { divergence } = result;
  const lines = [
    paint.red(`The target diverges from the reference`) +
    ` (${figures}).`,
    `Shrunk to ${divergence.steps.length} step${
      divergence.steps.length === 1 ? '' : 's'
    }: ${divergence.message}`,
    '',
  ];
  const maxBody = options.maxBodyChars ?? 400;
  divergence.steps.forEach((step, i) => {
    const bad = step.differences.length > 0;
    const mark = bad ? paint.red('✗') : '✓';
    lines.push(`${mark} ${i + 1}. ${bad ? paint.bold(step.call) : step.call}`);
    lines.push(`     ${step.target.request.method ?? 'POST'} ${step.target.request.path}`);
    lines.push(`     target     ${exchangeLine(step.target, maxBody)}`);
    lines.push(`     reference  ${exchangeLine(step.reference, maxBody)}`);
    if (bad) lines.push(...differenceTable(step.differences, paint));
  });
  lines.push('', 'Replay:', `  ${replayCommand(result, options)}`);
  return lines.join('\n');
}

/**
 * A result as JUnit XML: one test suite with one test case for the run. A
 * divergence is its `<failure>` and an aborted run its `<error>`, each carrying
 * the report.
 *
 * @param result The result.
 * @param options How the suite was run (for the replay line in the failure).
 * @returns The XML document.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { formatJUnit } from './report.ts';
 * const progress = { runs: 1, commands: 2, commandsPerSecond: 2, seconds: 1 };
 * const xml = formatJUnit({ ok: false, seed: 1, progress, error: 'Budget <spent>' }, {
 *   target: 'http://x.test',
 * });
 * assert.match(xml, /<error type="aborted" message="Budget &lt;spent&gt;">/);
 * ```
 */
export function formatJUnit(result: ConformanceResult, options: ReportOptions): string {
  const failures = result.divergence ? 1 : 0;
  const errors = !result.ok && !result.divergence ? 1 : 0;
  const time = result.progress.seconds.toFixed(3);
  const name = `conformance of ${options.target}`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite name="roj-conformance" tests="1" failures="${failures}" errors="${errors}" skipped="0" time="${time}">`,
    '  <properties>',
    `    <property name="target" value="${xml(options.target)}"/>`,
    `    <property name="seed" value="${result.seed}"/>`,
    `    <property name="runs" value="${result.progress.runs}"/>`,
    `    <property name="commands" value="${result.progress.commands}"/>`,
    ...(result.divergence
      ? [`    <property name="path" value="${xml(result.divergence.path)}"/>`]
      : []),
    '  </properties>',
    `  <testcase classname="roj-conformance" name="${xml(name)}" time="${time}">`,
  ];
  if (result.divergence) {
    lines.push(
      `    <failure type="divergence" message="${xml(result.divergence.message)}">${
        xml(formatReport(result, { ...options, color: false }))
      }</failure>`,
    );
  } else if (!result.ok) {
    lines.push(
      `    <error type="aborted" message="${xml(result.error ?? 'unknown error')}">${
        xml(formatReport(result, { ...options, color: false }))
      }</error>`,
    );
  }
  lines.push('  </testcase>', '</testsuite>', '');
  return lines.join('\n');
}

/**
 * A result as JSON, for machines: the result object, with multipart bodies
 * shown as their field names and secrets (tokens) as `<secret>`.
 *
 * @param result The result.
 * @returns Indented JSON, ending with a line break.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { formatJson } from './report.ts';
 * const progress = { runs: 1, commands: 2, commandsPerSecond: 2, seconds: 1 };
 * assert.equal(JSON.parse(formatJson({ ok: true, seed: 3, progress })).seed, 3);
 * ```
 */
export function formatJson(result: ConformanceResult): string {
  return `${JSON.stringify(result, jsonReplacer, 2)}\n`;
}

// `this[key]` is the value before its own `toJSON` ran: Bun's FormData has one.
function jsonReplacer(this: unknown, key: string, value: unknown): unknown {
  const original = (this as Record<string, unknown> | undefined)?.[key];
  if (typeof FormData !== 'undefined' && original instanceof FormData) {
    return { multipart: [...original.keys()] };
  }
  if (original instanceof Uint8Array) return { bytes: original.length };
  return redact(key, value);
}

/** Fields that hold a secret (rules.ts compares them as `secret`), shown as `<secret>`. */
const secretFields = new Set(['token', 'wsToken', 'authorization', 'cookie']);
/** Secrets in their documented forms (contract §1.2): instance, WebSocket and sandbox tokens. */
const secretPattern = /\brj[tws]_[A-Za-z0-9_-]+/g;

// Reports end up in CI logs: tokens the run minted stay out of them.
function redact(key: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (secretFields.has(key)) return '<secret>';
  return value.replace(secretPattern, '<secret>');
}

function exchangeLine(exchange: Exchange, maxBody: number): string {
  return `${exchange.status}  ${cut(compact(exchange.body), maxBody)}`;
}

function differenceTable(
  differences: readonly Difference[],
  paint: Painter,
): string[] {
  const rows = differences.map((d) => ({
    field: d.path,
    target: d.target === undefined ? '—' : cut(compact(d.target), 60),
    reference: d.reference === undefined ? '—' : cut(compact(d.reference), 60),
    why: d.message,
  }));
  const width = (key: 'field' | 'target' | 'reference', title: string) =>
    Math.max(title.length, ...rows.map((r) => [...r[key]].length));
  const w = {
    field: width('field', 'field'),
    target: width('target', 'target'),
    reference: width('reference', 'reference'),
  };
  const pad = (text: string, n: number) => text + ' '.repeat(Math.max(0, n - [...text].length));
  const out = [
    `     differing fields:`,
    `       ${pad('field', w.field)}  ${pad('target', w.target)}  ${
      pad('reference', w.reference)
    }  why`,
  ];
  for (const row of rows) {
    out.push(
      `     ${paint.red('>')} ${paint.red(pad(row.field, w.field))}  ${
        pad(row.target, w.target)
      }  ${pad(row.reference, w.reference)}  ${row.why}`,
    );
  }
  return out;
}

function compact(value: unknown): string {
  if (typeof FormData !== 'undefined' && value instanceof FormData) {
    return `multipart (${[...value.keys()].join(', ')})`;
  }
  return JSON.stringify(value, jsonReplacer) ?? String(value);
}

function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max
    ? text
    : `${chars.slice(0, max).join('')}… (${chars.length - max} more characters)`;
}

function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

// XML 1.0 §2.2: the characters a document may hold; others are dropped.
function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

interface Painter {
  red(text: string): string;
  bold(text: string): string;
}

function painter(color: boolean): Painter {
  return color
    ? { red: (t) => `\x1b[31m${t}\x1b[39m`, bold: (t) => `\x1b[1m${t}\x1b[22m` }
    : { red: (t) => t, bold: (t) => t };
}
