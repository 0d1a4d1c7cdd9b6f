/**
 * The sandbox lifecycle: its states and the moves between them.
 *
 * ```
 * (none) ──create──▶ running ──pause──▶ paused
 *                      ▲  ◀──resume───────┘
 *                      │
 *   running | paused ──terminate──▶ terminated (final)
 *   running ──(agent crash)──▶ failed ──terminate──▶ terminated
 * ```
 *
 * @module
 */

/** A sandbox's state. `null` in an instance's status means it has no sandbox. */
export type SandboxState = 'running' | 'paused' | 'terminated' | 'failed';

/** The actions that move a sandbox between states. */
export type SandboxAction = 'pause' | 'resume' | 'terminate' | 'restartAgent';

/**
 * The legal moves: for each action, the state it may start from and the state
 * it leads to. A move from any other state is a `conflict`.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { sandboxTransitions } from './sandbox-state.ts';
 * assert.equal(sandboxTransitions.pause.running, 'paused');
 * assert.equal(sandboxTransitions.pause.paused, undefined);
 * ```
 */
export const sandboxTransitions: Readonly<
  Record<SandboxAction, Readonly<Partial<Record<SandboxState, SandboxState>>>>
> = {
  pause: { running: 'paused' },
  resume: { paused: 'running' },
  terminate: { running: 'terminated', paused: 'terminated', failed: 'terminated' },
  restartAgent: { running: 'running', failed: 'running' },
};

/**
 * The state an action leads to from `from`, or `undefined` when the move is illegal.
 *
 * @param from The current state.
 * @param action The action.
 * @returns The next state, or `undefined`.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { nextSandboxState } from './sandbox-state.ts';
 * assert.equal(nextSandboxState('paused', 'resume'), 'running');
 * assert.equal(nextSandboxState('terminated', 'resume'), undefined);
 * ```
 */
export function nextSandboxState(
  from: SandboxState,
  action: SandboxAction,
): SandboxState | undefined {
  return sandboxTransitions[action][from];
}
