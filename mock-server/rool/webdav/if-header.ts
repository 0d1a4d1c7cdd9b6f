/**
 * The `If` header (RFC 4918 §10.4): lists of conditions, each a lock token
 * (`<opaquelocktoken:…>`) or an entity tag (`["…"]`), optionally negated with
 * `Not`, either untagged (they apply to the request URI) or tagged with the
 * resource they apply to. The header holds when at least one list holds; a
 * list holds when all its conditions do. Lock tokens named in it (not
 * negated) count as submitted, whether or not their list holds.
 *
 * @module
 */
import { weakMatch } from '../files/etag.ts';
import { filesLimits } from '../files/limits.ts';
import { DavError } from './errors.ts';

/** One condition of a list. */
export interface IfCondition {
  /** Whether it is negated (`Not`). */
  not: boolean;
  /** A state token (a lock token or another URI such as `DAV:no-lock`). */
  token?: string;
  /** An entity tag, quoted as in the header (e.g. `"abc"` or `W/"abc"`). */
  etag?: string;
}

/** One parenthesised list, with the resource it applies to. */
export interface IfList {
  /** The resource tag (a URL or absolute path), or `null` for the request URI. */
  tag: string | null;
  /** The conditions, all of which must hold. */
  conditions: IfCondition[];
}

/** A resource's state, against which conditions are evaluated. */
export interface IfState {
  /** Its current entity tag; `undefined` when it does not exist or has none. */
  etag?: string;
  /** The tokens of the locks covering it. */
  tokens: ReadonlySet<string>;
}

function malformed(detail: string): DavError {
  return new DavError(400, `Malformed If header: ${detail}`);
}

/**
 * Parses an `If` header.
 *
 * @param value The header value.
 * @returns The lists, in order.
 * @throws {DavError} 400 when it does not follow RFC 4918 §10.4, mixes tagged and untagged lists,
 * or exceeds the `If` limits of `filesLimits` (8 192 characters, 64 lists, 64 conditions a list).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { parseIf } from './if-header.ts';
 * assert.deepEqual(parseIf('(<opaquelocktoken:a> ["e1"]) (Not <DAV:no-lock>)'), [
 *   { tag: null, conditions: [{ not: false, token: 'opaquelocktoken:a' }, { not: false, etag: '"e1"' }] },
 *   { tag: null, conditions: [{ not: true, token: 'DAV:no-lock' }] },
 * ]);
 * ```
 */
export function parseIf(value: string): IfList[] {
  const { ifHeaderLength, ifLists, ifConditions } = filesLimits;
  if (value.length > ifHeaderLength) throw malformed(`longer than ${ifHeaderLength} characters`);
  const lists: IfList[] = [];
  let i = 0;
  let tag: string | null = null;
  let tagged: boolean | undefined;
  const skip = () => {
    while (i < value.length && /[ \t\r\n]/.test(value[i])) i++;
  };
  const until = (close: string) => {
    const end = value.indexOf(close, i);
    if (end < 0) throw malformed(`missing ${close}`);
    const text = value.slice(i, end);
    i = end + 1;
    return text;
  };
  for (skip(); i < value.length; skip()) {
    if (value[i] === '<') {
      if (tagged === false) throw malformed('tagged and untagged lists are mixed');
      tagged = true;
      i++;
      tag = until('>').trim();
      if (tag === '') throw malformed('empty resource tag');
      skip();
      if (value[i] !== '(') throw malformed('a resource tag must be followed by a list');
      continue;
    }
    if (value[i] !== '(') throw malformed(`unexpected ${JSON.stringify(value[i])}`);
    if (tagged === undefined) tagged = false;
    i++;
    const conditions: IfCondition[] = [];
    for (skip(); value[i] !== ')'; skip()) {
      if (i >= value.length) throw malformed('missing )');
      let not = false;
      if (/^not\b/i.test(value.slice(i, i + 4)) && /[ \t<[]/.test(value[i + 3] ?? '')) {
        not = true;
        i += 3;
        skip();
      }
      if (value[i] === '<') {
        i++;
        const token = until('>').trim();
        if (token === '') throw malformed('empty state token');
        conditions.push({ not, token });
      } else if (value[i] === '[') {
        i++;
        const etag = until(']').trim();
        if (!/^(W\/)?"[^"]*"$/.test(etag)) throw malformed('an entity tag must be quoted');
        conditions.push({ not, etag });
      } else throw malformed('a condition is <state-token> or [entity-tag]');
      if (conditions.length > ifConditions) throw malformed('too many conditions');
    }
    i++;
    if (conditions.length === 0) throw malformed('empty list');
    lists.push({ tag: tagged ? tag : null, conditions });
    if (lists.length > ifLists) throw malformed('too many lists');
  }
  if (lists.length === 0) throw malformed('no list');
  return lists;
}

/**
 * The lock tokens a header submits: every state token named without `Not`.
 *
 * @param lists The parsed header.
 * @returns The tokens.
 */
export function submittedTokens(lists: readonly IfList[]): Set<string> {
  const tokens = new Set<string>();
  for (const list of lists) {
    for (const c of list.conditions) if (c.token !== undefined && !c.not) tokens.add(c.token);
  }
  return tokens;
}

/**
 * Whether a header holds: some list all of whose conditions hold for its resource.
 *
 * @param lists The parsed header.
 * @param stateOf The state of a list's resource (`null`: the request URI).
 * @returns `true` when it holds.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { ifHolds, parseIf } from './if-header.ts';
 * const state = () => ({ etag: '"e1"', tokens: new Set(['opaquelocktoken:a']) });
 * assert.ok(ifHolds(parseIf('(<opaquelocktoken:a> ["e1"])'), state));
 * assert.ok(!ifHolds(parseIf('(<DAV:no-lock>)'), state));
 * assert.ok(ifHolds(parseIf('(<DAV:no-lock>) (Not <DAV:no-lock>)'), state));
 * ```
 */
export function ifHolds(
  lists: readonly IfList[],
  stateOf: (tag: string | null) => IfState,
): boolean {
  return lists.some((list) => {
    const state = stateOf(list.tag);
    return list.conditions.every((c) => {
      const match = c.token !== undefined
        ? state.tokens.has(c.token)
        : state.etag !== undefined && weakMatch(c.etag!, state.etag);
      return match !== c.not;
    });
  });
}
