/**
 * The current user, user storage, auth and telemetry methods of the Rool
 * registry.
 *
 * @module
 */
import { defineMethods, method, type MethodDef } from '../rpc/definition.ts';
import type { Done } from './_refs.ts';
import type { CurrentUser, UserResult } from './types.ts';

/** Input of `user.update`: the fields to change. */
export interface UpdateCurrentUserInput {
  /**
   * Display name.
   * @minLength 1
   * @maxLength 200
   */
  name?: string;
  /**
   * 3–32 characters: a lowercase letter, then lowercase letters, digits, `-` or `_`.
   * @pattern ^[a-z][a-z0-9_-]{2,31}$
   */
  slug?: string;
  /** Whether the user accepts marketing email. */
  marketingOptIn?: boolean;
}

/** Input of `user.search`. */
export interface SearchUserInput {
  /**
   * The exact email address; no partial matches.
   * @minLength 3
   * @maxLength 320
   */
  email: string;
}

/** Output of `user.search`. */
export interface SearchUserOutput {
  /** The user, or `null` when no user has that email. */
  user: UserResult | null;
}

/** Input of `user.setPassword`. */
export interface SetPasswordInput {
  /**
   * At least 8 characters, with letters and either digits or symbols.
   * @minLength 8
   * @maxLength 256
   */
  password: string;
}

/** Output of `storage.get`. */
export interface UserStorageOutput {
  /** Every key and value. */
  storage: Record<string, unknown>;
  /** Bytes used of the 10 MB per-user limit. */
  usedBytes: number;
  /** The limit in bytes. */
  limitBytes: number;
}

/** Input of `storage.set`. */
export interface SetUserStorageInput {
  /**
   * The key.
   * @minLength 1
   * @maxLength 256
   */
  key: string;
  /** The value; `null` deletes the key. */
  value: unknown;
}

/** Output of `storage.set`. */
export interface SetUserStorageOutput {
  /** Bytes used after the change. */
  usedBytes: number;
}

/** Input of `auth.verify`: an email verification token. */
export interface VerifyInput {
  /**
   * The token from the verification email.
   * @minLength 1
   * @maxLength 512
   */
  token: string;
}

/** Output of `auth.verify`. */
export interface VerifyOutput {
  /** Whether the token was valid and the email is now verified. */
  verified: boolean;
}

/** Input of `telemetry.report`. */
export interface ReportEventInput {
  /**
   * The event name.
   * @minLength 1
   * @maxLength 128
   */
  event: string;
  /**
   * The page it happened on.
   * @maxLength 2048
   */
  url?: string;
}

/** The user, storage, auth and telemetry methods. */
export type UserMethods = {
  /** The signed-in user's profile. */
  'user.get': MethodDef<Done, CurrentUser>;
  /** Changes the name, slug or marketing opt-in. */
  'user.update': MethodDef<UpdateCurrentUserInput, CurrentUser>;
  /** Marks the account for deletion and revokes its tokens. */
  'user.delete': MethodDef<Done, Done>;
  /** Finds a user by exact email. */
  'user.search': MethodDef<SearchUserInput, SearchUserOutput>;
  /** Sets or changes the password. */
  'user.setPassword': MethodDef<SetPasswordInput, Done>;
  /** All of the user's storage. */
  'storage.get': MethodDef<Done, UserStorageOutput>;
  /** Sets or deletes one key; the total is limited to 10 MB. */
  'storage.set': MethodDef<SetUserStorageInput, SetUserStorageOutput>;
  /** Completes email verification. */
  'auth.verify': MethodDef<VerifyInput, VerifyOutput>;
  /** Revokes the token the call is made with. */
  'auth.logout': MethodDef<Done, Done>;
  /** Records a telemetry event. */
  'telemetry.report': MethodDef<ReportEventInput, Done>;
};

/**
 * The user, storage, auth and telemetry methods.
 * `method({ read: true })` marks the methods that only read, which a client with a retry
 * policy may retry; every other method may change state and is never retried.
 */
export const userMethods: UserMethods = defineMethods<UserMethods>({
  'user.get': method({ read: true }),
  'user.update': method(),
  'user.delete': method(),
  'user.search': method({ read: true }),
  'user.setPassword': method(),
  'storage.get': method({ read: true }),
  'storage.set': method(),
  'auth.verify': method(),
  'auth.logout': method(),
  'telemetry.report': method(),
});
