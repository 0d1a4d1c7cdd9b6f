/**
 * The command line of `deno task test`: which stages to run.
 *
 * @module
 */
import { parseArgs } from 'node:util';

/** What the command line asks for. */
export interface TestArgs {
  /** `--help`: print usage and run nothing. */
  help: boolean;
  /** The stages to run, in pipeline order, after `--only` and `--skip`. */
  stages: string[];
}

/**
 * Reads `--help`, `--only <stage,...>` and `--skip <stage,...>`. Both lists may be given
 * several times and combined; `--skip` applies after `--only`.
 *
 * @param argv The arguments after the script name.
 * @param stageNames Every stage, in pipeline order.
 * @returns The parsed arguments.
 * @throws {Error} On an unknown flag, a positional argument or an unknown stage name.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { parseTestArgs } from './args.ts';
 * const args = parseTestArgs(['--skip', 'lint'], ['check', 'lint', 'unit']);
 * assert.deepEqual(args.stages, ['check', 'unit']);
 * ```
 */
export function parseTestArgs(argv: string[], stageNames: readonly string[]): TestArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      help: { type: 'boolean', short: 'h', default: false },
      only: { type: 'string', multiple: true, default: [] },
      skip: { type: 'string', multiple: true, default: [] },
    },
    strict: true,
    allowPositionals: false,
  });
  const only = stageList(values.only, stageNames);
  const skip = stageList(values.skip, stageNames);
  const stages = stageNames.filter((name) =>
    (only.length === 0 || only.includes(name)) && !skip.includes(name)
  );
  return { help: values.help, stages };
}

function stageList(lists: string[], stageNames: readonly string[]): string[] {
  const names = lists.flatMap((list) => list.split(',')).map((name) => name.trim())
    .filter((name) => name !== '');
  for (const name of names) {
    if (!stageNames.includes(name)) {
      throw new Error(`Unknown stage ${name}; stages are ${stageNames.join(', ')}`);
    }
  }
  return names;
}
