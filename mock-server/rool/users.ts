/**
 * The users the Rool mock starts with (docs/rool-contract.md §2): `--user
 * NAME:TOKEN` seeds user `NAME` (ID `usr_NAME`, email `NAME@example.com`) with
 * an opaque bearer token; without it, the development users alice and bob.
 * No runtime API is used, so the command line and a Worker share this.
 *
 * @module
 */

/** A user to seed, with the bearer token they call with. */
export interface SeedUser {
  /** 3–32 characters of `a–z 0–9 - _`, starting with a letter. */
  name: string;
  /** The opaque bearer token. */
  token: string;
}

/** The users seeded when none are given. Their tokens are public: development only. */
export const defaultRoolUsers: readonly SeedUser[] = Object.freeze([
  Object.freeze({ name: 'alice', token: 'rool_alice_token' }),
  Object.freeze({ name: 'bob', token: 'rool_bob_token' }),
]);

const namePattern = /^[a-z][a-z0-9_-]{2,31}$/;
// Printable ASCII without spaces: what fits in `Authorization: Bearer <token>`.
const tokenPattern = /^[\x21-\x7e]{8,512}$/;

/** A `--user` value that does not parse; the message never contains the token. */
export class UserSpecError extends Error {
  /** Always `UserSpecError`. */
  override readonly name = 'UserSpecError';
}

/**
 * Parses one `NAME:TOKEN`.
 *
 * @param spec The value, e.g. `carol:carol_secret_token`.
 * @returns The user.
 * @throws {UserSpecError} When the name or the token breaks its rule.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { parseUserSpec } from './users.ts';
 * assert.deepEqual(parseUserSpec('carol:carol_token_1'), { name: 'carol', token: 'carol_token_1' });
 * ```
 */
export function parseUserSpec(spec: string): SeedUser {
  const colon = spec.indexOf(':');
  if (colon < 0) throw new UserSpecError('A user must be given as NAME:TOKEN');
  const name = spec.slice(0, colon);
  const token = spec.slice(colon + 1);
  if (!namePattern.test(name)) {
    const shown = JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);
    throw new UserSpecError(
      `User name ${shown} must be 3–32 characters of a–z, 0–9, - or _, starting with a letter`,
    );
  }
  if (!tokenPattern.test(token)) {
    throw new UserSpecError(
      `The token of user ${name} must be 8–512 printable ASCII characters without spaces`,
    );
  }
  return { name, token };
}

/**
 * Parses a list of `NAME:TOKEN` values and checks that names and tokens are unique.
 *
 * @param specs The values, one per user.
 * @returns The users, in order.
 * @throws {UserSpecError} For a bad value, or a name or token given twice.
 */
export function parseUserSpecs(specs: readonly string[]): SeedUser[] {
  const users = specs.map(parseUserSpec);
  const names = new Set<string>();
  const tokens = new Set<string>();
  for (const { name, token } of users) {
    if (names.has(name)) throw new UserSpecError(`User ${name} is given twice`);
    if (tokens.has(token)) {
      throw new UserSpecError(`User ${name} has the same token as another user`);
    }
    names.add(name);
    tokens.add(token);
  }
  return users;
}

/**
 * Whether a user is one of the development users, token included: the banner shows only their
 * tokens.
 *
 * @param user The user.
 * @returns `true` for alice and bob with their default tokens.
 */
export function isDefaultRoolUser(user: SeedUser): boolean {
  return defaultRoolUsers.some((d) => d.name === user.name && d.token === user.token);
}
