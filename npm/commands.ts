/**
 * The commands of `roj` on Node, each handing its flags to the project's own
 * command line: `roj mock` is `deno task mock` served by Node's HTTP server,
 * `roj conformance` is `deno task conformance`. Each is imported when it
 * runs, so `roj --version` loads neither Hono nor fast-check.
 *
 * `roj codegen` is not in the npm package, and says so: codegen imports the
 * TypeScript registries it reads (Node 20 cannot import TypeScript), and the
 * bindings it writes import the SDK's TypeScript sources by path, which the
 * package (JavaScript and declarations) does not have.
 *
 * @module
 */
import process from 'node:process';
import { CliError } from '../cli/errors.ts';
import { writeCliError } from '../cli/error-output.ts';
import type { TerminalIo } from '../cli/io.ts';
import type { RojCommands } from './roj.ts';

/** Why `roj codegen` cannot run from the npm package. */
export const codegenUnavailable: string =
  'codegen is not in the npm package: it imports TypeScript registries, which Node 20 cannot,' +
  " and writes bindings that import the SDK's TypeScript sources";

/**
 * The commands, for {@linkcode runRoj} in the bin.
 *
 * @param io Where the commands write, and whether stderr is a terminal.
 * @returns The commands by name.
 *
 * @example The command names
 * ```ts
 * import assert from 'node:assert/strict';
 * import { nodeCommands } from './commands.ts';
 * const io = { stdout: () => {}, stderr: () => {} };
 * assert.deepEqual(Object.keys(nodeCommands(io)), ['mock', 'conformance', 'codegen']);
 * ```
 */
export function nodeCommands(io: TerminalIo): RojCommands {
  return {
    mock: {
      summary: 'Serve the Roj mock, with the Rool mock under /rool (default 127.0.0.1:8787)',
      example: 'roj mock --port 0 --quiet',
      async run(args) {
        const [{ runMock }, { listenOnNode }] = await Promise.all([
          import('../mock-server/serve/run.ts'),
          import('../mock-server/serve/node-server.ts'),
        ]);
        return await runMock(args, {
          listen: listenOnNode,
          runtime: 'Node',
          env: process.env,
          io,
        });
      },
    },
    conformance: {
      summary: 'Check a Roj (or Rool) deployment against the contract',
      example: 'roj conformance --target http://127.0.0.1:8787 --api-key roj_dev_key --runs 20',
      async run(args) {
        const { runConformanceCli } = await import('../conformance/cli.ts');
        return await runConformanceCli(args, io);
      },
    },
    codegen: {
      summary: 'Not in the npm package: run `deno task codegen` in a checkout of @roj/sdk',
      example: 'deno task codegen --check',
      run() {
        const hint = 'Run `deno task codegen` in a checkout of @roj/sdk (--help lists its options)';
        return Promise.resolve(writeCliError(io, new CliError(codegenUnavailable, { hint })));
      },
    },
  };
}
