/**
 * `execInSandbox` with generated command lines of the fake shell (contract
 * §5.1). stdout, stderr and `success` are compared exactly, but for IDs and
 * the sandbox token, which each side prints as its own (see `execInSandbox`
 * in ../rules.ts). A token that `env` reveals is recorded for
 * `validateSandboxToken`.
 *
 * @module
 */
import type { SymJson } from '../call.ts';
import type { ConformanceConfig } from '../config.ts';
import type { Model } from '../model.ts';
import type { Exchange } from '../side.ts';
import fc from 'fast-check';
import type { ConformanceCommand } from './base.ts';
import {
  InstanceCommand,
  type InstancePick,
  instancePickArbitrary,
  learnSandboxToken,
} from './_instance.ts';
import { shellLine } from './_shell-line.ts';
import { hasSandbox } from './instance-sandbox.ts';

/** `execInSandbox` of one command line in the instance's current sandbox. */
export class ExecInSandbox extends InstanceCommand {
  /** @inheritdoc */
  readonly method = 'execInSandbox';

  /**
   * Creates the command.
   *
   * @param at Which instance to call.
   * @param command The command line.
   */
  constructor(at: InstancePick, readonly command: string) {
    super(at);
  }

  /** @inheritdoc */
  protected args(): string {
    return JSON.stringify(this.command);
  }

  /** @inheritdoc */
  protected override prefers(model: Model, instance: number): boolean {
    return hasSandbox(model, instance);
  }

  /** @inheritdoc */
  protected input(): { input: SymJson; shown: string } {
    return { input: { command: this.command }, shown: JSON.stringify(this.command) };
  }

  /** @inheritdoc */
  protected override after(
    model: Model,
    exchanges: { target: Exchange; reference: Exchange; instance: number },
  ): void {
    learnSandboxToken(model, exchanges);
  }
}

/**
 * The `execInSandbox` command.
 *
 * @param _config The target's catalogue (the shell needs none of it).
 * @returns The command.
 */
export function execCommands(_config: ConformanceConfig): ConformanceCommand[] {
  return [{
    name: 'instance.execInSandbox',
    // Weighted up: the shell's language is the largest input space of the instance route.
    weight: 3,
    arbitrary: fc.tuple(instancePickArbitrary, shellLine).map(([t, line]) =>
      new ExecInSandbox(t, line)
    ),
  }];
}
