/**
 * Handlers of `user.*`, `auth.verify`, `auth.logout` and `telemetry.report`
 * (docs/rool-contract.md §2, §8): the signed-in user's profile, password and
 * account, and their session.
 *
 * @module
 */
import { RpcFault } from '../../rpc/fault.ts';
import type { RoolContext } from '../context.ts';
import { revoke, revokeTokensOf } from '../auth.ts';
import { hashPassword, meetsPasswordRule, passwordRule } from '../password.ts';
import { telemetryKept } from '../state.ts';
import { currentUser, userResult } from '../views.ts';
import type { NamespaceHandlers } from './_types.ts';

/** Handlers of the user, auth and telemetry methods. */
export const userHandlers: NamespaceHandlers<'user' | 'auth' | 'telemetry'> = {
  'user.get': (_input, ctx) => currentUser(ctx.user, ctx.now),
  'user.update': ({ name, slug, marketingOptIn }, ctx) => {
    const { user, state } = ctx;
    if (slug !== undefined && slug !== user.slug) {
      for (const other of state.users.values()) {
        if (other.slug === slug) {
          throw new RpcFault('conflict', `Slug ${ctx.quote(slug)} is taken; choose another`, {
            path: '/slug',
          });
        }
      }
    }
    if (name !== undefined) user.name = name;
    if (slug !== undefined) user.slug = slug;
    if (marketingOptIn !== undefined) user.marketingOptIn = marketingOptIn;
    return currentUser(user, ctx.now);
  },
  'user.delete': (_input, ctx) => {
    ctx.user.deleted = true;
    revokeTokensOf(ctx.runtime, ctx.user.id);
    return {};
  },
  'user.search': ({ email }, ctx) => {
    const wanted = email.toLowerCase();
    for (const user of ctx.state.users.values()) {
      if (!user.deleted && user.email.toLowerCase() === wanted) return { user: userResult(user) };
    }
    return { user: null };
  },
  'user.setPassword': async ({ password }, ctx) => {
    if (!meetsPasswordRule(password)) {
      throw new RpcFault('validation_error', passwordRule, { path: '/password' });
    }
    ctx.user.passwordHash = await hashPassword(password);
    return {};
  },
  'auth.verify': ({ token }, ctx) => {
    const userId = ctx.state.verificationTokens.get(token);
    const user = userId === undefined ? undefined : ctx.state.users.get(userId);
    if (!user) return { verified: false };
    ctx.state.verificationTokens.delete(token);
    user.verified = true;
    return { verified: true };
  },
  'auth.logout': (_input, ctx) => {
    revoke(ctx.runtime, ctx.credential);
    return {};
  },
  'telemetry.report': ({ event, url }, ctx) => {
    reportEvent(ctx, event, url ?? null);
    return {};
  },
};

/**
 * Records a telemetry event, keeping the latest {@linkcode telemetryKept}.
 *
 * @param ctx The call's context: who and when.
 * @param event The event name.
 * @param url The page, if any.
 */
export function reportEvent(ctx: RoolContext, event: string, url: string | null): void {
  const { telemetry } = ctx.state;
  telemetry.push({ userId: ctx.user.id, event, url, at: ctx.now });
  if (telemetry.length > telemetryKept) telemetry.splice(0, telemetry.length - telemetryKept);
}
