/**
 * Walks through the sandbox state machine and the agent log: several moves in a
 * row on the current sandbox (legal and illegal ones alike), and reads of the
 * log at exactly its length. Random single commands rarely reach these states.
 *
 * @module
 */
import fc from 'fast-check';
import { sym, type SymJson } from '../call.ts';
import type { Model } from '../model.ts';
import type { Want } from './_platform.ts';
import type { Pair } from '../pair.ts';
import type { Exchange } from '../side.ts';
import { type ConformanceCommand, PairCommand, unknownId } from './base.ts';
import {
  type Caller,
  currentSandbox,
  findCaller,
  instanceCall,
  type InstancePick,
  recordSandbox,
  shownRef,
  successValue,
} from './_instance.ts';
import { hasSandbox } from './instance-sandbox.ts';

/** A move of {@linkcode SandboxWalk}, on the instance's current sandbox. */
export type SandboxMove =
  | 'pauseSandbox'
  | 'resumeSandbox'
  | 'terminateSandbox'
  | 'restartAgent'
  | 'ensureSandbox'
  | 'createSandbox'
  | 'execInSandbox';

/**
 * Runs one move on the current sandbox, compared, and records a sandbox it opened.
 *
 * @param model The model.
 * @param pair The pair.
 * @param options The caller, the move, and what to call with how a report shows the move.
 * @returns Both exchanges.
 */
async function moveOnCurrent(
  model: Model,
  pair: Pair,
  options: { caller: Caller; move: SandboxMove; showing?: (shown: string) => void },
): Promise<{ target: Exchange; reference: Exchange }> {
  const { caller: { instance, token }, move, showing } = options;
  const current = currentSandbox(model, instance);
  let input: SymJson = {};
  let shown = '';
  if (move === 'execInSandbox') [input, shown] = [{ command: 'true' }, '"true"'];
  else if (move === 'pauseSandbox' || move === 'terminateSandbox' || move === 'restartAgent') {
    [input, shown] = [{ sandboxId: current ? sym(current) : unknownId }, shownRef(current)];
  }
  showing?.(`${move}(${shown})`);
  const exchanges = await pair.exchange(instanceCall(model, { token, method: move, input }), model);
  if (move === 'ensureSandbox' || move === 'createSandbox') {
    const t = successValue<{ sandboxId: string }>(exchanges.target);
    const r = successValue<{ sandboxId: string }>(exchanges.reference);
    if (t && r) recordSandbox(model, { target: t.sandboxId, reference: r.sandboxId, instance });
  }
  return exchanges;
}

/**
 * A walk of the sandbox state machine (contract §5): `ensureSandbox`, then a
 * few moves, each on the sandbox current at that point, legal or not (pausing
 * a paused sandbox, resuming a running one, creating over a live one), so the
 * states that only a sequence of moves reaches are compared at every step.
 */
export class SandboxWalk extends PairCommand {
  /**
   * Creates the command.
   *
   * @param at Which instance to call.
   * @param moves The moves after the first `ensureSandbox`.
   */
  constructor(readonly at: InstancePick, readonly moves: SandboxMove[]) {
    super();
  }

  /** @inheritdoc */
  describe(): string {
    return `instance.sandboxWalk(ensureSandbox, ${
      this.moves.join(', ')
    }) @ ${this.at.want} instance@${this.at.n}`;
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    const caller = await findCaller(model, pair, this.at);
    if (!caller) {
      this.shown = `${this.describe()} (skipped: no instance to call)`;
      return;
    }
    const head = `instance.sandboxWalk @ instance#${caller.instance} [${shownRef(caller.token)}${
      caller.minted ? ' minted' : ''
    }]`;
    const done: string[] = [];
    for (const move of ['ensureSandbox' as const, ...this.moves]) {
      await moveOnCurrent(model, pair, {
        caller,
        move,
        showing: (shown) => {
          done.push(shown);
          this.shown = `${head}: ${done.join(', ')}`;
        },
      });
    }
  }
}

/**
 * `getAgentLogs` at the log's own length: the log's line count `n` is read
 * with the most lines (10000, the reference's answer; the two must agree),
 * then `n`, `n − 1` and `n + 1` lines are asked for, where `truncated` turns
 * (true exactly when the log has more lines than asked). An instance without
 * a sandbox gets one first.
 */
export class LogsAtLength extends PairCommand {
  /**
   * Creates the command.
   *
   * @param at Which instance to call.
   */
  constructor(readonly at: InstancePick) {
    super();
  }

  /** @inheritdoc */
  describe(): string {
    return `instance.logsAtLength @ ${this.at.want} instance@${this.at.n}`;
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    const prefer = (i: number) => hasSandbox(model, i);
    const caller = await findCaller(model, pair, { ...this.at, prefer });
    if (!caller) {
      this.shown = `${this.describe()} (skipped: no instance to call)`;
      return;
    }
    const head = `instance.logsAtLength @ instance#${caller.instance} [${shownRef(caller.token)}]`;
    if (!hasSandbox(model, caller.instance)) {
      this.shown = `${head}: ensureSandbox()`;
      await moveOnCurrent(model, pair, { caller, move: 'ensureSandbox' });
    }
    const sandbox = currentSandbox(model, caller.instance);
    const logs = (lines: number) => {
      this.shown = `${head}: getAgentLogs(${shownRef(sandbox)}, lines ${lines})`;
      return pair.exchange(
        instanceCall(model, {
          token: caller.token,
          method: 'getAgentLogs',
          input: { sandboxId: sandbox ? sym(sandbox) : unknownId, lines },
        }),
        model,
      );
    };
    const all = successValue<{ logs: string }>((await logs(10000)).reference);
    if (all === undefined) return;
    const n = all.logs === '' ? 0 : all.logs.split('\n').length;
    for (const lines of [n, n - 1, n + 1]) if (lines >= 1 && lines <= 10000) await logs(lines);
  }
}

const sandboxMove = fc.constantFrom<SandboxMove>(
  'pauseSandbox',
  'resumeSandbox',
  'terminateSandbox',
  'restartAgent',
  'ensureSandbox',
  'createSandbox',
  'execInSandbox',
);

// From running: each action once legal and once illegal, through every state (contract §5).
const stateMachineSweep: SandboxMove[] = [
  'resumeSandbox', // running: illegal
  'pauseSandbox', // running → paused
  'pauseSandbox', // paused: illegal
  'restartAgent', // paused: illegal
  'ensureSandbox', // paused: returned as it is
  'createSandbox', // paused: a live sandbox exists
  'execInSandbox', // paused: not running
  'resumeSandbox', // paused → running
  'restartAgent', // running → running
  'terminateSandbox', // running → terminated
  'terminateSandbox', // terminated: illegal
  'pauseSandbox', // terminated: illegal
  'resumeSandbox', // terminated: illegal
  'restartAgent', // terminated: illegal
  'ensureSandbox', // terminated: a new sandbox
];

/**
 * The walk commands of the instance route.
 *
 * @returns The commands.
 */
export function walkCommands(): ConformanceCommand[] {
  return [
    {
      name: 'instance.stateMachineSweep',
      // Every legal and illegal move from every state, in one command: no deviation of the
      // state machine depends on a lucky sequence.
      arbitrary: fc.record({ n: fc.nat(50), want: fc.constant<Want>('live') })
        .map((a) => new SandboxWalk(a, stateMachineSweep)),
    },
    {
      name: 'instance.sandboxWalk',
      // Weighted up, to appear in most sequences: deep states need several moves in a row.
      weight: 4,
      arbitrary: fc.tuple(
        fc.record({ n: fc.nat(50), want: fc.constant<Want>('live') }),
        fc.array(sandboxMove, { minLength: 2, maxLength: 5 }),
      ).map(([a, moves]) => new SandboxWalk(a, moves)),
    },
    {
      name: 'instance.logsAtLength',
      arbitrary: fc.record({ n: fc.nat(50), want: fc.constant<Want>('live') })
        .map((a) => new LogsAtLength(a)),
    },
  ];
}
