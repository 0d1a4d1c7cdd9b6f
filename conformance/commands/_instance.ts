/**
 * What the instance-route commands share: a live token to call with (the
 * instance is the token's own, the `Origin` the token's bound one), the
 * instance's current sandbox as the run knows it, picks of sandboxes and
 * sessions that are current, old, another instance's or unknown, and the
 * sandbox tokens a shell reveals.
 *
 * @module
 */
import fc from 'fast-check';
import { type Call, sym, type SymJson } from '../call.ts';
import { type Entity, type Model, pick, record, type Ref } from '../model.ts';
import type { Pair } from '../pair.ts';
import type { Exchange } from '../side.ts';
import { PairCommand } from './base.ts';
import { pickInstance, type Want, wantArbitrary } from './_platform.ts';

/**
 * Tokens closer to their expiry than this (ms, suite clock) are not used for
 * ordinary calls: the two sides could disagree on a token that expires in
 * flight. Only the expiry commands use tokens near their end, on purpose.
 */
export const tokenMarginMs = 5000;

/**
 * Picks a token that is surely live on both sides, for an instance of the run.
 *
 * @param model The model.
 * @param n A generated number.
 * @param instance Only tokens of this instance (index).
 * @returns The token, or `undefined` when the run has none.
 */
export function pickLiveToken(model: Model, n: number, instance?: number): Ref | undefined {
  const now = Date.now();
  return pick(model, {
    kind: 'token',
    n,
    where: (e) =>
      e.instance !== undefined && (instance === undefined || e.instance === instance) &&
      (e.expiresAt === undefined || e.expiresAt > now + tokenMarginMs),
  });
}

/**
 * A call on the instance route of a token's instance, with the token and, for
 * a token bound to an origin, that `Origin`.
 *
 * @param model The model.
 * @param options The token and the envelope; `via` sends the token as the cookie.
 * @returns The call.
 */
export function instanceCall(
  model: Model,
  options: {
    token: Ref;
    method: string;
    input: SymJson;
    via?: 'bearer' | 'cookie';
  },
): Call {
  const { token, method, input, via } = options;
  const entity = model.entities.token[token.index];
  return {
    label: method,
    route: 'instance',
    instance: { kind: 'instance', index: entity.instance! },
    auth: { kind: 'token', token, ...(via ? { via } : {}) },
    ...(entity.label !== undefined ? { origin: entity.label } : {}),
    envelope: { method, input },
  };
}

/**
 * The instance's current sandbox as far as the run knows: the last one it recorded.
 *
 * @param model The model.
 * @param instance The instance's index.
 * @returns The sandbox, or `undefined` when the instance never had one.
 */
export function currentSandbox(model: Model, instance: number): Ref | undefined {
  const index = model.entities.sandbox.findLastIndex((e) => e.instance === instance);
  return index < 0 ? undefined : { kind: 'sandbox', index };
}

/** Which sandbox a call names: the current one, a replaced one, another instance's, or none. */
export type SandboxPick = 'current' | 'old' | 'other' | 'unknown';

/** An arbitrary of {@linkcode SandboxPick}, leaning to the current sandbox. */
export const sandboxPickArbitrary: fc.Arbitrary<SandboxPick> = fc.oneof(
  { arbitrary: fc.constant<SandboxPick>('current'), weight: 6 },
  { arbitrary: fc.constantFrom<SandboxPick>('old', 'other', 'unknown'), weight: 1 },
);

/**
 * Picks the sandbox a call names, falling back to the current one (or none).
 *
 * @param model The model.
 * @param options The instance's index, a generated number and the kind of pick.
 * @returns The sandbox; `undefined` stands for an unknown ID.
 */
export function pickSandbox(
  model: Model,
  options: { instance: number; n: number; which: SandboxPick },
): Ref | undefined {
  const { instance, n, which } = options;
  const current = currentSandbox(model, instance);
  if (which === 'unknown') return undefined;
  if (which === 'old') {
    return pick(model, {
      kind: 'sandbox',
      n,
      where: (e, i) => e.instance === instance && i !== current?.index,
    }) ?? current;
  }
  if (which === 'other') {
    return pick(model, { kind: 'sandbox', n, where: (e) => e.instance !== instance }) ?? current;
  }
  return current;
}

/** Which session a call names: one of the instance's, another instance's, or none. */
export type SessionPick = 'own' | 'other' | 'unknown';

/** An arbitrary of {@linkcode SessionPick}, leaning to the instance's own sessions. */
export const sessionPickArbitrary: fc.Arbitrary<SessionPick> = fc.constantFrom<SessionPick>(
  'own',
  'own',
  'own',
  'other',
  'unknown',
);

/**
 * Picks the session a call names, falling back to any session of the run.
 *
 * @param model The model.
 * @param options The instance's index, a generated number and the kind of pick.
 * @returns The session; `undefined` stands for an unknown ID.
 */
export function pickInstanceSession(
  model: Model,
  options: { instance: number; n: number; which: SessionPick },
): Ref | undefined {
  const { instance, n, which } = options;
  if (which === 'unknown') return undefined;
  const own = which === 'own';
  return pick(model, { kind: 'session', n, where: (e) => (e.instance === instance) === own }) ??
    pick(model, { kind: 'session', n });
}

/**
 * Records a sandbox both sides created, unless the run knows it already (an
 * `ensureSandbox` that returned the current one).
 *
 * @param model The model.
 * @param options Both sides' IDs and the instance's index.
 * @returns The sandbox.
 * @throws {Error} When the ID pairing is inconsistent (the comparison reports that first).
 */
export function recordSandbox(
  model: Model,
  options: { target: string; reference: string; instance: number },
): Ref {
  const known = model.entities.sandbox.findIndex((e) => e.target === options.target);
  if (known >= 0) return { kind: 'sandbox', index: known };
  const created = record(model, 'sandbox', options);
  if ('error' in created) throw new Error(created.error);
  return created.ref;
}

/** How a shell line reveals the sandbox token, as `env` prints it (contract §5.1). */
const revealed = /^ROJ_SANDBOX_TOKEN=(.+)$/m;

/** The command line that prints the current sandbox's token in the form `env` does. */
export const revealTokenLine = 'echo ROJ_SANDBOX_TOKEN=$ROJ_SANDBOX_TOKEN';

/**
 * Records the sandbox token an `execInSandbox` answer revealed on both sides
 * (the comparison has paired them), for the instance's current sandbox.
 *
 * @param model The model.
 * @param options Both exchanges and the instance's index.
 * @returns The sandbox token, or `undefined` when none was revealed.
 */
export function learnSandboxToken(
  model: Model,
  options: { target: Exchange; reference: Exchange; instance: number },
): Ref | undefined {
  const sandbox = currentSandbox(model, options.instance);
  const stdout = (e: Exchange) =>
    (e.body as { value?: { stdout?: unknown } } | null)?.value?.stdout;
  const t = stdout(options.target);
  const r = stdout(options.reference);
  if (!sandbox || typeof t !== 'string' || typeof r !== 'string') return undefined;
  const [tm, rm] = [revealed.exec(t), revealed.exec(r)];
  if (!tm || !rm) return undefined;
  const known = model.entities.sandboxToken.findIndex((e) => e.target === tm[1]);
  if (known >= 0) return { kind: 'sandboxToken', index: known };
  const created = record(model, 'sandboxToken', {
    target: tm[1],
    reference: rm[1],
    instance: options.instance,
    sandbox: sandbox.index,
  });
  return 'error' in created ? undefined : created.ref;
}

/**
 * An entity as a report shows it: `sandbox#2`, or `unknown`.
 *
 * @param ref The entity.
 * @returns The text.
 */
export function shownRef(ref: Ref | undefined): string {
  return ref ? `${ref.kind}#${ref.index}` : 'unknown';
}

/** Who calls on the instance route: the instance (index) and a live token of it. */
export interface Caller {
  /** The instance's index. */
  instance: number;
  /** The token. */
  token: Ref;
  /** Whether the token was minted for this call. */
  minted?: boolean;
}

/** Which instance an instance-route command calls: a generated number and the wanted state. */
export interface InstancePick {
  /** Picks the instance, and the token among the instance's live ones. */
  n: number;
  /** Live instances mostly; archived ones answer 409. */
  want: Want;
}

/** An arbitrary of {@linkcode InstancePick}. */
export const instancePickArbitrary: fc.Arbitrary<InstancePick> = fc.record({
  n: fc.nat(50),
  want: wantArbitrary,
});

/**
 * Mints a token on both sides (compared like any `tokens.create`) and records
 * it with its expiry on the suite's clock: the later of the two answers plus
 * the TTL, so the token is surely expired on both sides after that.
 *
 * @param pair The pair.
 * @param model The model.
 * @param options The instance, and the TTL (seconds) and origin to mint with.
 * @returns The token and the target's exchange, or `undefined` when the mint failed on both.
 */
export async function mintToken(
  pair: Pair,
  model: Model,
  options: { instance: Ref; expiresIn?: number; origin?: string },
): Promise<{ token: Ref; target: Exchange } | undefined> {
  const { instance, expiresIn, origin } = options;
  const { target, reference } = await pair.exchange({
    label: 'tokens.create',
    route: 'platform',
    envelope: {
      method: 'tokens.create',
      input: {
        instanceId: sym(instance),
        ...(expiresIn === undefined ? {} : { expiresIn }),
        ...(origin === undefined ? {} : { origin }),
      },
    },
  }, model);
  const t = successValue<{ token: string }>(target);
  const r = successValue<{ token: string }>(reference);
  if (!t || !r) return undefined;
  const created = record(model, 'token', {
    target: t.token,
    reference: r.token,
    instance: instance.index,
    expiresAt: Math.max(target.receivedAt, reference.receivedAt) + (expiresIn ?? 86400) * 1000,
    ...(origin === undefined ? {} : { label: origin }),
  });
  if ('error' in created) throw new Error(created.error);
  return { token: created.ref, target };
}

/**
 * Finds who calls: the picked instance and one of its live tokens (`tokens.create`
 * records them), or, when it has none, a token minted for it on the spot, so a
 * sequence needs no more than an `instances.create` before the instance route.
 * Instances the command prefers (one with a sandbox, say) come first, then
 * instances in the wanted state.
 *
 * @param model The model.
 * @param pair The pair (for the mint).
 * @param at The pick, and which instances the command prefers.
 * @returns The caller, or `undefined` when the run has no instance, or no token for an archived one.
 */
export async function findCaller(
  model: Model,
  pair: Pair,
  at: InstancePick & { prefer?: (instance: number) => boolean },
): Promise<Caller | undefined> {
  const { n, want, prefer = () => true } = at;
  const wanted = (e: Entity) => want === 'any' || (e.gone === true) === (want === 'archived');
  const instance = pick(model, { kind: 'instance', n, where: (e, i) => wanted(e) && prefer(i) }) ??
    pick(model, { kind: 'instance', n, where: (_, i) => prefer(i) }) ??
    pickInstance(model, at);
  if (!instance) return undefined;
  const token = pickLiveToken(model, at.n, instance.index);
  if (token) return { instance: instance.index, token };
  const minted = await mintToken(pair, model, { instance });
  return minted && { instance: instance.index, token: minted.token, minted: true };
}

/**
 * A command on the instance route: it calls an instance of the run with a
 * live token of it, and names that instance in the path. Subclasses say
 * which method, with which input.
 */
export abstract class InstanceCommand extends PairCommand {
  /** The method. */
  abstract readonly method: string;

  /**
   * Creates the command.
   *
   * @param at Which instance to call (and which of its tokens).
   */
  constructor(readonly at: InstancePick) {
    super();
  }

  /**
   * The input for the caller's instance, and how a report shows it.
   *
   * @param model The model.
   * @param caller The instance and token.
   * @returns The input and its description.
   */
  protected abstract input(model: Model, caller: Caller): { input: SymJson; shown: string };

  /**
   * What to learn from both answers once they agree (e.g. record what the call created).
   *
   * @param _model The model.
   * @param _exchanges Both exchanges and the instance's index.
   */
  protected after(
    _model: Model,
    _exchanges: { target: Exchange; reference: Exchange; instance: number },
  ): void {}

  /** The generated arguments, for {@linkcode describe}. */
  protected abstract args(): string;

  /** @inheritdoc */
  describe(): string {
    const args = this.args();
    return `${this.method}(${args}) @ ${this.at.want} instance@${this.at.n}`;
  }

  /**
   * Whether the command would rather call this instance (one with a sandbox, say).
   *
   * @param _model The model.
   * @param _instance The instance's index.
   * @returns `true` by default.
   */
  protected prefers(_model: Model, _instance: number): boolean {
    return true;
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    const prefer = (i: number) => this.prefers(model, i);
    const caller = await findCaller(model, pair, { ...this.at, prefer });
    if (!caller) {
      this.shown = `${this.describe()} (skipped: no instance to call)`;
      return;
    }
    await this.call(model, pair, caller);
  }

  /**
   * Makes the command's calls; by default the method once.
   *
   * @param model The model.
   * @param pair The pair.
   * @param caller The instance and token.
   */
  protected async call(model: Model, pair: Pair, caller: Caller): Promise<void> {
    await this.exchange(model, pair, caller);
  }

  /**
   * Runs the method once, with the input for the caller, then {@linkcode after}.
   *
   * @param model The model.
   * @param pair The pair.
   * @param caller The instance and token.
   * @returns Both exchanges.
   */
  protected async exchange(
    model: Model,
    pair: Pair,
    caller: Caller,
  ): Promise<{ target: Exchange; reference: Exchange }> {
    const { input, shown } = this.input(model, caller);
    this.shown = `${this.method}(${shown}) @ instance#${caller.instance} [${
      shownRef(caller.token)
    }${caller.minted ? ' minted' : ''}]`;
    const exchanges = await pair.exchange(
      instanceCall(model, { token: caller.token, method: this.method, input }),
      model,
    );
    this.after(model, { ...exchanges, instance: caller.instance });
    return exchanges;
  }
}

/**
 * The success value of an exchange, or `undefined` for a failure.
 *
 * @param exchange The exchange.
 * @returns The value.
 */
export function successValue<T>(exchange: Exchange): T | undefined {
  if (exchange.status !== 200) return undefined;
  return (exchange.body as { value?: T } | null)?.value;
}
