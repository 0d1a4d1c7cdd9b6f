/**
 * Commands for the sandbox methods of the instance route (contract §5):
 * creating and ensuring a sandbox, every move of the state machine on the
 * current sandbox, a replaced one, another instance's or an unknown ID (so
 * legal and illegal moves, 409 and 404, all happen), the agent log's tail,
 * and sandbox tokens, compared by how they validate, never by value.
 *
 * @module
 */
import fc from 'fast-check';
import { sym, type SymJson } from '../call.ts';
import type { ConformanceConfig } from '../config.ts';
import type { Model, Ref } from '../model.ts';
import type { Pair } from '../pair.ts';
import type { Exchange } from '../side.ts';
import { type ConformanceCommand, unknownId } from './base.ts';
import {
  type Caller,
  currentSandbox,
  instanceCall,
  InstanceCommand,
  type InstancePick,
  instancePickArbitrary,
  learnSandboxToken,
  pickSandbox,
  recordSandbox,
  revealTokenLine,
  type SandboxPick,
  sandboxPickArbitrary,
  shownRef,
  successValue,
} from './_instance.ts';

/**
 * Whether the run knows a sandbox of the instance: commands on a sandbox would rather call
 * such an instance.
 *
 * @param model The model.
 * @param instance The instance's index.
 * @returns `true` when it has one.
 */
export function hasSandbox(model: Model, instance: number): boolean {
  return currentSandbox(model, instance) !== undefined;
}

/**
 * Learns the current sandbox's token on each side from its shell (§5.1: the
 * environment is the only way to it), unless the run knows it already. A
 * sandbox that does not run cannot tell (409 on both), and then nothing is learned.
 *
 * @param model The model.
 * @param pair The pair.
 * @param caller The instance and token.
 * @returns Whether the call was made.
 */
export async function learnCurrentToken(
  model: Model,
  pair: Pair,
  caller: Caller,
): Promise<boolean> {
  const { instance, token } = caller;
  const sandbox = currentSandbox(model, instance);
  if (!sandbox || model.entities.sandboxToken.some((e) => e.sandbox === sandbox.index)) {
    return false;
  }
  const exchanges = await pair.exchange(
    instanceCall(model, { token, method: 'execInSandbox', input: { command: revealTokenLine } }),
    model,
  );
  learnSandboxToken(model, { ...exchanges, instance });
  return true;
}

/**
 * A method that may open a sandbox: it records the sandbox, and, when asked,
 * learns its token at once, so that the token can be checked in any later state.
 */
abstract class OpeningSandboxCommand extends InstanceCommand {
  /**
   * Creates the command.
   *
   * @param at Which instance to call.
   * @param options Whether to learn the sandbox's token, and whether to call twice.
   */
  constructor(at: InstancePick, readonly options: { learn: boolean; twice?: boolean }) {
    super(at);
  }

  /** @inheritdoc */
  protected args(): string {
    return [this.options.twice ? 'twice' : '', this.options.learn ? 'learn token' : '']
      .filter(Boolean).join(', ');
  }

  /** @inheritdoc */
  protected input(): { input: SymJson; shown: string } {
    return { input: {}, shown: this.options.twice ? 'twice' : '' };
  }

  /** @inheritdoc */
  protected override async call(model: Model, pair: Pair, caller: Caller): Promise<void> {
    await this.exchange(model, pair, caller);
    // The second answer names the sandbox the first did: the ID pairing fails on a new one.
    if (this.options.twice) await this.exchange(model, pair, caller);
    if (!this.options.learn) return;
    const shown = this.shown;
    this.shown = `${shown}, then execInSandbox(${JSON.stringify(revealTokenLine)})`;
    if (!await learnCurrentToken(model, pair, caller)) this.shown = shown;
  }

  /** @inheritdoc */
  protected override after(
    model: Model,
    { target, reference, instance }: { target: Exchange; reference: Exchange; instance: number },
  ): void {
    const t = successValue<{ sandboxId: string }>(target);
    const r = successValue<{ sandboxId: string }>(reference);
    if (t && r) recordSandbox(model, { target: t.sandboxId, reference: r.sandboxId, instance });
  }
}

/** `createSandbox`: 409 unless the current sandbox is terminated or there is none. */
export class CreateSandbox extends OpeningSandboxCommand {
  /** @inheritdoc */
  readonly method = 'createSandbox';
}

/** `ensureSandbox`, once or twice in a row: the second answer must name the same sandbox. */
export class EnsureSandbox extends OpeningSandboxCommand {
  /** @inheritdoc */
  readonly method = 'ensureSandbox';
}

/** A method that names a sandbox: the current one, a replaced one, another's, or an unknown ID. */
abstract class NamedSandboxCommand extends InstanceCommand {
  /**
   * Creates the command.
   *
   * @param at Which instance to call.
   * @param pick Which sandbox to name.
   */
  constructor(at: InstancePick, readonly pick: { n: number; which: SandboxPick }) {
    super(at);
  }

  /** @inheritdoc */
  protected args(): string {
    return `${this.pick.which} sandbox@${this.pick.n}`;
  }

  /** @inheritdoc */
  protected override prefers(model: Model, instance: number): boolean {
    return hasSandbox(model, instance);
  }

  /**
   * The named sandbox, symbolic, or an unknown ID.
   *
   * @param model The model.
   * @param instance The instance's index.
   * @returns The value and how a report shows it.
   */
  protected sandbox(model: Model, instance: number): { id: SymJson; ref?: Ref; shown: string } {
    const ref = pickSandbox(model, { instance, ...this.pick });
    return { id: ref ? sym(ref) : unknownId, ref, shown: shownRef(ref) };
  }

  /** @inheritdoc */
  protected input(model: Model, { instance }: Caller): { input: SymJson; shown: string } {
    const { id, shown } = this.sandbox(model, instance);
    return { input: { sandboxId: id }, shown };
  }
}

/** `pauseSandbox`: `running` → `paused`. */
export class PauseSandbox extends NamedSandboxCommand {
  /** @inheritdoc */
  readonly method = 'pauseSandbox';
}

/** `terminateSandbox`: `running`, `paused` or `failed` → `terminated`. */
export class TerminateSandbox extends NamedSandboxCommand {
  /** @inheritdoc */
  readonly method = 'terminateSandbox';
}

/** `restartAgent`: `running` or `failed` → `running`. */
export class RestartAgent extends NamedSandboxCommand {
  /** @inheritdoc */
  readonly method = 'restartAgent';
}

/** `resumeSandbox`: the current sandbox, `paused` → `running`; 404 without one. */
export class ResumeSandbox extends InstanceCommand {
  /** @inheritdoc */
  readonly method = 'resumeSandbox';

  /** @inheritdoc */
  protected override prefers(model: Model, instance: number): boolean {
    return hasSandbox(model, instance);
  }

  /** @inheritdoc */
  protected args(): string {
    return '';
  }

  /** @inheritdoc */
  protected input(): { input: SymJson; shown: string } {
    return { input: {}, shown: '' };
  }
}

/** `getAgentLogs` with `lines` absent, at its bounds, or around the log's length. */
export class GetAgentLogs extends NamedSandboxCommand {
  /** @inheritdoc */
  readonly method = 'getAgentLogs';

  /**
   * Creates the command.
   *
   * @param at Which instance to call.
   * @param pick Which sandbox to name.
   * @param lines How many lines, or absent for the default.
   */
  constructor(at: InstancePick, pick: { n: number; which: SandboxPick }, readonly lines?: number) {
    super(at, pick);
  }

  /** @inheritdoc */
  protected override args(): string {
    return `${super.args()}${this.lines === undefined ? '' : `, lines ${this.lines}`}`;
  }

  /** @inheritdoc */
  protected override input(model: Model, { instance }: Caller): { input: SymJson; shown: string } {
    const { id, shown } = this.sandbox(model, instance);
    return {
      input: this.lines === undefined ? { sandboxId: id } : { sandboxId: id, lines: this.lines },
      shown: `${shown}${this.lines === undefined ? '' : `, lines ${this.lines}`}`,
    };
  }
}

/** Which token `validateSandboxToken` checks. */
export type TokenChoice = 'own' | 'otherSandbox' | 'instanceToken' | 'wrong' | 'empty';

/**
 * `validateSandboxToken`. For the sandbox's own token, the token is first
 * learned on each side from the sandbox's shell (when it runs), then each side
 * checks its own: true on both, or false on both once terminated.
 */
export class ValidateSandboxToken extends NamedSandboxCommand {
  /** @inheritdoc */
  readonly method = 'validateSandboxToken';

  /**
   * Creates the command.
   *
   * @param at Which instance to call.
   * @param pick Which sandbox to name.
   * @param choice Which token to check.
   */
  constructor(
    at: InstancePick,
    pick: { n: number; which: SandboxPick },
    readonly choice: TokenChoice,
  ) {
    super(at, pick);
  }

  /** @inheritdoc */
  protected override args(): string {
    return `${super.args()}, ${this.choice} token`;
  }

  /** @inheritdoc */
  protected override async call(model: Model, pair: Pair, caller: Caller): Promise<void> {
    const sandbox = pickSandbox(model, { instance: caller.instance, ...this.pick });
    if (this.choice === 'own' && sandbox?.index === currentSandbox(model, caller.instance)?.index) {
      this.shown = `execInSandbox(${
        JSON.stringify(revealTokenLine)
      }) @ instance#${caller.instance}`;
      await learnCurrentToken(model, pair, caller);
    }
    await this.exchange(model, pair, caller);
  }

  /** @inheritdoc */
  protected override input(model: Model, caller: Caller): { input: SymJson; shown: string } {
    const { id, ref, shown } = this.sandbox(model, caller.instance);
    const secret = this.secret(model, ref, caller);
    return { input: { sandboxId: id, token: secret.value }, shown: `${shown}, ${secret.shown}` };
  }

  /**
   * The token value for the choice, falling back to a wrong one.
   *
   * @param model The model.
   * @param sandbox The named sandbox.
   * @param caller The instance and token of the call.
   * @returns The value and how a report shows it.
   */
  protected secret(
    model: Model,
    sandbox: Ref | undefined,
    caller: Caller,
  ): { value: SymJson; shown: string } {
    const tokens = model.entities.sandboxToken;
    const find = (where: (sandboxIndex: number | undefined) => boolean) => {
      const index = tokens.findLastIndex((e) => where(e.sandbox));
      return index < 0 ? undefined : { kind: 'sandboxToken' as const, index };
    };
    let ref: Ref | undefined;
    if (this.choice === 'own') ref = find((s) => s === sandbox?.index);
    else if (this.choice === 'otherSandbox') ref = find((s) => s !== sandbox?.index);
    else if (this.choice === 'instanceToken') ref = caller.token;
    if (this.choice === 'empty') return { value: '', shown: 'empty token' };
    // Symbolic: each side checks its own token; else the same wrong literal on both.
    if (!ref) return { value: 'rjs_conformance_wrong_token', shown: 'wrong token' };
    return { value: sym(ref), shown: shownRef(ref) };
  }
}

const lineCounts = fc.option(
  fc.oneof(
    fc.constantFrom(1, 2, 3, 10000),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 10000 }),
  ),
  { nil: undefined },
);

/**
 * The sandbox commands of the instance route.
 *
 * @param _config The target's catalogue (sandboxes need none of it).
 * @returns The commands.
 */
export function sandboxCommands(_config: ConformanceConfig): ConformanceCommand[] {
  const at = instancePickArbitrary;
  const named = fc.record({ n: fc.nat(50), which: sandboxPickArbitrary });
  // Mostly: a sandbox whose token the run knows can be checked in every state after.
  const learn = fc.oneof(
    { arbitrary: fc.constant(false), weight: 1 },
    { arbitrary: fc.constant(true), weight: 2 },
  );
  return [
    // Weighted up: the other sandbox commands need a sandbox.
    {
      name: 'instance.createSandbox',
      weight: 2,
      arbitrary: fc.tuple(at, learn).map(([a, learn]) => new CreateSandbox(a, { learn })),
    },
    {
      name: 'instance.ensureSandbox',
      weight: 2,
      arbitrary: fc.tuple(at, learn, fc.boolean()).map(([a, learn, twice]) =>
        new EnsureSandbox(a, { learn, twice })
      ),
    },
    {
      name: 'instance.pauseSandbox',
      arbitrary: fc.tuple(at, named).map(([t, p]) => new PauseSandbox(t, p)),
    },
    { name: 'instance.resumeSandbox', arbitrary: at.map((a) => new ResumeSandbox(a)) },
    {
      name: 'instance.terminateSandbox',
      arbitrary: fc.tuple(at, named).map(([t, p]) => new TerminateSandbox(t, p)),
    },
    {
      name: 'instance.restartAgent',
      arbitrary: fc.tuple(at, named).map(([t, p]) => new RestartAgent(t, p)),
    },
    {
      name: 'instance.getAgentLogs',
      arbitrary: fc.tuple(at, named, lineCounts).map(([t, p, lines]) =>
        new GetAgentLogs(t, p, lines)
      ),
    },
    {
      name: 'instance.validateSandboxToken',
      // Weighted up: its own token takes a learning step, and terminated sandboxes matter.
      weight: 2,
      arbitrary: fc.tuple(
        at,
        named,
        fc.constantFrom<TokenChoice>(
          'own',
          'own',
          'own',
          'otherSandbox',
          'instanceToken',
          'wrong',
          'empty',
        ),
      ).map(([t, p, choice]) => new ValidateSandboxToken(t, p, choice)),
    },
  ];
}
