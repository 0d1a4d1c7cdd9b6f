/**
 * Sessions: creating one in an instance, finding one, its status at a time,
 * and publishing its work (docs/roj-contract.md §3, `sessions.*`). The
 * platform methods and the instance methods share these, so both endpoints
 * follow the same rules.
 *
 * @module
 */
import { RpcFault } from '../../rpc/fault.ts';
import type { PublishSessionOutput } from '../../../src/roj/methods.ts';
import type { PlatformContext } from '../context.ts';
import type { InstanceRecord, RojState, SessionRecord } from '../state.ts';
import { appendCompact, newSecret, nextId } from '../state.ts';
import { echo } from './echo.ts';
import { requireNotArchived } from './instances.ts';
import { appendEvent } from './lifecycle.ts';
import { checkOrigin } from './origin.ts';

/** A session's status, as `sessions.list` and `instances.status` report it. */
export type SessionStatus = 'creating' | 'active';

/** Options of {@linkcode createSession}. */
export interface CreateSessionOptions {
  /** The instance, found by the caller (its existence is the caller's 404). */
  instance: InstanceRecord;
  /** Preset of the session. */
  presetId: string;
  /** Makes the session `active` at once. */
  blocking?: boolean;
  /** Origin the WebSocket token is bound to; checked here (400 at `/origin`). */
  origin?: string;
  /** WebSocket token lifetime in seconds; its bounds are the schema's. */
  expiresIn?: number;
}

/**
 * Finds a seeded preset.
 *
 * @param ctx The request's context.
 * @param presetId The preset id from the input.
 * @returns The preset.
 * @throws {RpcFault} `not_found` when the seed has no such preset.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { findPreset } from './sessions.ts';
 * const ctx = { state: { presets: new Map() }, runtime: { apiKeys: [] } } as unknown as Parameters<
 *   typeof findPreset
 * >[0];
 * assert.throws(() => findPreset(ctx, 'nope'), /Preset "nope" not found/);
 * ```
 */
export function findPreset(
  ctx: Pick<PlatformContext, 'state' | 'runtime'>,
  presetId: string,
): RojState['seed']['presets'][number] {
  const preset = ctx.state.presets.get(presetId);
  if (!preset) throw new RpcFault('not_found', `Preset ${echo(ctx.runtime, presetId)} not found`);
  return preset;
}

/**
 * Creates a session in an instance and records `session.created` (its detail
 * is the session id). It checks, in order, the origin's form (400 at
 * `/origin`), that the instance is not archived (409) and the preset (404),
 * all before it changes anything. The caller checks that the instance exists.
 *
 * The WebSocket token is an `rjw_` secret. The mock serves no WebSocket, so
 * it is not stored: it is not an instance token.
 *
 * @param ctx The request's context.
 * @param options The instance, preset, blocking flag, and the token's origin and lifetime.
 * @returns The session and its WebSocket token.
 * @throws {RpcFault} `validation_error`, `conflict` or `not_found` as above.
 *
 * @example Usage
 * ```ts ignore
 * const { session, wsToken } = createSession(ctx, { instance, presetId: 'default' });
 * ```
 */
export function createSession(
  ctx: PlatformContext,
  options: CreateSessionOptions,
): { session: SessionRecord; wsToken: string } {
  const { instance } = options;
  if (options.origin !== undefined) checkOrigin(options.origin, '/origin');
  requireNotArchived(instance);
  findPreset(ctx, options.presetId);
  const session: SessionRecord = {
    id: nextId(ctx.state, 'ses'),
    instanceId: instance.id,
    presetId: options.presetId,
    createdAt: ctx.now,
    activeAt: options.blocking ? ctx.now : ctx.now + ctx.runtime.timing.sessionActiveMs,
  };
  ctx.state.sessions.set(session.id, session);
  instance.sessionIds = appendCompact(instance.sessionIds, session.id);
  appendEvent(instance, { event: 'session.created', detail: session.id, at: ctx.now });
  return { session, wsToken: newSecret('rjw') };
}

/**
 * A session of an instance.
 *
 * @param state The state.
 * @param options The instance and the session id from the input.
 * @returns The session.
 * @throws {RpcFault} `not_found` when there is no such session or it belongs to another instance.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { findSession } from './sessions.ts';
 * const state = { sessions: new Map() } as unknown as Parameters<typeof findSession>[0];
 * const instance = { id: 'ins_000001' } as unknown as Parameters<typeof findSession>[1]['instance'];
 * assert.throws(() => findSession(state, { instance, sessionId: 'ses_000009' }), /not found/);
 * ```
 */
export function findSession(
  state: RojState,
  options: { instance: InstanceRecord; sessionId: string },
): SessionRecord {
  const session = state.sessions.get(options.sessionId);
  if (!session || session.instanceId !== options.instance.id) {
    // The id is echoed only when it is one of ours: it may be anything the caller typed.
    const named = session ? ` ${session.id}` : '';
    throw new RpcFault('not_found', `Session${named} not found in instance ${options.instance.id}`);
  }
  return session;
}

/**
 * The sessions of an instance, oldest first.
 *
 * @param state The state.
 * @param instance The instance.
 * @returns Its sessions.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { sessionsOf } from './sessions.ts';
 * const state = { sessions: new Map() } as unknown as Parameters<typeof sessionsOf>[0];
 * const instance = { sessionIds: [] } as unknown as Parameters<typeof sessionsOf>[1];
 * assert.deepEqual(sessionsOf(state, instance), []);
 * ```
 */
export function sessionsOf(state: RojState, instance: InstanceRecord): SessionRecord[] {
  return instance.sessionIds.map((id) => state.sessions.get(id)!);
}

/**
 * A session's status at a time: `active` from `activeAt` on, else `creating`.
 *
 * @param session The session.
 * @param now The time (ms).
 * @returns The status.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { sessionStatus } from './sessions.ts';
 * const session = { activeAt: 10 } as unknown as Parameters<typeof sessionStatus>[0];
 * assert.equal(sessionStatus(session, 9), 'creating');
 * assert.equal(sessionStatus(session, 10), 'active');
 * ```
 */
export function sessionStatus(session: SessionRecord, now: number): SessionStatus {
  return now >= session.activeAt ? 'active' : 'creating';
}

/**
 * Publishes a session's work to its instance's version control and records
 * `session.published` (its detail is the session id). With `vcsType: 'none'`
 * nothing is pushed; otherwise a new commit is, with a fresh SHA.
 *
 * @param ctx The request's context.
 * @param options The instance and one of its sessions (see {@linkcode findSession}).
 * @returns `{ok, pushed, commitSha?}`.
 * @throws {RpcFault} `conflict` when the instance is archived.
 *
 * @example Usage
 * ```ts ignore
 * const session = findSession(ctx.state, { instance, sessionId });
 * const { pushed, commitSha } = publishSession(ctx, { instance, session });
 * ```
 */
export function publishSession(
  ctx: PlatformContext,
  options: { instance: InstanceRecord; session: SessionRecord },
): PublishSessionOutput {
  const { instance, session } = options;
  requireNotArchived(instance);
  appendEvent(instance, { event: 'session.published', detail: session.id, at: ctx.now });
  if (instance.vcsType === 'none') return { ok: true, pushed: false };
  return { ok: true, pushed: true, commitSha: newCommitSha() };
}

// 160 random bits: a fake commit cannot collide with an earlier one in practice.
function newCommitSha(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
