/**
 * The whole state of a mock server, Roj's and Rool's, as one string: equal
 * strings mean equal states, so a test proves that a refused request changed
 * nothing (docs/roj-contract.md §1.1, docs/rool-contract.md, docs/rool-webdav.md
 * §2) by comparing the digest before and after it.
 *
 * What it covers: every record, index and ID sequence of `mock.runtime.state`
 * (Roj) and of `mock.rool.runtime.state` (Rool): users with their storage,
 * password hashes and tokens, issued and verification tokens, spaces with
 * their members, objects, schema, metadata, channels, conversations and
 * checkpoints, and each space's drive, locks and WebDAV change log (through
 * their own `toJSON`).
 *
 * What it leaves out, because no request changes it as state: the Rool
 * mock's live events (hub, tickets, open streams) and prompts in flight live
 * beside the state, in the runtime, and the lock table's private time of its
 * last purge of expired locks is not part of its `toJSON`. File bytes are
 * digested by length and hash, not listed.
 *
 * @module
 */
import type { MockServer } from '../../mock-server/mod.ts';
import type { RojState } from '../../mock-server/roj/state.ts';
import type { RoolState } from '../../mock-server/rool/state.ts';

/**
 * Serializes the Roj and the Rool state of a mock server.
 *
 * @param mock The mock server.
 * @returns A string equal for equal states.
 *
 * @example A refused call leaves the digest as it was
 * ```ts
 * import assert from 'node:assert/strict';
 * import { createMockServer } from '../../mock-server/mod.ts';
 * import { stateDigest } from './state-digest.ts';
 * const mock = createMockServer();
 * const before = stateDigest(mock);
 * await mock.fetch('http://mock.test/api/v1/rpc', { method: 'POST', body: '{' });
 * assert.equal(stateDigest(mock), before);
 * ```
 */
export function stateDigest(mock: MockServer): string {
  return `${rojStateDigest(mock.runtime.state)}\n${roolStateDigest(mock.rool.runtime.state)}`;
}

/**
 * Serializes a Roj state.
 *
 * @param state The state.
 * @returns A string equal for equal states.
 */
export function rojStateDigest(state: RojState): string {
  return serialize(state);
}

/**
 * Serializes a Rool state.
 *
 * @param state The state.
 * @returns A string equal for equal states.
 */
export function roolStateDigest(state: RoolState): string {
  return serialize(state);
}

// A walk that writes each value once, by string concatenation: about twice as fast as
// `JSON.stringify` with a replacer (called for every key), and the fuzzing suites take a digest
// per request. Parts are separated by U+0001, which `JSON.stringify` escapes inside string values;
// keys are written as they are (a key holding U+0001 could, in theory, make two states alike).
function serialize(value: unknown): string {
  if (typeof value !== 'object' || value === null) {
    return typeof value === 'string' ? JSON.stringify(value) : String(value);
  }
  // Classes that hide their state in #private fields (the drive, locks, the change log) show it
  // through `toJSON`.
  const toJSON = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof toJSON === 'function') return serialize(toJSON.call(value));
  let out: string;
  if (value instanceof Map) {
    out = 'Map';
    for (const [k, v] of value) out += `\u0001${serialize(k)}\u0001${serialize(v)}`;
    return `${out}\u0001/Map`;
  }
  if (value instanceof Set) {
    out = 'Set';
    for (const v of value) out += `\u0001${serialize(v)}`;
    return `${out}\u0001/Set`;
  }
  if (value instanceof Uint8Array) return `Bytes ${value.byteLength} ${fnv1a(value)}`;
  if (Array.isArray(value)) {
    out = '[';
    for (const v of value) out += `\u0001${serialize(v)}`;
    return `${out}\u0001]`;
  }
  out = '{';
  for (const k of Object.keys(value)) {
    out += `\u0001${k}\u0001${serialize((value as Record<string, unknown>)[k])}`;
  }
  return `${out}\u0001}`;
}

// FNV-1a, 32 bits: cheap, and any change of an uploaded file's bytes changes it in practice.
function fnv1a(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
  return hash >>> 0;
}
