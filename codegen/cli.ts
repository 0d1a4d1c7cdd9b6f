/**
 * The codegen command line.
 *
 * ```
 * deno task codegen            write every target's generated files
 * deno task codegen --check    exit 1, naming each stale file, when the committed output is stale
 * deno task openapi            print the OpenAPI document on stdout
 * ```
 *
 * @module
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { checkFiles } from './check.ts';
import { type CodegenTarget, generate } from './generate.ts';
import { CodegenError } from './problems.ts';

const help = `Usage:
  deno task codegen [--check] [--config FILE] [--quiet]
  deno task openapi [--target NAME] [--config FILE]

Reads the method registries named in the config (default: codegen.config.ts) and
writes, per target, an OpenAPI 3.1 document, JSON Schemas, validators, typed
bindings and openapi-typescript types into the target's generated folder.

Options:
  --check        Write nothing; exit 1 and name every stale file if the output is out of date
  --config FILE  Module exporting \`targets\` (default: codegen.config.ts)
  --target NAME  For \`openapi\`: which target's document to print (default: the first)
  --quiet        Print nothing on success
  -h, --help     Show this help

Exit codes: 0 success, 1 stale output or unrepresentable types, 2 usage error`;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        check: { type: 'boolean' },
        config: { type: 'string', default: 'codegen.config.ts' },
        target: { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${help}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(help);
    return 0;
  }
  const command = positionals[0] ?? 'generate';
  if (!['generate', 'openapi'].includes(command) || positionals.length > 1) {
    console.error(`Unknown command ${positionals.join(' ')}; expected none or openapi\n\n${help}`);
    return 2;
  }
  const root = process.cwd();
  const log = (line: string) => values.quiet || console.error(line);
  let targets: CodegenTarget[];
  try {
    targets = (await import(pathToFileURL(resolve(root, values.config!)).href)).targets;
    if (!Array.isArray(targets)) throw new Error('it does not export an array named targets');
  } catch (error) {
    console.error(`Cannot load config ${values.config}: ${(error as Error).message}`);
    return 2;
  }
  if (command === 'openapi') {
    const chosen = values.target
      ? targets.filter((t) => t.name === values.target)
      : targets.slice(0, 1);
    if (chosen.length === 0) {
      console.error(
        `No target named ${values.target}; targets: ${targets.map((t) => t.name).join(', ')}`,
      );
      return 2;
    }
    targets = chosen;
  }

  const started = performance.now();
  log(`codegen: reading ${targets.map((t) => t.api).join(', ')}`);
  let outputs;
  try {
    outputs = await generate(root, targets);
  } catch (error) {
    if (error instanceof CodegenError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  if (command === 'openapi') {
    process.stdout.write(JSON.stringify(outputs[0].document, null, 2) + '\n');
    return 0;
  }
  const elapsed = `${((performance.now() - started) / 1000).toFixed(1)}s`;
  const files = outputs.flatMap((o) => o.files);
  if (values.check) {
    const stale = checkFiles(root, outputs);
    if (stale.length === 0) {
      log(`codegen: ${files.length} generated files are up to date (${elapsed})`);
      return 0;
    }
    for (const s of stale) {
      const why =
        { stale: 'is stale', missing: 'is missing', extra: 'is no longer generated' }[s.kind];
      console.error(`codegen: ${s.path} ${why}`);
    }
    console.error('codegen: run `deno task codegen` and commit the result');
    return 1;
  }
  for (const { target } of outputs) {
    rmSync(join(root, target.out), { recursive: true, force: true });
  }
  for (const f of files) {
    mkdirSync(dirname(join(root, f.path)), { recursive: true });
    writeFileSync(join(root, f.path), f.contents);
  }
  log(`codegen: wrote ${files.length} files (${elapsed})`);
  for (const f of files) log(`  ${f.path}`);
  return 0;
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
