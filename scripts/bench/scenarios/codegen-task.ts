/**
 * How `deno task NAME` runs a task, read from `deno.json`, so the benchmark
 * starts the very command a user's task starts, with nothing in between.
 *
 * @module
 */

/**
 * The arguments after `deno` of a task whose command is one `deno …` invocation.
 *
 * @param config `deno.json`, parsed.
 * @param name The task's name, e.g. `codegen`.
 * @returns The arguments, e.g. `['run', '--allow-read', 'codegen/cli.ts']`.
 * @throws {Error} When there is no such task, or its command is not one plain `deno` command
 * (pipes, `&&`, quotes or variables would need a shell).
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { denoTaskArgs } from './codegen-task.ts';
 * const config = { tasks: { codegen: { command: 'deno run --allow-read codegen/cli.ts' } } };
 * assert.deepEqual(denoTaskArgs(config, 'codegen'), ['run', '--allow-read', 'codegen/cli.ts']);
 * ```
 */
export function denoTaskArgs(config: unknown, name: string): string[] {
  const tasks = (config as { tasks?: Record<string, unknown> } | null)?.tasks ?? {};
  const task = tasks[name];
  const command = typeof task === 'string'
    ? task
    : typeof task === 'object' && task !== null && 'command' in task
    ? (task as { command: unknown }).command
    : undefined;
  if (typeof command !== 'string') throw new Error(`deno.json has no task named ${name}`);
  const words = command.trim().split(/\s+/);
  if (words[0] !== 'deno' || /[|&;<>()$`'"\\*?]/.test(command)) {
    throw new Error(`Task ${name} is not one plain deno command: ${command}`);
  }
  return words.slice(1);
}
