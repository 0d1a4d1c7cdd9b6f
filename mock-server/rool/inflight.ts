/**
 * The prompts in flight (docs/rool-contract.md §6): while the agent works, its
 * interaction can be stopped by conversation (`ai.stop`) or by ID
 * (`ai.stopInteraction`). Deleting a space, channel or conversation, and
 * resetting the mock, stop the prompts in it.
 *
 * @module
 */

/** A prompt the agent is working on. */
export interface InFlightPrompt {
  /** The space. */
  spaceId: string;
  /** The channel. */
  channelId: string;
  /** The conversation. */
  conversationId: string;
  /** The interaction's ID. */
  interactionId: string;
  /** Aborted to stop the agent. */
  controller: AbortController;
}

/**
 * The registry of prompts in flight, so that one can be stopped.
 *
 * @example Stop every prompt of a space
 * ```ts
 * import assert from 'node:assert/strict';
 * import { InFlight } from './inflight.ts';
 * const inFlight = new InFlight();
 * const controller = new AbortController();
 * const ids = { spaceId: 's1', channelId: 'main', conversationId: 'c1', interactionId: 'i1' };
 * inFlight.add({ ...ids, controller });
 * assert.equal(inFlight.stop((prompt) => prompt.spaceId === 's1'), 1);
 * assert.equal(controller.signal.aborted, true);
 * ```
 */
export class InFlight {
  readonly #prompts = new Map<string, InFlightPrompt>();

  /**
   * Registers a prompt.
   *
   * @param prompt The prompt.
   */
  add(prompt: InFlightPrompt): void {
    this.#prompts.set(key(prompt.spaceId, prompt.interactionId), prompt);
  }

  /**
   * Forgets a prompt once it has answered.
   *
   * @param prompt The prompt.
   */
  remove(prompt: InFlightPrompt): void {
    const k = key(prompt.spaceId, prompt.interactionId);
    if (this.#prompts.get(k) === prompt) this.#prompts.delete(k);
  }

  /**
   * Whether an interaction ID is in flight in a space.
   *
   * @param spaceId The space.
   * @param interactionId The interaction ID.
   * @returns `true` when a prompt with that ID is running there.
   */
  has(spaceId: string, interactionId: string): boolean {
    return this.#prompts.has(key(spaceId, interactionId));
  }

  /**
   * Stops the prompts that match.
   *
   * @param match Which prompts to stop.
   * @returns How many were stopped.
   */
  stop(match: (prompt: InFlightPrompt) => boolean): number {
    let stopped = 0;
    for (const [k, prompt] of this.#prompts) {
      if (!match(prompt)) continue;
      this.#prompts.delete(k);
      prompt.controller.abort(new Error('Stopped'));
      stopped++;
    }
    return stopped;
  }

  /** How many prompts are in flight. */
  get size(): number {
    return this.#prompts.size;
  }
}

function key(spaceId: string, interactionId: string): string {
  return `${spaceId}\n${interactionId}`;
}
