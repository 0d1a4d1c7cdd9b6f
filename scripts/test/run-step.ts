/**
 * Runs one command of a stage, with its output streamed to ours.
 *
 * @module
 */
import type { Step } from './stages.ts';

/** How a command ended: `ok`, or why not. */
export type StepOutcome = { ok: true } | { ok: false; reason: string };

/** Options for {@linkcode runStep}. */
export interface RunStepOptions {
  /** The working directory. */
  cwd: string;
  /** Kill the command after this many seconds. */
  timeoutSeconds: number;
}

/**
 * Runs `step.cmd` with inherited stdout and stderr and no stdin (CI has none, so a command
 * that waits for input must fail rather than hang).
 *
 * @param step The command.
 * @param options Working directory and timeout.
 * @returns Whether it exited with status 0, or why not.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { runStep } from './run-step.ts';
 * const outcome = await runStep({ cmd: [Deno.execPath(), 'eval', 'Deno.exit(3)'] }, {
 *   cwd: '.',
 *   timeoutSeconds: 60,
 * });
 * assert.deepEqual(outcome, { ok: false, reason: 'exit code 3' });
 * ```
 */
export async function runStep(step: Step, options: RunStepOptions): Promise<StepOutcome> {
  const [program, ...args] = step.cmd;
  if (program === undefined) return { ok: false, reason: 'Empty command' };
  const signal = AbortSignal.timeout(options.timeoutSeconds * 1000);
  let status: Deno.CommandStatus;
  try {
    const child = new Deno.Command(program, {
      args,
      cwd: options.cwd,
      stdin: 'null',
      stdout: 'inherit',
      stderr: 'inherit',
      signal,
    }).spawn();
    status = await child.status;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `Could not start ${program}: ${message}` };
  }
  if (status.success) return { ok: true };
  if (signal.aborted) return { ok: false, reason: `timed out after ${options.timeoutSeconds} s` };
  if (status.signal !== null) return { ok: false, reason: `killed by ${status.signal}` };
  return { ok: false, reason: `exit code ${status.code}` };
}
