/**
 * What the platform commands share: picking an instance in the state a
 * command wants it in, picking a session together with the instance a call
 * names, the origins tokens are bound to, and a guard that keeps track of
 * what a wrongly accepted request created, so the run still cleans it up.
 *
 * @module
 */
import fc from 'fast-check';
import { type Call, sym, type SymJson } from '../call.ts';
import type { EntityKind, Model, Ref } from '../model.ts';
import { pick } from '../model.ts';
import { Divergence, type Pair } from '../pair.ts';
import type { Exchange } from '../side.ts';
import { unknownId } from './base.ts';

/** Which instances a command would rather use: live ones, archived ones, or any. */
export type Want = 'live' | 'archived' | 'any';

/** An arbitrary of {@linkcode Want}, leaning to live instances. */
export const wantArbitrary: fc.Arbitrary<Want> = fc.constantFrom<Want>(
  'live',
  'live',
  'any',
  'archived',
);

/**
 * Picks an instance of the run, preferring the wanted state and falling back
 * to any instance, so archive-then-use happens whenever the run archived one.
 *
 * @param model The model.
 * @param options A generated number and the wanted state.
 * @returns The instance, or `undefined` when the run has none (the call then names an unknown ID).
 */
export function pickInstance(model: Model, options: { n: number; want: Want }): Ref | undefined {
  const { n, want } = options;
  const preferred = want === 'any' ? undefined : pick(model, {
    kind: 'instance',
    n,
    where: (e) => (e.gone === true) === (want === 'archived'),
  });
  return preferred ?? pick(model, { kind: 'instance', n });
}

/** How a session-scoped call pairs the session with the instance it names. */
export type SessionPairing = 'own' | 'other' | 'unknown';

/** An arbitrary of {@linkcode SessionPairing}, leaning to the session's own instance. */
export const pairingArbitrary: fc.Arbitrary<SessionPairing> = fc.constantFrom<SessionPairing>(
  'own',
  'own',
  'own',
  'other',
  'unknown',
);

/**
 * Picks a session and the instance a call names with it.
 *
 * - `own`: a session and its own instance (the instance in the wanted state if any such session);
 * - `other`: a session and another instance of the run (404), or an unknown instance;
 * - `unknown`: an instance and a session ID that exists nowhere (404).
 *
 * @param model The model.
 * @param options A generated number, the pairing and the wanted state of the instance.
 * @returns The instance and the session; `undefined` stands for an unknown ID.
 */
export function pickSession(
  model: Model,
  options: { n: number; pairing: SessionPairing; want: Want },
): { instance?: Ref; session?: Ref } {
  const { n, pairing, want } = options;
  if (pairing === 'unknown') return { instance: pickInstance(model, { n, want }) };
  const instances = model.entities.instance;
  const inState = (i: number | undefined) =>
    want === 'any' || (instances[i ?? -1]?.gone === true) === (want === 'archived');
  const session = pick(model, { kind: 'session', n, where: (e) => inState(e.instance) }) ??
    pick(model, { kind: 'session', n });
  if (!session) return { instance: pickInstance(model, { n, want }) };
  const own = model.entities.session[session.index].instance;
  if (pairing === 'own') {
    return { instance: own === undefined ? undefined : { kind: 'instance', index: own }, session };
  }
  const other = pick(model, { kind: 'instance', n, where: (_, i) => i !== own });
  return { instance: other, session };
}

/**
 * An entity's ID in a call's input, or an unknown ID when there is none.
 *
 * @param ref The entity.
 * @returns The symbolic value.
 */
export function idOrUnknown(ref: Ref | undefined): SymJson {
  return ref ? sym(ref) : unknownId;
}

/**
 * An entity as a report shows it: `instance#2`, or `unknown`.
 *
 * @param ref The entity.
 * @returns The text.
 */
export function shown(ref: Ref | undefined): string {
  return ref ? `${ref.kind}#${ref.index}` : 'unknown';
}

/** Origins a browser sends as they are (WHATWG URL serialization of themselves). */
export const validOrigins: readonly string[] = [
  'https://app.example.com',
  'http://localhost:5173',
  'http://127.0.0.1:8080',
  'https://conformance.example:8443',
];

/**
 * Strings that are not such origins (docs/roj-contract.md §3, `tokens.create`):
 * a path or trailing slash, a query or fragment, upper case, a default port,
 * credentials, no scheme, opaque origins, the empty string, and one past the
 * schema's 2048 characters.
 */
export const invalidOrigins: readonly string[] = [
  'https://app.example.com/',
  'https://app.example.com/path',
  'https://app.example.com?x=1',
  'https://app.example.com#top',
  'https://App.Example.com',
  'https://app.example.com:443',
  'http://app.example.com:80',
  'https://user:pw@app.example.com',
  'app.example.com',
  'null',
  'file:///tmp/x',
  'foo:bar',
  '',
  `https://${'a'.repeat(2041)}.com`,
];

/** An optional origin: absent, valid or invalid. */
export const originArbitrary: fc.Arbitrary<string | undefined> = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 3 },
  { arbitrary: fc.constantFrom(...validOrigins), weight: 3 },
  { arbitrary: fc.constantFrom(...invalidOrigins), weight: 2 },
);

/** A token TTL: absent, at the bounds 1 and 604800, inside, or just outside them. */
export const expiresInArbitrary: fc.Arbitrary<number | undefined> = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 4 },
  { arbitrary: fc.constantFrom(1, 604800, 3600, 86400), weight: 3 },
  { arbitrary: fc.integer({ min: 2, max: 604799 }), weight: 2 },
  { arbitrary: fc.constantFrom(0, 604801, 1.5, -1), weight: 1 },
);

/**
 * Runs a call that may create an entity on the target. When the target
 * created one the reference refused (a divergence), it is still recorded so
 * the run's cleanup archives or deletes it: the suite leaves nothing behind
 * on a long-lived target, even when the target is wrong.
 *
 * @param pair The pair.
 * @param options The call, the model, and what the call creates.
 * @returns Both exchanges.
 * @throws {Divergence} As {@linkcode Pair.exchange} does.
 */
export async function exchangeCreating(
  pair: Pair,
  options: { call: Call; model: Model; creates: { kind: EntityKind; idField: string } },
): Promise<{ target: Exchange; reference: Exchange }> {
  const { call, model, creates } = options;
  try {
    return await pair.exchange(call, model);
  } catch (error) {
    if (error instanceof Divergence) {
      const { status, body } = error.step.target;
      const id = (body as { value?: Record<string, unknown> } | null)?.value?.[creates.idField];
      if (status === 200 && typeof id === 'string' && !model.ids.hasTarget(id)) {
        // Unpaired on purpose: the run ends here, only cleanup reads it.
        model.entities[creates.kind].push({ target: id, reference: '' });
      }
    }
    throw error;
  }
}

/**
 * The success value of an exchange, or `undefined` for a failure.
 *
 * @param exchange The exchange.
 * @returns The value.
 */
export function valueOf<T>(exchange: Exchange): T | undefined {
  if (exchange.status !== 200) return undefined;
  return (exchange.body as { value?: T } | null)?.value;
}
