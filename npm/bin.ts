#!/usr/bin/env node
/**
 * The `roj` bin of the npm package (`npx roj --help`), which
 * `deno task build:npm` builds to npm/bin.js.
 *
 * @module
 */
import process from 'node:process';
import { processIo } from '../cli/io.ts';
import { nodeCommands } from './commands.ts';
import { runRoj } from './roj.ts';

const io = processIo();
const code = await runRoj(process.argv.slice(2), nodeCommands(io), io);
// The mock has stopped its server, and the conformance run its requests: what is left (an idle
// keep-alive socket) must not hold the exit back. Output to a pipe can still be queued (macOS):
// exit once it is written.
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(code);

function flushed(stream: { write(text: string, done: () => void): boolean }): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}
