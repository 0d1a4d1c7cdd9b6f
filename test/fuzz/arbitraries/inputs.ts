/**
 * Method inputs drawn from the generated JSON Schemas: valid ones whose ID
 * fields often name a fixture (so calls get past "not found" into the
 * handlers), near misses broken in one known place, and valid ones with a
 * secret in a field, to catch an error message that echoes it.
 *
 * Drawing a value from a schema costs fast-check about 50 µs, a hundred
 * times what the rest of a request costs, so each method's values are drawn
 * once, with the run's seed, into a pool that requests then pick from.
 *
 * @module
 */
import fc from 'fast-check';
import { type NearMiss, nearMiss, validValue } from '../../../conformance/arbitrary.ts';
import type { Endpoint } from '../catalog.ts';
import { ref } from '../request.ts';
import { mapLeaves } from './json.ts';

/** A method and its input. */
export interface Call {
  /** The method. */
  method: string;
  /** The input. */
  input: unknown;
}

/** A method and a near miss of its input. */
export interface Miss {
  /** The method. */
  method: string;
  /** The near miss. */
  miss: NearMiss;
}

/** Values a field of this name may take to name a fixture, by field name. */
const fixtureValues: Readonly<Record<string, readonly string[]>> = {
  instanceId: [ref('instanceId'), ref('otherInstanceId')],
  sessionId: [ref('sessionId')],
  sandboxId: [ref('sandboxId')],
  fileId: [ref('fileId')],
  resourceId: [ref('resourceId')],
  resourceSlug: [ref('resourceSlug'), 'starter'],
  slug: [ref('resourceSlug'), 'starter'],
  bundleSlug: ['starter'],
  bundleId: ['bun_starter'],
  bundleRevisionId: ['rev_starter_1'],
  revisionId: ['rev_starter_1'],
  templateSlug: ['starter'],
  presetId: ['default'],
  token: [ref('sandboxToken')],
  origin: [ref('origin')],
  spaceId: [ref('spaceId'), ref('otherSpaceId')],
  channelId: [ref('channelId')],
  conversationId: ['default'],
  path: [ref('objectPath')],
  from: [ref('objectPath')],
  to: [`/space/${ref('collection')}/moved.json`],
  name: [ref('collection')],
  userId: [ref('bobId'), ref('userId')],
  email: ['bob@example.com'],
  url: ['https://example.com/fuzz'],
  serviceType: ['preview'],
};

/** Fixture references to secrets, for a field that should never be echoed. */
export const secretRefs: readonly string[] = [
  ref('apiKey'),
  ref('token'),
  ref('sandboxToken'),
  ref('aliceToken'),
  ref('jwt'),
  ref('password'),
];

/** Methods never called with a valid input: hashing a password takes PBKDF2's 100 000 rounds. */
const slowMethods = new Set(['user.setPassword']);

/**
 * Whether a method may be called with a valid input in a fuzz run.
 *
 * @param endpoint The endpoint.
 * @param method The method.
 * @returns `false` for the admin endpoint (a valid call resets the mock) and slow methods.
 */
export function mayCallValid(endpoint: Endpoint, method: string): boolean {
  return endpoint.name !== 'admin' && !slowMethods.has(method);
}

/** The inputs requests to an endpoint pick from. */
export interface InputPool {
  /** Valid calls of the methods that may be called validly (all methods, for the admin endpoint). */
  calls: readonly Call[];
  /** Near misses of every method. */
  misses: readonly Miss[];
}

/**
 * Draws an endpoint's pool.
 *
 * @param endpoint The endpoint.
 * @param options How many values per method, and the seed.
 * @returns The pool.
 */
export function inputPool(
  endpoint: Endpoint,
  options: { perMethod: number; seed: number },
): InputPool {
  const calls: Call[] = [];
  const misses: Miss[] = [];
  const sample = { numRuns: options.perMethod, seed: options.seed };
  for (const method of endpoint.methods) {
    const schema = endpoint.input[method];
    if (mayCallValid(endpoint, method) || endpoint.name === 'admin') {
      for (const input of fc.sample(validValue(schema, endpoint.components), sample)) {
        calls.push({ method, input });
      }
    }
    for (const miss of fc.sample(nearMiss(schema, endpoint.components), sample)) {
      misses.push({ method, miss });
    }
  }
  return { calls, misses };
}

/**
 * Calls from a pool, with ID fields naming fixtures about two times in three. For the admin
 * endpoint, whose valid calls reset the mock, the calls are only ever sent broken.
 *
 * @param pool The pool.
 * @returns The arbitrary.
 */
export function callFrom(pool: InputPool): fc.Arbitrary<Call> {
  return fc.tuple(fc.nat(pool.calls.length - 1), fc.nat()).map(([i, bits]) => {
    const { method, input } = pool.calls[i];
    let choices = bits;
    const substituted = mapLeaves(input, (leaf, key) => {
      const options = fixtureValues[key];
      if (typeof leaf !== 'string' || !options) return undefined;
      const choice = choices % 3;
      choices = Math.floor(choices / 3);
      return choice === 0 ? undefined : options[choice % options.length];
    });
    return { method, input: substituted };
  });
}

/**
 * Near misses from a pool.
 *
 * @param pool The pool.
 * @returns The arbitrary.
 */
export function missFrom(pool: InputPool): fc.Arbitrary<Miss> {
  return fc.nat(pool.misses.length - 1).map((i) => pool.misses[i]);
}

/**
 * Calls from a pool with one string field holding a secret.
 *
 * @param pool The pool.
 * @returns The arbitrary.
 */
export function callWithSecret(pool: InputPool): fc.Arbitrary<Call> {
  return fc.tuple(callFrom(pool), fc.nat(), fc.constantFrom(...secretRefs)).map(
    ([call, at, secret]) => {
      let strings = 0;
      mapLeaves(
        call.input,
        (leaf) => (typeof leaf === 'string' ? (strings++, undefined) : undefined),
      );
      if (strings === 0) return { ...call, input: { ...(call.input as object), id: secret } };
      const target = at % strings;
      let i = 0;
      const input = mapLeaves(call.input, (leaf) => {
        if (typeof leaf !== 'string') return undefined;
        return i++ === target ? secret : undefined;
      });
      return { method: call.method, input };
    },
  );
}
