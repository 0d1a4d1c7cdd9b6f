/**
 * `deno run -A scripts/doc-coverage/cli.ts`: checks the documentation of every symbol the
 * package exports (deno.json `exports`), re-exports followed to their declarations, against
 * ./rules.ts, and names each gap as `file:line symbol: missing …`.
 *
 * Exit codes: 0 every export is documented; 1 gaps were found; 2 `deno doc` failed.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { declarationProblems, type DocDeclaration, type DocProblem } from './rules.ts';

const help = `Usage: deno run -A scripts/doc-coverage/cli.ts

Checks that every symbol exported through deno.json's "exports" has a summary; every function
its @param tags, @returns and an @example; every class an @example and documented public methods.

Exit codes: 0 documented, 1 gaps found (each named as file:line), 2 deno doc failed`;

interface DocSymbol {
  name: string;
  declarations: DocDeclaration[];
}

/** `deno doc --json` over some modules: each module's exported symbols. */
async function docJson(modules: string[]): Promise<Map<string, DocSymbol[]>> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ['doc', '--json', ...modules],
    stdout: 'piped',
    stderr: 'piped',
  }).output();
  if (!output.success) {
    throw new Error(`deno doc failed: ${new TextDecoder().decode(output.stderr).trim()}`);
  }
  const parsed = JSON.parse(new TextDecoder().decode(output.stdout)) as {
    nodes: Record<string, { symbols: DocSymbol[] }>;
  };
  return new Map(Object.entries(parsed.nodes).map(([url, node]) => [url, node.symbols]));
}

/** How many declarations the last {@linkcode coverage} checked. */
let checked = 0;

/**
 * The problems of every exported symbol, each declaration checked once.
 *
 * @param root The repository root.
 * @returns The problems, sorted by place.
 */
async function coverage(root: string): Promise<DocProblem[]> {
  const config = JSON.parse(readFileSync(`${root}/deno.json`, 'utf8'));
  const entries = Object.values(config.exports as Record<string, string>)
    .map((path) => `${root}/${path.replace(/^\.\//, '')}`);
  const declared = new Map<string, { name: string; declaration: DocDeclaration }>();
  let pending: { name: string; declaration: DocDeclaration }[] = [];
  const collect = (symbols: Iterable<DocSymbol>) => {
    for (const symbol of symbols) {
      for (const declaration of symbol.declarations) {
        pending.push({ name: symbol.name, declaration });
      }
    }
  };
  for (const symbols of (await docJson(entries)).values()) collect(symbols);
  // Re-exports point at their declarations in other modules (by place): document those.
  for (let round = 0; pending.length > 0 && round < 10; round++) {
    const targets = new Map<string, Set<number>>();
    for (const { name, declaration } of pending) {
      const target = declaration.kind === 'reference' ? declaration.def?.target : undefined;
      if (target) {
        if (!targets.has(target.filename)) targets.set(target.filename, new Set());
        targets.get(target.filename)!.add(target.line);
        continue;
      }
      const key = `${declaration.location.filename}:${declaration.location.line}:${name}`;
      declared.set(key, { name, declaration });
    }
    pending = [];
    if (targets.size === 0) break;
    const found = await docJson([...targets.keys()].map((url) => fileURLToPath(url)));
    for (const symbols of found.values()) {
      collect(
        symbols.filter((symbol) =>
          symbol.declarations.some((d) =>
            targets.get(d.location.filename)?.has(d.location.line) ||
            (d.kind === 'reference' && targets.get(d.location.filename)?.has(d.location.line))
          )
        ),
      );
    }
  }
  const problems = [...declared.values()].flatMap(({ name, declaration }) =>
    declarationProblems(name, declaration)
  );
  checked = declared.size;
  return problems.sort((a, b) => a.where.localeCompare(b.where, 'en', { numeric: true }));
}

if (import.meta.main) {
  if (Deno.args.includes('--help') || Deno.args.includes('-h')) {
    console.log(help);
    Deno.exit(0);
  }
  const root = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
  let problems: DocProblem[];
  try {
    problems = await coverage(root);
  } catch (error) {
    console.error(`doc-coverage: ${error instanceof Error ? error.message : error}`);
    Deno.exit(2);
  }
  for (const { where, symbol, missing } of problems) {
    console.log(`${where.replace(`${root}/`, '')} ${symbol}: missing ${missing}`);
  }
  console.log(
    problems.length === 0
      ? `doc-coverage: all ${checked} exported declarations are documented`
      : `doc-coverage: ${problems.length} gaps in ${checked} exported declarations`,
  );
  Deno.exit(problems.length === 0 ? 0 : 1);
}
