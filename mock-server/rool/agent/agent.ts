/**
 * The agent behind `ai.prompt` (docs/rool-contract.md §6), as an interface:
 * the mock's deterministic agent (./mock-agent.ts) implements it, and a real
 * model adapter can replace it (`createRoolMock({ agent })`). The agent sees
 * the prompt and the space as the caller may show it (no `_` fields), and
 * changes the space only through the session's tools, which the mock records,
 * checks and, when the prompt is read-only, refuses.
 *
 * @module
 */
import type { PromptEffort, RoolObject, SpaceSchema } from '../../../src/rool/types.ts';

/** The tools an agent may call, with the input each takes. */
export const agentToolNames = [
  'put_object',
  'patch_object',
  'move_object',
  'delete_objects',
] as const;

/** The name of a tool. */
export type AgentToolName = (typeof agentToolNames)[number];

/** A file attached to the prompt inline. */
export interface AgentFile {
  /** Its `rool-machine:` URI. */
  uri: string;
  /** Its media type. */
  contentType: string;
  /** Its size in bytes. */
  size: number;
}

/** What the agent is asked, and what it can see. */
export interface AgentRequest {
  /** The prompt text. */
  prompt: string;
  /** The conversation's system instruction, if set. */
  systemInstruction: string | null;
  /** The space's schema. */
  schema: SpaceSchema;
  /** The space's objects, without their `_` fields. */
  objects: RoolObject[];
  /** What was attached, as `rool-machine:` URIs (inline files included). */
  attachments: string[];
  /** The inline files. */
  files: AgentFile[];
  /** The shape the answer must be JSON of, if any. */
  responseSchema?: Record<string, unknown>;
  /** How hard to work. */
  effort: PromptEffort;
  /** Whether mutating tools are refused (`readOnly`, `QUICK`, or a viewer). */
  readOnly: boolean;
}

/** The agent's connection to the mock while it works on one prompt. */
export interface AgentSession {
  /** Aborted when the prompt is stopped. */
  readonly signal: AbortSignal;
  /**
   * Waits the mock's configured delay before a step (0 by default), the interaction showing as
   * `streaming`. Rejects once the prompt is stopped; let it propagate.
   */
  step(): Promise<void>;
  /**
   * Runs a tool and records the call in the interaction (`running`, then `done`).
   *
   * @param name The tool, e.g. `put_object`.
   * @param input Its arguments.
   * @returns The result; it starts with `Error:` when the tool failed or was refused.
   */
  callTool(name: string, input: unknown): string;
}

/** An agent. */
export interface RoolAgent {
  /**
   * Answers a prompt.
   *
   * @param request The prompt and what the agent can see.
   * @param session Steps and tools.
   * @returns The answer's message (JSON text when `request.responseSchema` is given).
   */
  run(request: AgentRequest, session: AgentSession): Promise<string>;
}

/**
 * Waits, unless stopped first.
 *
 * @param ms Milliseconds; 0 or less does not wait, but still notices a stop.
 * @param signal Stops the wait.
 * @returns Resolves after `ms`; rejects with the signal's reason once it is aborted.
 */
export function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const stop = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    signal.addEventListener('abort', stop, { once: true });
  });
}
