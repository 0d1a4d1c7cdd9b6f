/**
 * A sandbox's agent log: one entry per line, bounded, and free of secrets
 * (docs/roj-contract.md §1.2 and §5). `getAgentLogs` reads it.
 *
 * @module
 */
import type { MockRuntime } from '../context.ts';
import type { SandboxRecord } from '../state.ts';

/**
 * The most lines a log keeps: one more than `getAgentLogs` can ask for, so
 * `truncated` stays true once older lines have been dropped.
 */
export const maxLogLines = 10_001;

const secret = /rj[tws]_[A-Za-z0-9_-]+/g;

/**
 * Appends a line to a sandbox's agent log, dropping the oldest past
 * {@linkcode maxLogLines}. Line breaks are written as `\n`, so an entry stays
 * one line, and secrets (tokens, API keys) as `<redacted>`.
 *
 * @param sandbox The sandbox.
 * @param options The line, and the running mock for its API keys.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { appendLog } from './agent-log.ts';
 * const sandbox = { log: [] } as unknown as Parameters<typeof appendLog>[0];
 * appendLog(sandbox, { line: '$ echo rjs_abc\npwd', runtime: { apiKeys: [] } });
 * assert.deepEqual(sandbox.log, ['$ echo <redacted>\\npwd']);
 * ```
 */
export function appendLog(
  sandbox: SandboxRecord,
  options: { line: string; runtime: Pick<MockRuntime, 'apiKeys'> },
): void {
  let line = options.line.replace(secret, '<redacted>');
  for (const key of options.runtime.apiKeys) {
    if (key !== '') line = line.replaceAll(key, '<redacted>');
  }
  sandbox.log.push(line.replace(/\r\n|\r|\n/g, '\\n'));
  if (sandbox.log.length > maxLogLines) sandbox.log.splice(0, sandbox.log.length - maxLogLines);
}

/**
 * The last lines of a sandbox's agent log.
 *
 * @param sandbox The sandbox.
 * @param lines How many lines to return.
 * @returns The lines joined with `\n`, and whether older lines were left out.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { tailLog } from './agent-log.ts';
 * const sandbox = { log: ['a', 'b', 'c'] } as unknown as Parameters<typeof tailLog>[0];
 * assert.deepEqual(tailLog(sandbox, 2), { logs: 'b\nc', truncated: true });
 * ```
 */
export function tailLog(
  sandbox: SandboxRecord,
  lines: number,
): { logs: string; truncated: boolean } {
  return { logs: sandbox.log.slice(-lines).join('\n'), truncated: sandbox.log.length > lines };
}
