/**
 * Authentication sequences (contract §2): short-lived tokens before and after
 * their expiry, tokens bound to an origin called from it, from another and
 * from none, a token at another instance's path, the token as a cookie, and
 * wrong or missing credentials on both routes. Each mints the token its
 * scenario needs; minted tokens are recorded for the other instance commands.
 *
 * @module
 */
import fc from 'fast-check';
import type { Call } from '../call.ts';
import type { ConformanceConfig } from '../config.ts';
import type { Model, Ref } from '../model.ts';
import type { Pair } from '../pair.ts';
import { type ConformanceCommand, PairCommand, unknownId } from './base.ts';
import { findCaller, instanceCall, mintToken, pickLiveToken, shownRef } from './_instance.ts';
import { pickInstance, validOrigins } from './_platform.ts';
import { CreateInstance } from './instances.ts';

/** A read-only instance method without input, to probe authentication with. */
const probeMethod = 'listSessions';

/** Runs that already waited for a token to expire: at most one wait per sequence. */
const waited = new WeakSet<Model>();
/** Tokens each run has seen expire on both sides. */
const expired = new WeakMap<Model, Ref[]>();

/**
 * Token expiry with a short TTL. The scenario mints a token for 1 s (more on
 * a slow target), uses it at once (OK on both, when the target answered fast
 * enough to be sure), waits until it has surely expired on both sides — 100 ms
 * past the later answer plus the TTL — and uses it again: 401 on both. The
 * wait happens at most once per sequence, so a later draw uses a token the run
 * saw expire (401 again).
 */
export class TokenExpiry extends PairCommand {
  /**
   * Creates the command.
   *
   * @param args Which instance.
   */
  constructor(readonly args: { n: number; template: string }) {
    super();
  }

  /** @inheritdoc */
  describe(): string {
    return `auth.expiry(instance@${this.args.n})`;
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    const dead = expired.get(model) ?? [];
    if (waited.has(model)) {
      if (dead.length === 0) {
        this.shown = `${this.describe()} (skipped: waited once already, no token expired)`;
        return;
      }
      const token = dead[this.args.n % dead.length];
      this.shown = `auth.expiry: ${probeMethod} with expired ${shownRef(token)}`;
      await pair.exchange(instanceCall(model, { token, method: probeMethod, input: {} }), model);
      return;
    }
    // Expiry is worth its wait only if it always runs: it creates the instance it needs.
    if (!pickInstance(model, { n: this.args.n, want: 'live' })) {
      await new CreateInstance({ template: this.args.template }).run(model, pair);
    }
    const instance = pickInstance(model, { n: this.args.n, want: 'live' });
    if (!instance) {
      this.shown = `${this.describe()} (skipped: no instance)`;
      return;
    }
    const ttl = shortTtl(pair);
    this.shown = `auth.expiry: tokens.create(${shownRef(instance)}, expiresIn ${ttl})`;
    const minted = await mintToken(pair, model, { instance, expiresIn: ttl });
    if (!minted) return;
    const { token, target } = minted;
    const use = () =>
      pair.exchange(instanceCall(model, { token, method: probeMethod, input: {} }), model);
    // Only while the target surely has not reached the expiry: a third of the TTL from the mint.
    if (Date.now() - target.sentAt < (ttl * 1000) / 3) {
      this.shown = `auth.expiry: ${probeMethod} with fresh ${shownRef(token)} (TTL ${ttl} s)`;
      await use();
    }
    waited.add(model);
    const expiresAt = model.entities.token[token.index].expiresAt!;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt + 100 - Date.now())));
    this.shown = `auth.expiry: ${probeMethod} with ${shownRef(token)} after its ${ttl} s TTL`;
    await use();
    expired.set(model, [...dead, token]);
  }
}

// 1 s, or more when the target's recent answers took long enough to blur a 1 s TTL.
function shortTtl(pair: Pair): number {
  const recent = pair.steps.slice(-10).map((s) => s.target.receivedAt - s.target.sentAt);
  return Math.min(5, Math.max(1, Math.ceil((4 * Math.max(0, ...recent)) / 1000)));
}

/** Which `Origin` an origin-bound token is sent with. */
export type OriginProbe = 'same' | 'other' | 'http' | 'upper' | 'slash' | 'null' | 'missing';

/**
 * Origin binding: a token minted with an origin is accepted from exactly
 * that origin, and refused (403) from another, from a near miss of it, or
 * without an `Origin` header.
 */
export class OriginBinding extends PairCommand {
  /**
   * Creates the command.
   *
   * @param args Which instance, the origin to bind, and the origins to call from, in order.
   */
  constructor(readonly args: { n: number; origin: string; probes: OriginProbe[] }) {
    super();
  }

  /** @inheritdoc */
  describe(): string {
    const { n, origin, probes } = this.args;
    return `auth.origin(instance@${n}, ${origin}, from ${probes.join(' ')})`;
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    const { n, origin, probes } = this.args;
    const instance = pickInstance(model, { n, want: 'live' });
    if (!instance) {
      this.shown = `${this.describe()} (skipped: no instance)`;
      return;
    }
    this.shown = `auth.origin: tokens.create(${shownRef(instance)}, origin ${origin})`;
    const minted = await mintToken(pair, model, { instance, origin });
    if (!minted) return;
    for (const probe of probes) {
      const sent = originFor(probe, origin);
      this.shown = `auth.origin: ${probeMethod} with ${
        shownRef(minted.token)
      } bound to ${origin}, ${sent === undefined ? 'no Origin' : `Origin: ${sent}`}`;
      const call: Call = instanceCall(model, {
        token: minted.token,
        method: probeMethod,
        input: {},
      });
      delete call.origin;
      await pair.exchange(sent === undefined ? call : { ...call, origin: sent }, model);
    }
  }
}

function originFor(probe: OriginProbe, origin: string): string | undefined {
  switch (probe) {
    case 'same':
      return origin;
    case 'other':
      return validOrigins.find((o) => o !== origin) ?? 'https://other.example';
    case 'http':
      return origin.replace(/^https?:/, (s) => (s === 'https:' ? 'http:' : 'https:'));
    case 'upper':
      return origin.toUpperCase();
    case 'slash':
      return `${origin}/`;
    case 'null':
      return 'null';
    case 'missing':
      return undefined;
  }
}

/**
 * A live token at another instance's path, or at an unknown instance's: 403
 * whether or not that instance exists.
 */
export class CrossInstanceToken extends PairCommand {
  /**
   * Creates the command.
   *
   * @param args Which instance's token (minted when it has none), and which other instance (an
   * unknown one when the run has one only).
   */
  constructor(readonly args: { token: number; n: number }) {
    super();
  }

  /** @inheritdoc */
  describe(): string {
    return `auth.crossInstance(token of instance@${this.args.token}, at instance@${this.args.n})`;
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    const caller = await findCaller(model, pair, { n: this.args.token, want: 'live' });
    if (!caller) {
      this.shown = `${this.describe()} (skipped: no instance)`;
      return;
    }
    const { token, instance: own } = caller;
    const others = model.entities.instance.map((_, i) => i).filter((i) => i !== own);
    const other = others.length > 0 ? others[this.args.n % others.length] : undefined;
    this.shown = `auth.crossInstance: ${probeMethod} with ${shownRef(token)} of instance#${own} @ ${
      other === undefined ? unknownId : `instance#${other}`
    }`;
    const call = instanceCall(model, { token, method: probeMethod, input: {} });
    await pair.exchange({
      ...call,
      instance: other === undefined ? { literal: unknownId } : { kind: 'instance', index: other },
    }, model);
  }
}

/** A freshly minted token, sent only as the `roj_instance_token` cookie: it works as one. */
export class CookieToken extends PairCommand {
  /**
   * Creates the command.
   *
   * @param args Which instance, and whether to bind the token to an origin (sent along).
   */
  constructor(readonly args: { n: number; origin?: string }) {
    super();
  }

  /** @inheritdoc */
  describe(): string {
    const origin = this.args.origin ? `, origin ${this.args.origin}` : '';
    return `auth.cookie(instance@${this.args.n}${origin})`;
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    const instance = pickInstance(model, { n: this.args.n, want: 'live' });
    if (!instance) {
      this.shown = `${this.describe()} (skipped: no instance)`;
      return;
    }
    this.shown = `auth.cookie: tokens.create(${shownRef(instance)})`;
    const minted = await mintToken(pair, model, { instance, origin: this.args.origin });
    if (!minted) return;
    this.shown = `auth.cookie: ${probeMethod} with ${shownRef(minted.token)} as the cookie`;
    await pair.exchange(
      instanceCall(model, { token: minted.token, method: probeMethod, input: {}, via: 'cookie' }),
      model,
    );
  }
}

/** A credential that is not a valid one for the route. */
export type BadCredential =
  | 'none'
  | 'wrongKey'
  | 'apiKey'
  | 'instanceToken'
  | 'basic'
  | 'emptyBearer'
  | 'forgedToken';

function badAuth(credential: BadCredential, token: Ref | undefined): Call['auth'] {
  switch (credential) {
    case 'none':
      return { kind: 'none' };
    case 'wrongKey':
      return { kind: 'wrongApiKey' };
    case 'apiKey':
      return { kind: 'apiKey' };
    case 'instanceToken':
      return token ? { kind: 'token', token } : { kind: 'wrongApiKey' };
    case 'basic':
      return { kind: 'literal', header: 'Basic Y29uZm9ybWFuY2U6d3Jvbmc=' };
    case 'emptyBearer':
      return { kind: 'literal', header: 'Bearer ' };
    case 'forgedToken':
      return { kind: 'literal', header: 'Bearer rjt_conformance_forged_token' };
  }
}

/**
 * A platform call (or an upload) without a valid API key: none, a wrong one,
 * another scheme, an instance token. 401 on both, and nothing changes.
 */
export class PlatformWithoutKey extends PairCommand {
  /**
   * Creates the command.
   *
   * @param args The credential, the route, and which token when it is an instance token.
   */
  constructor(
    readonly args: { credential: Exclude<BadCredential, 'apiKey'>; upload: boolean; n: number },
  ) {
    super();
  }

  /** @inheritdoc */
  describe(): string {
    const { credential, upload } = this.args;
    return `auth.platformKey(${credential}${upload ? ', upload' : ''})`;
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    const { credential, upload, n } = this.args;
    const token = pickLiveToken(model, n);
    const auth = badAuth(credential, token);
    this.shown = `auth.platformKey: ${upload ? 'upload' : 'instances.list'} with ${credential}${
      credential === 'instanceToken' && token ? ` ${shownRef(token)}` : ''
    }`;
    await pair.exchange(
      upload
        ? {
          label: 'files.upload',
          route: 'upload',
          auth,
          upload: { field: 'file', filename: 'a.txt', mimeType: 'text/plain', size: 16 },
        }
        : {
          label: 'instances.list',
          route: 'platform',
          auth,
          envelope: { method: 'instances.list', input: { limit: 1 } },
        },
      model,
    );
  }
}

/**
 * An instance call with a credential that is not an instance token: the API
 * key, a wrong key, none, another scheme, a forged `rjt_` token. 401 on both.
 */
export class InstanceWithoutToken extends PairCommand {
  /**
   * Creates the command.
   *
   * @param args The credential and which instance (an unknown one when the run has none).
   */
  constructor(
    readonly args: { credential: Exclude<BadCredential, 'instanceToken'>; n: number },
  ) {
    super();
  }

  /** @inheritdoc */
  describe(): string {
    return `auth.instanceCredential(${this.args.credential}, instance@${this.args.n})`;
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    const { credential, n } = this.args;
    const instance = pickInstance(model, { n, want: 'any' });
    this.shown = `auth.instanceCredential: ${probeMethod} @ ${
      shownRef(instance)
    } with ${credential}`;
    await pair.exchange({
      label: probeMethod,
      route: 'instance',
      instance: instance ?? { literal: unknownId },
      auth: badAuth(credential, undefined),
      envelope: { method: probeMethod, input: {} },
    }, model);
  }
}

/**
 * The authentication commands.
 *
 * @param _config The target's catalogue (authentication needs none of it).
 * @returns The commands.
 */
export function authCommands(config: ConformanceConfig): ConformanceCommand[] {
  const n = fc.nat(50);
  const template = fc.constantFrom(...config.templates.map((t) => t.slug));
  const origin = fc.constantFrom(...validOrigins);
  const probe = fc.constantFrom<OriginProbe>(
    'same',
    'other',
    'http',
    'upper',
    'slash',
    'null',
    'missing',
  );
  return [
    {
      name: 'auth.expiry',
      // Each draw waits a second or so (once per sequence at most): a rare command, drawn a few
      // times per 100 sequences; it creates the instance it needs, so every draw counts.
      weight: 0.25,
      arbitrary: fc.record({ n, template }).map((args) => new TokenExpiry(args)),
    },
    {
      name: 'auth.origin',
      arbitrary: fc.record({
        n,
        origin,
        probes: fc.tuple(fc.constant<OriginProbe>('same'), fc.array(probe, { maxLength: 3 }))
          .map(([first, rest]) => [first, ...rest]),
      }).map((args) => new OriginBinding(args)),
    },
    {
      name: 'auth.crossInstance',
      arbitrary: fc.record({ token: n, n }).map((args) => new CrossInstanceToken(args)),
    },
    {
      name: 'auth.cookie',
      arbitrary: fc.record({ n, origin: fc.option(origin, { nil: undefined, freq: 4 }) })
        .map((args) => new CookieToken(args)),
    },
    {
      name: 'auth.platformKey',
      arbitrary: fc.record({
        credential: fc.constantFrom(
          'none' as const,
          'wrongKey' as const,
          'instanceToken' as const,
          'basic' as const,
          'emptyBearer' as const,
          'forgedToken' as const,
        ),
        upload: fc.boolean(),
        n,
      }).map((args) => new PlatformWithoutKey(args)),
    },
    {
      name: 'auth.instanceCredential',
      arbitrary: fc.record({
        credential: fc.constantFrom(
          'none' as const,
          'wrongKey' as const,
          'apiKey' as const,
          'basic' as const,
          'emptyBearer' as const,
          'forgedToken' as const,
        ),
        n,
      }).map((args) => new InstanceWithoutToken(args)),
    },
  ];
}
