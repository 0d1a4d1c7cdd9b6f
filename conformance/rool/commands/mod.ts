/**
 * Every Rool command of the suite.
 *
 * @module
 */
import type { ConformanceCommand } from '../../commands/base.ts';
import { archiveCommands } from './archive.ts';
import { fileCommands } from './files.ts';
import { lockCommands } from './files-locks.ts';
import { syncCommands } from './files-sync.ts';
import { conversationCommands } from './conversations.ts';
import { objectCommands } from './objects.ts';
import { spaceCommands } from './spaces.ts';
import { userCommands } from './users.ts';
import { walkCommands } from './walks.ts';
import { wireCommands } from './wire.ts';

/**
 * All Rool commands.
 *
 * @returns The commands.
 */
export function roolCommands(): ConformanceCommand[] {
  return [
    ...spaceCommands(),
    ...objectCommands(),
    ...conversationCommands(),
    ...userCommands(),
    ...walkCommands(),
    ...wireCommands(),
    ...fileCommands(),
    ...lockCommands(),
    ...syncCommands(),
    ...archiveCommands(),
  ];
}
