/**
 * The auth matrix's generator: it crosses every target a registry serves with every credential
 * case, keeps for each pair the outcome the contract documents (or leaves the pair out when the
 * case does not apply), and checks what a server answered against it. The products' own modules
 * (`roj-targets.ts`, `rool-policy.ts`) list the targets from the registries, so a method added to a
 * registry joins the matrix without anyone writing a row for it.
 *
 * @module
 */
import { rpcErrorStatus, type ServerErrorType } from '../../src/rpc/error-types.ts';

/** What the contract says a request gets. */
export interface Outcome {
  /** The HTTP status. */
  status: number;
  /** The error type of a refusal; absent when the request succeeds. */
  type?: ServerErrorType;
}

/**
 * A refusal, with the status the shared table (`src/rpc/error-types.ts`) gives its type.
 *
 * @param type The error type.
 * @returns The outcome.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { refusal } from './matrix.ts';
 * assert.deepEqual(refusal('forbidden'), { status: 403, type: 'forbidden' });
 * ```
 */
export function refusal(type: ServerErrorType): Outcome {
  return { status: rpcErrorStatus[type], type };
}

/**
 * A success with its status.
 *
 * @param status The status, 200 unless the route documents another (201, 204, 207).
 * @returns The outcome.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { success } from './matrix.ts';
 * assert.deepEqual(success(), { status: 200 });
 * ```
 */
export function success(status = 200): Outcome {
  return { status };
}

/**
 * Whether an outcome is a refusal, i.e. the request must change nothing.
 *
 * @param outcome The outcome.
 * @returns `true` for a 4xx outcome.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { isRefusal, refusal, success } from './matrix.ts';
 * assert.ok(isRefusal(refusal('unauthorized')));
 * assert.ok(!isRefusal(success(201)));
 * ```
 */
export function isRefusal(outcome: Outcome): boolean {
  return outcome.status >= 400;
}

/** One cell of the matrix: a target, a credential case, and the documented outcome. */
export interface Row<T, C> {
  /** What is called (a method, a route). */
  target: T;
  /** How the caller authenticates. */
  kase: C;
  /** What the contract says the call gets. */
  expected: Outcome;
}

/**
 * Crosses targets with cases.
 *
 * @param targets Every target, from the registries.
 * @param cases Every credential case.
 * @param rule The documented outcome of a pair, or `undefined` when the case does not apply.
 * @returns The rows, target by target, in the cases' order.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { crossMatrix, refusal, success } from './matrix.ts';
 * const rows = crossMatrix(['a', 'b'], ['none', 'key'], (_t, c) =>
 *   c === 'none' ? refusal('unauthorized') : success());
 * assert.equal(rows.length, 4);
 * assert.equal(rows[0].expected.status, 401);
 * ```
 */
export function crossMatrix<T, C>(
  targets: readonly T[],
  cases: readonly C[],
  rule: (target: T, kase: C) => Outcome | undefined,
): Row<T, C>[] {
  const rows: Row<T, C>[] = [];
  for (const target of targets) {
    for (const kase of cases) {
      const expected = rule(target, kase);
      if (expected) rows.push({ target, kase, expected });
    }
  }
  return rows;
}

/** What a server answered, as far as the matrix looks at it. */
export interface Answer {
  /** The HTTP status. */
  status: number;
  /** The body as text (empty for `HEAD` and streams). */
  text: string;
  /** The response headers. */
  headers: Headers;
}

/**
 * Compares an answer with the documented outcome. A refusal must be the JSON error envelope
 * with the documented type (unless `envelope` is false, as for WebDAV's XML errors); a success
 * of an RPC must be `{ok: true}`. No answer may quote one of the secrets the request carried.
 *
 * @param expected The documented outcome.
 * @param answer The answer.
 * @param options `envelope`: whether refusals are RPC envelopes (default `true`);
 * `successEnvelope`: whether a success is `{ok: true, …}` (default: `envelope`); `secrets`: the
 * credentials the request carried.
 * @returns A description of the difference, or `undefined` when the answer is as documented.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { compare, refusal } from './matrix.ts';
 * const text = JSON.stringify({ ok: false, error: { type: 'unauthorized', message: 'No key' } });
 * assert.equal(compare(refusal('unauthorized'), { status: 401, text, headers: new Headers() }), undefined);
 * assert.match(compare(refusal('forbidden'), { status: 401, text, headers: new Headers() })!, /403/);
 * ```
 */
export function compare(
  expected: Outcome,
  answer: Answer,
  options: { envelope?: boolean; successEnvelope?: boolean; secrets?: readonly string[] } = {},
): string | undefined {
  const envelope = options.envelope ?? true;
  const successEnvelope = options.successEnvelope ?? envelope;
  const want = expected.type ? `${expected.status} ${expected.type}` : `${expected.status}`;
  const body = envelope ? parseEnvelope(answer.text) : undefined;
  const got = body?.error ? `${answer.status} ${body.error.type}` : `${answer.status}`;
  const leaked = (options.secrets ?? []).find((s) => s.length >= 8 && answer.text.includes(s));
  if (leaked !== undefined) return `the answer quotes a credential of the request (got ${got})`;
  if (answer.status !== expected.status) return `want ${want}, got ${got}${hint(body)}`;
  if (expected.type && envelope) {
    if (body?.ok !== false || body.error?.type !== expected.type) {
      return `want ${want}, got ${got}: not that error envelope`;
    }
    if (typeof body.error.message !== 'string' || body.error.message === '') {
      return `want ${want}: the envelope has no message`;
    }
  }
  if (!expected.type && successEnvelope && parseEnvelope(answer.text)?.ok !== true) {
    return `want ${want}, got ${got}: not {ok: true}${hint(body)}`;
  }
  return undefined;
}

interface Envelope {
  ok?: unknown;
  error?: { type?: unknown; message?: unknown };
}

function parseEnvelope(text: string): Envelope | undefined {
  try {
    const value = JSON.parse(text);
    return value !== null && typeof value === 'object' ? value as Envelope : undefined;
  } catch {
    return undefined;
  }
}

function hint(body: Envelope | undefined): string {
  const message = body?.error?.message;
  return typeof message === 'string' ? ` (${message.slice(0, 160)})` : '';
}

/**
 * Reads a response for {@linkcode compare}: the whole body, or none for a stream, whose body is
 * cancelled so no timer or stream is left open.
 *
 * @param response The response.
 * @returns The answer.
 */
export async function readAnswer(response: Response): Promise<Answer> {
  const type = response.headers.get('content-type') ?? '';
  if (type.startsWith('text/event-stream')) {
    await response.body?.cancel();
    return { status: response.status, text: '', headers: response.headers };
  }
  return { status: response.status, text: await response.text(), headers: response.headers };
}

/** Counts of a matrix, for the report. */
export interface MatrixCount {
  /** Distinct targets (methods, routes). */
  targets: number;
  /** Distinct credential cases. */
  cases: number;
  /** Rows: the target × case pairs the contract decides. */
  rows: number;
}

/**
 * Counts a matrix.
 *
 * @param rows The rows.
 * @param key A target's name.
 * @param caseKey A case's name.
 * @returns The counts.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { countMatrix, crossMatrix, success } from './matrix.ts';
 * const rows = crossMatrix(['a', 'b'], ['x', 'y', 'z'], () => success());
 * assert.deepEqual(countMatrix(rows, (t) => t, (c) => c), { targets: 2, cases: 3, rows: 6 });
 * ```
 */
export function countMatrix<T, C>(
  rows: readonly Row<T, C>[],
  key: (target: T) => string,
  caseKey: (kase: C) => string,
): MatrixCount {
  return {
    targets: new Set(rows.map((r) => key(r.target))).size,
    cases: new Set(rows.map((r) => caseKey(r.kase))).size,
    rows: rows.length,
  };
}
