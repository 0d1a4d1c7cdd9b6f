/**
 * Every command of the suite.
 *
 * @module
 */
import type { ConformanceConfig } from '../config.ts';
import type { ConformanceCommand } from './base.ts';
import { instanceCommands } from './instances.ts';

export type { ConformanceCommand } from './base.ts';

/**
 * All commands, for the given target catalogue.
 *
 * @param config The target's catalogue.
 * @returns The commands.
 */
export function allCommands(config: ConformanceConfig): ConformanceCommand[] {
  return [...instanceCommands(config)];
}
