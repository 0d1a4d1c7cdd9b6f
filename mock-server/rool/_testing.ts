/**
 * What the Rool mock's tests share: a mock with a settable clock and three
 * users (alice, bob, carol), a typed client per user on the generated
 * bindings, raw calls, and a digest of the whole state to prove that a
 * refused call changed nothing.
 *
 * @module
 */
import { bindRool, type RoolBindings } from '../../src/rool/_generated/bindings.ts';
import type { RoolMethods } from '../../src/rool/methods.ts';
import { createRpcClient, throwingCall } from '../../src/rpc/client.ts';
import { createRoolMock, type RoolMock, type RoolMockOptions } from './mod.ts';

/** The clock's start: 2026-11-21T07:13:00.000Z. */
export const t0: number = Date.parse('2026-11-21T07:13:00.000Z');

/** The origin tests address the mock by. */
export const origin = 'http://rool.test';

/** The test users and their tokens. */
export const tokens = {
  alice: 'rool_alice_token',
  bob: 'rool_bob_token',
  carol: 'rool_carol_token',
} as const;

/** An error a client call threw: the wire error and the HTTP status. */
export interface CallError extends Error {
  /** The error type, e.g. `not_found`. */
  type: string;
  /** The HTTP status. */
  status: number;
  /** The input field at fault, if any. */
  path?: string;
}

/** A raw answer's parsed body. */
export interface RawBody {
  /** Whether the call succeeded. */
  ok: boolean;
  /** The value, when it did. */
  // deno-lint-ignore no-explicit-any
  value?: any;
  /** The error, when it did not. */
  error?: { type: string; message: string; path?: string };
}

/** What {@linkcode setupRool} returns. */
export interface RoolSetup {
  /** The mock. */
  mock: RoolMock;
  /** The mock's clock; set `now` to move it. */
  clock: { now: number };
  /** Clients of the three users. */
  alice: RoolBindings;
  /** Bob's client. */
  bob: RoolBindings;
  /** Carol's client. */
  carol: RoolBindings;
  /** Notices the mock logged. */
  logs: string[];
  /** A client calling with any token. */
  client(token: string): RoolBindings;
  /** Sends a raw request; `path` is relative to the mock's origin. */
  send(path: string, init?: RequestInit): Promise<Response>;
  /**
   * Posts an envelope and answers the status and parsed body.
   *
   * @param method The method.
   * @param input Its input.
   * @param token The bearer token; alice's by default.
   * @param clientId The `Rool-Client-Id` to send; none by default.
   * @returns The status and the parsed body.
   */
  rpc(
    method: string,
    input: unknown,
    token?: string,
    clientId?: string,
  ): Promise<{ status: number; body: RawBody }>;
  /** The whole state as a string: equal for equal states. */
  digest(): string;
  /** Alice's new space with channel `main` opened. */
  space(name?: string): Promise<{ spaceId: string; channelId: string }>;
}

/**
 * A Rool mock at {@linkcode t0} with alice, bob and carol, and clients for them. Output checks
 * stay on, and an unexpected error fails the test.
 *
 * @param options Mock options; users, clock and log are the setup's own unless given.
 * @returns The setup.
 */
export function setupRool(options: RoolMockOptions = {}): RoolSetup {
  const clock = { now: t0 };
  const logs: string[] = [];
  const mock = createRoolMock({
    users: Object.entries(tokens).map(([name, token]) => ({ name, token })),
    clock: () => clock.now,
    log: (line) => logs.push(line),
    onError: (error) => {
      throw error;
    },
    ...options,
  });
  const fetch = (input: Request | string | URL, init?: RequestInit) =>
    mock.fetch(new Request(input, init));
  const client = (token: string) =>
    bindRool(
      throwingCall(
        createRpcClient<RoolMethods>(`${origin}/v1`, {
          fetch,
          headers: { authorization: `Bearer ${token}` },
        }),
        (error) => Object.assign(new Error(error.message), error) as CallError,
      ),
    );
  const send = (path: string, init?: RequestInit) =>
    mock.fetch(new Request(`${origin}${path}`, init));
  const alice = client(tokens.alice);
  return {
    mock,
    clock,
    alice,
    bob: client(tokens.bob),
    carol: client(tokens.carol),
    logs,
    client,
    send,
    async rpc(method, input, token = tokens.alice, clientId) {
      const headers = new Headers({
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
      });
      if (clientId !== undefined) headers.set('rool-client-id', clientId);
      const response = await send('/v1/rpc', {
        method: 'POST',
        headers,
        body: JSON.stringify({ method, input }),
      });
      return { status: response.status, body: await response.json() };
    },
    digest: () => digest(mock),
    async space(name = 'Test space') {
      const { id } = await alice.spaces.create({ name });
      await alice.channels.open({ spaceId: id, channelId: 'main' });
      return { spaceId: id, channelId: 'main' };
    },
  };
}

/**
 * Serializes the mock's whole state: every map, set and record.
 *
 * @param mock The mock.
 * @returns A string equal for equal states.
 */
export function digest(mock: RoolMock): string {
  return JSON.stringify(mock.runtime.state, (_key, value) => {
    if (value instanceof Map) return { map: [...value.entries()] };
    if (value instanceof Set) return { set: [...value] };
    return value;
  });
}

/**
 * A prompt whose `mock-agent` block makes the mock agent call `toolCalls` (docs/rool-contract.md
 * §6).
 *
 * @param toolCalls The tools to call, in order.
 * @param message The answer's message, if given.
 * @returns The prompt text.
 */
export function mockAgentPrompt(
  toolCalls: { name: string; input: unknown }[],
  message?: string,
): string {
  const fence = '`'.repeat(3);
  return `Please.\n${fence}mock-agent\n${JSON.stringify({ message, toolCalls })}\n${fence}`;
}

/**
 * Waits until `check` holds, polling every 2 ms for at most a second.
 *
 * @param check The condition.
 */
export async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 2));
  if (!check()) throw new Error('The condition was not reached within a second');
}
