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
  /**
   * Where the output goes: streamed to ours (default), or handed to this function as it arrives,
   * for a stage that runs beside another and prints its output as one block when it is done.
   */
  output?: (bytes: Uint8Array) => void;
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
  const output = options.output;
  const stream = output ? 'piped' : 'inherit';
  let status: Deno.CommandStatus;
  try {
    const child = new Deno.Command(program, {
      args,
      cwd: options.cwd,
      stdin: 'null',
      stdout: stream,
      stderr: stream,
      signal,
    }).spawn();
    const collect = async (from: ReadableStream<Uint8Array>) => {
      for await (const bytes of from) output!(bytes);
    };
    const [done] = await Promise.all([
      child.status,
      ...(output ? [collect(child.stdout), collect(child.stderr)] : []),
    ]);
    status = done;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `Could not start ${program}: ${message}` };
  }
  if (status.success) return { ok: true };
  if (signal.aborted) return { ok: false, reason: `timed out after ${options.timeoutSeconds} s` };
  if (status.signal !== null) return { ok: false, reason: `killed by ${status.signal}` };
  return { ok: false, reason: `exit code ${status.code}` };
}
