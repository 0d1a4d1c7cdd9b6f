/**
 * Every command of the suite.
 *
 * @module
 */
import type { ConformanceConfig } from '../config.ts';
import type { ConformanceCommand } from './base.ts';
import { archiveThenUseCommands } from './archive-then-use.ts';
import { authCommands } from './auth.ts';
import { bundleCommands } from './bundles.ts';
import { execCommands } from './instance-exec.ts';
import { sandboxCommands } from './instance-sandbox.ts';
import { walkCommands } from './instance-walks.ts';
import { instanceSessionCommands } from './instance-sessions.ts';
import { instanceCommands } from './instances.ts';
import { invalidInputCommands, invalidInputSweepCommands } from './invalid-inputs.ts';
import { protocolCommands } from './protocol.ts';
import { resourceCommands } from './resources.ts';
import { serviceCommands } from './services.ts';
import { sessionCommands } from './sessions.ts';
import { tokenCommands } from './tokens.ts';
import { uploadCommands } from './upload.ts';

export type { ConformanceCommand } from './base.ts';

/**
 * All commands, for the given target catalogue.
 *
 * @param config The target's catalogue.
 * @returns The commands.
 */
export function allCommands(config: ConformanceConfig): ConformanceCommand[] {
  return [
    ...instanceCommands(config),
    ...archiveThenUseCommands(config),
    ...sessionCommands(config),
    ...tokenCommands(config),
    ...serviceCommands(config),
    ...bundleCommands(config),
    ...resourceCommands(config),
    ...uploadCommands(config),
    ...invalidInputCommands(config),
    ...invalidInputSweepCommands(config),
    ...sandboxCommands(config),
    ...walkCommands(),
    ...execCommands(config),
    ...instanceSessionCommands(config),
    ...authCommands(config),
    ...protocolCommands(config),
  ];
}
