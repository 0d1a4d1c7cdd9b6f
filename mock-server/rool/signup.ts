/**
 * Accounts made on the login page (docs/rool-contract.md §2): finding a user
 * by email, creating one with a unique slug, and the verification token a
 * signup issues for `auth.verify`.
 *
 * @module
 */
import { nextId, randomId, type RoolState, type UserRecord } from './state.ts';

/**
 * The account with an email, compared case-insensitively; deleted accounts are not found.
 *
 * @param state The state.
 * @param email The email.
 * @returns The user, if any.
 */
export function findUserByEmail(state: RoolState, email: string): UserRecord | undefined {
  const wanted = email.toLowerCase();
  for (const user of state.users.values()) {
    if (!user.deleted && user.email.toLowerCase() === wanted) return user;
  }
  return undefined;
}

/**
 * Creates an account, with a slug made from the email's local part.
 *
 * @param state The state.
 * @param account The `email`, the `name` (or `null`) and the clock reading `now` (ms).
 * @returns The new user.
 */
export function createUser(
  state: RoolState,
  account: { email: string; name: string | null; now: number },
): UserRecord {
  const user: UserRecord = {
    id: nextId(state, 'usr'),
    email: account.email,
    name: account.name,
    slug: uniqueSlug(state, account.email),
    createdAt: account.now,
    lastActivity: account.now,
    marketingOptIn: false,
    verified: false,
    deleted: false,
    storage: new Map(),
    storageBytes: 0,
  };
  state.users.set(user.id, user);
  return user;
}

/**
 * A slug no user has: the email's local part, lowercased, made to fit the slug rule, with `-2`,
 * `-3`… appended while taken.
 *
 * @param state The state.
 * @param email The email.
 * @returns The slug.
 */
export function uniqueSlug(state: RoolState, email: string): string {
  let base = email.split('@')[0].toLowerCase().replace(/[^a-z0-9_-]/g, '-');
  if (!/^[a-z]/.test(base)) base = `u${base}`;
  base = base.padEnd(3, '0').slice(0, 28);
  const taken = new Set([...state.users.values()].map((u) => u.slug));
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
  return slug;
}

/**
 * Issues an email verification token for a user.
 *
 * @param state The state.
 * @param userId The user.
 * @returns The token, `rvt_…`.
 */
export function newVerificationToken(state: RoolState, userId: string): string {
  const token = randomId('rvt', 32);
  state.verificationTokens.set(token, userId);
  return token;
}
