/**
 * The mock under fuzzing: a server with small limits (so an oversized body is
 * cheap to make), a clock that stands still (so no record moves by itself
 * between two digests), `proxy.fetch` answered in process (no network), and
 * every unexpected error recorded. After a request that may have changed a
 * product's state, that product goes back to its fixtures before the next
 * batch: Roj's state from a copy (it is plain data), Rool's rebuilt through
 * the API (its spaces hold live objects: tracked maps, the drive, locks).
 *
 * @module
 */
import { createMockServer, type HandlerOverrides, type MockServer } from '../../mock-server/mod.ts';
import type { RojState } from '../../mock-server/roj/state.ts';
import { hashPassword } from '../../mock-server/rool/password.ts';
import { rojStateDigest, roolStateDigest } from '../helpers/state-digest.ts';
import {
  alicePassword,
  buildRojFixtures,
  buildRoolFixtures,
  type Fixtures,
  type MovableClock,
} from './fixtures.ts';

/** The limits the fuzzed mock runs with: small, so that going past them costs little. */
export const fuzzLimits = {
  /** Roj and Rool RPC bodies: room for a JSON text nested 10 000 deep, so depth is what refuses it. */
  rpcBodyBytes: 96 * 1024,
  /** Roj uploads. */
  uploadBytes: 4 * 1024,
  /** Rool archive imports. */
  archiveBytes: 16 * 1024,
  /** Rool drive bytes per space. */
  storageBytesPerSpace: 64 * 1024,
  /** Rool drive entries per space. */
  driveEntriesPerSpace: 64,
  /** Rool archive entry, unpacked. */
  archiveEntryBytes: 1024 * 1024,
  /** Rool archive, unpacked. */
  archiveUnpackedBytes: 2 * 1024 * 1024,
} as const;

/** The clock's reading: 2026-11-21T07:13:00.000Z. */
export const fuzzTime: number = Date.parse('2026-11-21T07:13:00.000Z');

/** The two products, whose states are digested and restored apart. */
export type Product = 'roj' | 'rool';

/**
 * The product a request path belongs to.
 *
 * @param path The request path.
 * @returns `rool` under `/rool`, else `roj`.
 */
export function productOf(path: string): Product {
  return path === '/rool' || path.startsWith('/rool/') || path.startsWith('/rool?')
    ? 'rool'
    : 'roj';
}

/** A mock ready for fuzzed requests. */
export interface FuzzTarget {
  /** The mock. */
  readonly mock: MockServer;
  /** The fixture values of the current state, both products'. */
  readonly fixtures: Fixtures;
  /** Errors the mock reported as unexpected (bugs) since the last call; clears them. */
  takeErrors(): unknown[];
  /** Every key and token the state holds now. */
  secrets(): string[];
  /** The passwords set on accounts. */
  readonly passwords: readonly string[];
  /** A product's state digest, computed again only after a change was possible. */
  digest(product: Product): string;
  /** Whether a product's state is still its fixtures': no request was accepted since. */
  pristine(product: Product): boolean;
  /** Notes that a request may have changed a product's state. */
  touched(product: Product): void;
  /** Brings back the fixtures of each product a request may have changed. */
  restore(): Promise<void>;
}

/**
 * Creates the mock and its fixtures.
 *
 * @param options Roj handlers replacing the mock's own: a deliberately broken mock, to show that
 * the invariants catch what they are meant to.
 * @returns The target.
 * @throws {Error} When the fixtures cannot be built.
 */
export async function createFuzzTarget(
  options: { handlers?: HandlerOverrides } = {},
): Promise<FuzzTarget> {
  const clock: MovableClock = { now: fuzzTime };
  const errors: unknown[] = [];
  const mock = createMockServer({
    clock: () => clock.now,
    limits: { rpcBodyBytes: fuzzLimits.rpcBodyBytes, uploadBytes: fuzzLimits.uploadBytes },
    onError: (error) => errors.push(error),
    ...(options.handlers ? { handlers: options.handlers } : {}),
    rool: {
      limits: {
        rpcBodyBytes: fuzzLimits.rpcBodyBytes,
        archiveBytes: fuzzLimits.archiveBytes,
        storageBytesPerSpace: fuzzLimits.storageBytesPerSpace,
        driveEntriesPerSpace: fuzzLimits.driveEntriesPerSpace,
        archiveEntryBytes: fuzzLimits.archiveEntryBytes,
        archiveUnpackedBytes: fuzzLimits.archiveUnpackedBytes,
      },
      fetch: () =>
        Promise.resolve(new Response('proxied', { headers: { 'content-type': 'text/plain' } })),
      log: () => {},
    },
  });
  const passwordHash = await hashPassword(alicePassword);
  const rojFixtures = await buildRojFixtures(mock, clock);
  const rojSnapshot: RojState = structuredClone(mock.runtime.state);
  let roolFixtures = await buildRoolFixtures(mock, clock.now, passwordHash);
  let fixtures = { ...rojFixtures, ...roolFixtures };
  const dirty = { roj: false, rool: false };
  const digests: Partial<Record<Product, string>> = {};
  return {
    mock,
    get fixtures() {
      return fixtures;
    },
    takeErrors: () => errors.splice(0),
    secrets() {
      const roj = mock.runtime.state;
      const rool = mock.rool.runtime.state;
      return [
        ...mock.runtime.apiKeys,
        ...roj.tokens.keys(),
        ...[...roj.sandboxes.values()].map((s) => s.token),
        ...rool.tokens.keys(),
        ...rool.verificationTokens.keys(),
        fixtures.jwt,
      ];
    },
    passwords: [alicePassword],
    digest(product) {
      return digests[product] ??= product === 'roj'
        ? rojStateDigest(mock.runtime.state)
        : roolStateDigest(mock.rool.runtime.state);
    },
    pristine: (product) => !dirty[product],
    touched(product) {
      dirty[product] = true;
      delete digests[product];
    },
    async restore() {
      if (dirty.roj) {
        // The tokens come back with the copy, so the Roj fixture values stay true.
        mock.runtime.state = structuredClone(rojSnapshot);
        dirty.roj = false;
        delete digests.roj;
      }
      if (dirty.rool) {
        mock.rool.reset();
        roolFixtures = await buildRoolFixtures(mock, clock.now, passwordHash);
        fixtures = { ...rojFixtures, ...roolFixtures };
        dirty.rool = false;
        delete digests.rool;
      }
    },
  };
}
