/**
 * The role each Rool method needs, transcribed from docs/rool-contract.md §3 (its table and the
 * rules under it), and the outcome that gives each credential case. A method whose rule depends
 * on its input (`channels.open` creating, granting or removing an admin, leaving) has a variant
 * per rule, named `method (what it does)`. Methods outside the table act on the caller alone and
 * need only a signed-in user (§2). `rool.test.ts` checks that the variants name exactly the
 * registry's methods.
 *
 * @module
 */
import type { RoolUserRole } from '../../src/rool/types.ts';
import { type Outcome, refusal, success } from './matrix.ts';
import { atLeast, effectiveRole, type RoolCase } from './rool-cases.ts';

/** What a method needs: a signed-in user, or a role in the space it names. */
export type RoolNeed = 'signedIn' | RoolUserRole;

/** The rule of one variant. */
export interface RoolRule {
  /** What it needs. */
  needs: RoolNeed;
  /**
   * A documented outcome that differs from the role rule for some callers, or `'undocumented'`
   * for a caller the contract says nothing about (the pair is left out of the matrix).
   */
  except?: (kase: RoolCase) => Outcome | 'undocumented' | undefined;
  /** Whether a success revokes the caller's credentials (§2: logout, account deletion). */
  revokesCaller?: boolean;
}

const signedIn: RoolRule = { needs: 'signedIn' };
const viewer: RoolRule = { needs: 'viewer' };
const editor: RoolRule = { needs: 'editor' };
const admin: RoolRule = { needs: 'admin' };
const owner: RoolRule = { needs: 'owner' };

/** Every Rool variant's rule, by variant name. */
export const roolRules: Readonly<Record<string, RoolRule>> = Object.freeze({
  'user.get': signedIn,
  'user.update': signedIn,
  'user.delete': { needs: 'signedIn', revokesCaller: true },
  'user.search': signedIn,
  'user.setPassword': signedIn,
  'storage.get': signedIn,
  'storage.set': signedIn,
  'auth.verify': signedIn,
  'auth.logout': { needs: 'signedIn', revokesCaller: true },
  'telemetry.report': signedIn,
  // "spaces.list lists the spaces the caller is a member of"; anyone signed in creates one.
  'spaces.list': signedIn,
  'spaces.create': signedIn,
  'spaces.get': viewer,
  'spaces.rename': admin,
  'spaces.delete': owner,
  'spaces.duplicate': viewer,
  'spaces.setLinkAccess': admin,
  'members.list': viewer,
  'members.add': admin,
  'members.add (granting admin)': owner,
  "members.add (changing an admin's role)": owner,
  'members.remove': admin,
  'members.remove (an admin)': owner,
  // "Any member may remove themselves (leave), except the owner" (409: "the owner cannot be
  // removed"). Whether a visitor who is no member may "leave" the contract does not say.
  'members.remove (leaving)': {
    needs: 'viewer',
    except: (kase) => {
      if (kase.member === 'owner') return refusal('conflict');
      if (kase.member === undefined && effectiveRole(kase) !== undefined) return 'undocumented';
      return undefined;
    },
  },
  'channels.list': viewer,
  'channels.open': viewer,
  'channels.open (creating the channel)': editor,
  'channels.rename': editor,
  'channels.delete': editor,
  'objects.get': viewer,
  'objects.getMany': viewer,
  'objects.stat': viewer,
  'objects.put': editor,
  'objects.patch': editor,
  'objects.move': editor,
  'objects.delete': editor,
  'collections.create': editor,
  'collections.alter': editor,
  'collections.drop': editor,
  'schema.get': viewer,
  'metadata.get': viewer,
  'metadata.set': editor,
  'proxy.fetch': editor,
  'conversations.list': viewer,
  'conversations.get': viewer,
  'conversations.delete': editor,
  'conversations.rename': editor,
  'conversations.setSystemInstruction': editor,
  // "read-only for a viewer": a viewer's prompt is answered, its mutating tools refused.
  'ai.prompt': viewer,
  'ai.stop': viewer,
  'ai.stopInteraction': viewer,
  'checkpoints.create': editor,
  'checkpoints.status': viewer,
  'checkpoints.history': viewer,
  'checkpoints.undo': editor,
  'checkpoints.redo': editor,
  'checkpoints.clear': editor,
});

/**
 * The registry method of a variant.
 *
 * @param variant The variant, e.g. `channels.open (creating the channel)`.
 * @returns The method, e.g. `channels.open`.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { methodOf } from './rool-policy.ts';
 * assert.equal(methodOf('members.remove (leaving)'), 'members.remove');
 * ```
 */
export function methodOf(variant: string): string {
  return variant.split(' (')[0];
}

/**
 * The documented outcome of an RPC call of a variant with a case, or `undefined` when the
 * contract does not decide it. Every credential the contract refuses is 401, and RPC takes only
 * `Bearer` (§2). A caller without a role in the space gets 404; a role below the one needed, 403.
 *
 * @param rule The variant's rule.
 * @param kase The credential case.
 * @returns The outcome.
 */
export function roolRpcOutcome(rule: RoolRule, kase: RoolCase): Outcome | undefined {
  if (kase.kind !== 'caller') return refusal('unauthorized');
  return roleOutcome(rule, kase);
}

/**
 * The outcome a signed-in caller gets from a route with a rule: success for a method of the
 * caller's own, else by their effective role in the space.
 *
 * @param rule The rule.
 * @param kase The caller.
 * @param status The route's success status.
 * @returns The outcome, or `undefined` when the contract does not decide it.
 */
export function roleOutcome(rule: RoolRule, kase: RoolCase, status = 200): Outcome | undefined {
  if (rule.needs === 'signedIn') return success(status);
  const exception = rule.except?.(kase);
  if (exception === 'undocumented') return undefined;
  if (exception) return exception;
  const role = effectiveRole(kase);
  if (role === undefined) return refusal('not_found');
  return atLeast(role, rule.needs) ? success(status) : refusal('forbidden');
}
