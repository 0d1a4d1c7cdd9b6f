/**
 * The command line of `deno task bench`: its flags, their checks and the `--help` text (in the
 * layout of ../../cli/help.ts).
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../../cli/errors.ts';
import { commonOptions, formatHelp } from '../../cli/help.ts';
import { usageErrorFromParseArgs } from '../../cli/parse-error.ts';
import type { Scenario } from './scenario.ts';

/** What `deno task bench` is asked to do. */
export interface BenchArgs {
  /** `--quick`: short runs; figures are reported, not judged. */
  quick: boolean;
  /** `--soak`: the soak alone. */
  soak: boolean;
  /** `--only`: these scenarios, in run order; absent for all. */
  only?: string[];
  /** `--out`: where results go, relative to the repository root. */
  out: string;
  /** `--quiet`: no progress on stderr. */
  quiet: boolean;
  /** `--verbose`: every scenario's progress messages in logs too, and errors with their stack. */
  verbose: boolean;
}

/** What {@linkcode parseBenchArgs} found. */
export type ParsedBenchArgs =
  | { action: 'help' }
  | { action: 'version' }
  | { action: 'list' }
  | { action: 'run'; args: BenchArgs };

const flags = {
  quick: { type: 'boolean' },
  only: { type: 'string' },
  list: { type: 'boolean' },
  out: { type: 'string' },
  soak: { type: 'boolean' },
  quiet: { type: 'boolean' },
  verbose: { type: 'boolean' },
  version: { type: 'boolean', short: 'V' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Reads the command line.
 *
 * @param argv The arguments, without the program and script.
 * @param scenarios The scenarios `--only` may name.
 * @returns What to do.
 * @throws {UsageError} For an unknown flag or scenario, or `--soak` with `--quick` or `--only`.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { parseBenchArgs } from './cli-args.ts';
 * const scenarios = [{ name: 'a', title: 'A', run: () => Promise.resolve([]) }];
 * const parsed = parseBenchArgs(['--quick', '--only', 'a'], scenarios);
 * assert.ok(parsed.action === 'run');
 * assert.deepEqual(parsed.args.only, ['a']);
 * ```
 */
export function parseBenchArgs(argv: string[], scenarios: readonly Scenario[]): ParsedBenchArgs {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: flags, strict: true }));
  } catch (error) {
    throw usageErrorFromParseArgs(error, Object.keys(flags));
  }
  if (values.help) return { action: 'help' };
  if (values.version) return { action: 'version' };
  if (values.list) return { action: 'list' };
  if (values.soak && (values.quick || values.only !== undefined)) {
    throw new UsageError('--soak runs the soak alone, without --quick or --only', {
      hint: 'Run `deno task bench --soak` on its own',
    });
  }
  const only = values.only?.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = only?.filter((name) => !scenarios.some((s) => s.name === name)) ?? [];
  if (unknown.length > 0) {
    throw new UsageError(`Unknown scenario ${unknown.join(', ')}`, {
      hint: `Pick from ${scenarios.map((s) => s.name).join(', ')} (--list describes them)`,
    });
  }
  if (values.out === '') throw new UsageError('Option --out needs a directory');
  return {
    action: 'run',
    args: {
      quick: values.quick === true,
      soak: values.soak === true,
      ...(only ? { only } : {}),
      out: values.out ?? (values.soak ? 'bench/soak' : 'bench'),
      quiet: values.quiet === true,
      verbose: values.verbose === true,
    },
  };
}

/**
 * The `--help` text.
 *
 * @param scenarios The scenarios, listed with their titles.
 * @returns The text.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { benchUsage } from './cli-args.ts';
 * assert.match(benchUsage([]), /^Usage: deno task bench /);
 * ```
 */
export function benchUsage(scenarios: readonly Scenario[]): string {
  return formatHelp({
    usage: [
      'deno task bench [--quick] [--only NAME,…] [--out DIR]',
      'deno task bench --soak [--out DIR]',
    ],
    description:
      'Runs the benchmark scenarios against servers on 127.0.0.1, each in its own process, with ' +
      'wrk as the load generator, and writes DIR/results.json and DIR/results.md (default DIR: ' +
      'bench/), then prints the table. Progress shows on stderr: a bar on a terminal, one line ' +
      'per scenario in CI (CI=true) or when stderr is not a terminal.',
    sections: [{
      title: 'Options',
      options: [
        {
          flags: '--quick',
          text: 'Short runs and small stores, under 2 minutes (CI smoke run); figures are ' +
            'reported, not judged',
        },
        { flags: '--only NAMES', text: 'Run only these scenarios, comma-separated' },
        { flags: '--list', text: 'List the scenarios and exit' },
        {
          flags: '--soak',
          text: 'Run only the soak: the mock under steady load for SOAK_MINUTES (default 5) ' +
            'minutes, its memory must stay flat (default DIR: bench/soak); not part of the ' +
            'default run nor of --quick',
        },
        { flags: '--out DIR', text: 'Where to write the results (default: bench)' },
        { flags: '--quiet', text: 'No progress on stderr; the table and errors still print' },
        {
          flags: '--verbose',
          text: "Also log every scenario's progress messages; on an error, its causes and stack",
        },
        ...commonOptions.filter((option) => option.flags !== '--verbose'),
      ],
    }],
    notes: [{
      title: 'Scenarios',
      text: scenarios.map((s) => `${s.name.padEnd(20)} ${s.title}`).join('\n'),
      preformatted: true,
    }],
    examples: [
      { text: 'Every scenario, results in bench/', command: 'deno task bench' },
      {
        text: 'The CI smoke run, results kept out of the repository',
        command: 'deno task bench --quick --out .tmp/bench-smoke',
      },
      {
        text: 'Two scenarios only',
        command: 'deno task bench --only mock-throughput,codegen',
      },
    ],
    exitCodes: {
      0: 'Every scenario ran, and (not with --quick) every row is within its budget',
      1: 'A scenario failed to run, or (not with --quick) a row is over budget',
      2: 'A usage error',
    },
  });
}
