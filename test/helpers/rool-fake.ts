/**
 * A scripted stand-in for the Rool RPC endpoint, for SDK unit tests that need
 * answers but no real server: each method answers what its handler returns,
 * every call is recorded, and fixtures build well-formed answers.
 *
 * @module
 */
import type { FetchFn } from '../../src/rpc/client.ts';
import { statusOfErrorType } from '../../src/rpc/error-types.ts';
import type { ChannelSnapshot } from '../../src/rool/space-methods.ts';
import type {
  ChannelInfo,
  Interaction,
  RoolObjectStat,
  RoolSpaceInfo,
} from '../../src/rool/types.ts';

/** One call the fake received. */
export interface FakeCall {
  /** The method. */
  method: string;
  // deno-lint-ignore no-explicit-any
  input: any;
  /** The request's headers. */
  headers: Headers;
  /** The URL posted to. */
  url: string;
}

/** A handler's refusal: answered as `{ok: false, error}` with the table's status. */
export class Refusal {
  /** Creates it. */
  constructor(readonly type: string, readonly message: string) {}
}

/** A handler: the method's value, or a {@linkcode Refusal}. */
// deno-lint-ignore no-explicit-any
export type FakeHandler = (input: any, call: FakeCall) => unknown;

/** The fake: its `fetch`, the calls it received, and its handlers (replaceable). */
export interface FakeRool {
  /** Give it to the client as `fetch`. */
  fetch: FetchFn;
  /** Every call, in order. */
  calls: FakeCall[];
  /** Handlers by method; unknown methods answer `method_not_found`. */
  handlers: Record<string, FakeHandler>;
  /** The calls of one method. */
  callsOf(method: string): FakeCall[];
}

/** Creates a fake answering with `handlers`. */
export function fakeRool(handlers: Record<string, FakeHandler> = {}): FakeRool {
  const calls: FakeCall[] = [];
  const fake: FakeRool = {
    calls,
    handlers,
    callsOf: (method) => calls.filter((call) => call.method === method),
    fetch: async (url, init) => {
      const { method, input } = JSON.parse(String(init?.body));
      const call: FakeCall = {
        method,
        input,
        headers: new Headers(init?.headers),
        url: String(url),
      };
      calls.push(call);
      const handler = fake.handlers[method];
      if (!handler) return refuse(new Refusal('method_not_found', `No method ${method}`));
      let value: unknown;
      try {
        value = await handler(input, call);
      } catch (error) {
        if (error instanceof Refusal) return refuse(error);
        throw error;
      }
      if (value instanceof Refusal) return refuse(value);
      return Response.json({ ok: true, value: value ?? {} });
    },
  };
  return fake;
}

function refuse(refusal: Refusal): Response {
  return Response.json(
    { ok: false, error: { type: refusal.type, message: refusal.message } },
    { status: statusOfErrorType(refusal.type) },
  );
}

/** A space as the server lists it. */
export function spaceInfo(overrides: Partial<RoolSpaceInfo> = {}): RoolSpaceInfo {
  return {
    id: 'spc1',
    name: 'Solar System',
    inboundEmailAddress: 'spc1@in.rool.test',
    role: 'owner',
    ownerId: 'usr_alice',
    size: 0,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    linkAccess: 'none',
    memberCount: 1,
    ...overrides,
  };
}

/** A channel as the server lists it. */
export function channelInfo(overrides: Partial<ChannelInfo> = {}): ChannelInfo {
  return {
    id: 'main',
    name: null,
    createdAt: 1,
    createdBy: 'usr_alice',
    createdByName: 'Alice',
    conversationCount: 1,
    ...overrides,
  };
}

/** A `channels.open` answer. */
export function channelSnapshot(overrides: Partial<ChannelSnapshot> = {}): ChannelSnapshot {
  return {
    space: spaceInfo(),
    channel: channelInfo(),
    userId: 'usr_alice',
    schema: {},
    metadata: {},
    conversations: {},
    history: { canUndo: false, canRedo: false },
    created: false,
    ...overrides,
  };
}

/** A recorded interaction. */
export function interaction(id: string, overrides: Partial<Interaction> = {}): Interaction {
  return {
    id,
    parentId: null,
    timestamp: 1,
    userId: 'usr_alice',
    userName: 'Alice',
    operation: 'putObject',
    input: 'putObject',
    output: 'Done',
    status: 'done',
    ai: false,
    modifiedObjectPaths: [],
    toolCalls: [],
    ...overrides,
  };
}

/** An object's stat. */
export function stat(path: string, overrides: Partial<RoolObjectStat> = {}): RoolObjectStat {
  return {
    path,
    modifiedAt: 1,
    modifiedBy: 'usr_alice',
    modifiedByName: 'Alice',
    modifiedInChannel: 'main',
    modifiedInConversation: 'default',
    modifiedInInteraction: null,
    ...overrides,
  };
}
