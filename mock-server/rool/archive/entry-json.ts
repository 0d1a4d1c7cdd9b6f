/**
 * Reading an archive entry's JSON under the mock's rules: parsed defensively,
 * nested no deeper than an RPC input may be, and checked field by field, each
 * failure a `validation_error` naming the entry and the field.
 *
 * @module
 */
import type { Validator } from '../../../src/rpc/validation.ts';
import { jsonDepth } from '../../rpc/json-depth.ts';
import { RpcFault } from '../../rpc/fault.ts';

/**
 * How deeply an entry's JSON may nest: the RPC envelope's input limit (128, docs/rool-contract.md
 * §1), plus the levels the archive's own records wrap around what an input carried.
 */
const maxEntryDepth = 136;

/** Says what is wrong with a value, or `undefined` when it is right. */
export type FieldCheck = (value: unknown) => string | undefined;

/** An entry being read: its name, quoted for messages, and how to quote values from it. */
export interface EntryRef {
  /** The entry's name, quoted (../auth.ts `quoteValue`). */
  quoted: string;
  /** Quotes a value from the archive for a message, redacting anything like a token. */
  quote: (value: string) => string;
}

/**
 * A `validation_error` about an entry.
 *
 * @param entry The entry.
 * @param pointer Where in its JSON, e.g. `/stat/modifiedAt`; `''` for the whole entry. Its keys
 * may come from the archive: a pointer that quoting would cut or redact is shown quoted.
 * @param problem What is wrong and what is allowed; any archive value in it already quoted.
 * @returns The fault.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { entryFault } from './entry-json.ts';
 * const quote = (v: string) => v.includes('secret') ? '"<redacted>"' : JSON.stringify(v);
 * const entry = { quoted: '"metadata.json"', quote };
 * assert.equal(entryFault(entry, '/a', 'bad').message, 'Entry "metadata.json" at /a: bad');
 * assert.equal(entryFault(entry, '/secret', 'bad').message, 'Entry "metadata.json" at "<redacted>": bad');
 * ```
 */
export function entryFault(entry: EntryRef, pointer: string, problem: string): RpcFault {
  const quoted = entry.quote(pointer);
  const shown = quoted === JSON.stringify(pointer) ? pointer : quoted;
  const where = pointer === '' ? '' : ` at ${shown}`;
  return new RpcFault('validation_error', `Entry ${entry.quoted}${where}: ${problem}`);
}

/**
 * Parses an entry as UTF-8 JSON, nested at most 136 levels (the RPC input limit and the
 * archive's own wrapping).
 *
 * @param entry The entry.
 * @param bytes Its bytes.
 * @returns The value.
 * @throws {RpcFault} `validation_error` when it is not UTF-8 JSON or nests too deeply.
 */
export function parseEntry(entry: EntryRef, bytes: Uint8Array): unknown {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw entryFault(entry, '', 'it is not UTF-8 JSON');
  }
  if (jsonDepth(value, maxEntryDepth) > maxEntryDepth) {
    throw entryFault(entry, '', `it nests deeper than ${maxEntryDepth} levels`);
  }
  return value;
}

/**
 * Checks a value with a generated validator (src/rool/_generated/validators.ts).
 *
 * @param entry The entry.
 * @param pointer Where the value is in the entry.
 * @param value The value.
 * @param validator The validator.
 * @returns The value, typed.
 * @throws {RpcFault} `validation_error` naming the first issue.
 */
export function requireValid<T>(
  entry: EntryRef,
  pointer: string,
  value: unknown,
  validator: Validator<T>,
): T {
  const result = validator(value);
  if (!result.ok) {
    const [issue] = result.issues;
    throw entryFault(entry, `${pointer}${issue.path}`, issue.message);
  }
  return result.value;
}

/**
 * Checks that a value is a JSON object with exactly the given fields, each passing its check.
 *
 * @param entry The entry.
 * @param pointer Where the value is in the entry.
 * @param value The value.
 * @param fields The check of each field; a missing field is checked as `undefined`.
 * @returns The object.
 * @throws {RpcFault} `validation_error` for a non-object, an unknown field or a failed check.
 */
export function requireFields(
  entry: EntryRef,
  pointer: string,
  value: unknown,
  fields: Record<string, FieldCheck>,
): Record<string, unknown> {
  if (!isRecord(value)) throw entryFault(entry, pointer, 'expected a JSON object');
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(fields, key)) {
      const allowed = Object.keys(fields).join(', ');
      throw entryFault(entry, `${pointer}/${key}`, `unexpected field; allowed: ${allowed}`);
    }
  }
  for (const [key, check] of Object.entries(fields)) {
    const problem = check(Object.hasOwn(value, key) ? value[key] : undefined);
    if (problem !== undefined) throw entryFault(entry, `${pointer}/${key}`, problem);
  }
  return value;
}

/**
 * Whether a value is a JSON object: not `null`, not an array.
 *
 * @param value The value.
 * @returns Whether it is one.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Field checks the archive's records use. */
export const is = {
  /**
   * A string matching a pattern.
   *
   * @param pattern The pattern.
   * @param rule What the message says is allowed.
   * @returns The check.
   */
  id(pattern: RegExp, rule: string): FieldCheck {
    return (v) => typeof v === 'string' && pattern.test(v) ? undefined : `expected ${rule}`;
  },
  /**
   * A string of at most `max` characters, or `null` when `nullable`.
   *
   * @param max The longest allowed.
   * @param nullable Whether `null` is allowed.
   * @returns The check.
   */
  text(max: number, nullable: boolean): FieldCheck {
    const expected = `expected a string of at most ${max} characters${nullable ? ' or null' : ''}`;
    return (v) =>
      (v === null && nullable) || (typeof v === 'string' && v.length <= max) ? undefined : expected;
  },
  /** A time in epoch milliseconds: a whole number from 0. */
  time:
    ((v) =>
      Number.isSafeInteger(v) && (v as number) >= 0
        ? undefined
        : 'expected a time in epoch milliseconds, a whole number from 0') as FieldCheck,
  /** Any value; checked elsewhere. */
  any: (() => undefined) as FieldCheck,
};
