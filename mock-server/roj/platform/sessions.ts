/**
 * Handlers of `sessions.*` (docs/roj-contract.md §3): create, list and publish.
 * The rules live in `../domain/sessions.ts`, which the instance endpoint shares.
 *
 * @module
 */
import { findInstance } from '../domain/instances.ts';
import { checkOrigin } from '../domain/origin.ts';
import {
  createSession,
  findSession,
  publishSession,
  sessionsOf,
  sessionStatus,
} from '../domain/sessions.ts';
import { iso } from '../state.ts';
import type { NamespaceHandlers } from './_handlers.ts';

/** Handlers of `sessions.create`, `list` and `publish`. */
export const sessionsHandlers: NamespaceHandlers<'sessions'> = {
  'sessions.create': (input, ctx) => {
    // The origin's form is part of the input's shape, so it is checked before any lookup.
    if (input.origin !== undefined) checkOrigin(input.origin, '/origin');
    const instance = findInstance(ctx, input.instanceId);
    const { session, wsToken } = createSession(ctx, {
      instance,
      presetId: input.presetId,
      blocking: input.blocking,
      origin: input.origin,
      expiresIn: input.expiresIn,
    });
    return { sessionId: session.id, status: sessionStatus(session, ctx.now), wsToken };
  },
  'sessions.list': ({ instanceId }, ctx) => {
    const instance = findInstance(ctx, instanceId);
    return {
      sessions: sessionsOf(ctx.state, instance).map((s) => ({
        id: s.id,
        presetId: s.presetId,
        status: sessionStatus(s, ctx.now),
        createdAt: iso(s.createdAt),
      })),
    };
  },
  'sessions.publish': ({ instanceId, sessionId }, ctx) => {
    const instance = findInstance(ctx, instanceId);
    const session = findSession(ctx.state, { instance, sessionId });
    return publishSession(ctx, { instance, session });
  },
};
