/**
 * The documentation every public symbol owes its users, checked over `deno doc --json`
 * output: what `deno doc --lint` does not check. Every exported function has a summary, a
 * `@param` per parameter, `@returns` unless it returns nothing, and an `@example` (which
 * `deno test --doc` runs); every exported class has a summary and an `@example`, and each of its
 * public methods a summary, its `@param`s and `@returns`. Types and constants need a summary.
 *
 * @module
 */

/** One `deno doc --json` declaration, as far as these rules read it. */
export interface DocDeclaration {
  /** `function`, `class`, `interface`, `typeAlias`, `variable`, `reference`, … */
  kind: string;
  /** Where it is declared. */
  location: { filename: string; line: number };
  /** Its JSDoc, if any. */
  jsDoc?: { doc?: string; tags?: readonly DocTag[] };
  /** The kind-specific definition. */
  def?: {
    params?: readonly DocParam[];
    returnType?: { repr?: string } | null;
    methods?: readonly DocMethod[];
    /** For a `reference`: the declaration it re-exports. */
    target?: { filename: string; line: number };
  };
}

/** A JSDoc tag. */
export interface DocTag {
  /** `param`, `return`, `example`, `throws`, … */
  kind: string;
  /** The parameter's name, for `param`. */
  name?: string;
}

/** A parameter of a function or method. */
export interface DocParam {
  /** `identifier`, `object` (destructured), `rest`, `assign`, … */
  kind: string;
  /** The name of an identifier parameter. */
  name?: string;
  /** For `rest` and `assign`: the parameter inside. */
  arg?: DocParam;
  left?: DocParam;
}

/** A class method. */
export interface DocMethod {
  /** The method's name. */
  name: string;
  /** `method`, `getter` or `setter`. */
  kind?: string;
  /** `public` unless declared otherwise (or absent). */
  accessibility?: string | null;
  /** Its JSDoc. */
  jsDoc?: { doc?: string; tags?: readonly DocTag[] };
  /** Its parameters and return type. */
  functionDef: { params: readonly DocParam[]; returnType?: { repr?: string } | null };
}

/** A missing piece of documentation. */
export interface DocProblem {
  /** `file:line`. */
  where: string;
  /** The symbol, e.g. `createRojClient` or `RoolClient.openSpace`. */
  symbol: string;
  /** What is missing, e.g. `@example`. */
  missing: string;
}

const silentReturns = /^(void|Promise<void>|undefined|never)$/;

/**
 * The problems of one declaration.
 *
 * @param name The exported name.
 * @param declaration Its `deno doc --json` declaration (not a `reference`: resolve it first).
 * @returns What is missing, in a stable order; empty when it is fully documented.
 *
 * @example A function without an example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { declarationProblems } from './rules.ts';
 * const problems = declarationProblems('add', {
 *   kind: 'function',
 *   location: { filename: 'file:///a.ts', line: 3 },
 *   jsDoc: { doc: 'Adds.', tags: [{ kind: 'param', name: 'a' }, { kind: 'return' }] },
 *   def: { params: [{ kind: 'identifier', name: 'a' }], returnType: { repr: 'number' } },
 * });
 * assert.deepEqual(problems.map((p) => p.missing), ['@example']);
 * ```
 */
export function declarationProblems(name: string, declaration: DocDeclaration): DocProblem[] {
  const where = `${
    declaration.location.filename.replace(/^file:\/\//, '')
  }:${declaration.location.line}`;
  const problems: DocProblem[] = [];
  const need = (symbol: string, missing: string) => problems.push({ where, symbol, missing });
  const doc = declaration.jsDoc;
  if (!doc?.doc?.trim()) need(name, 'a summary');
  const tags = doc?.tags ?? [];
  switch (declaration.kind) {
    case 'function':
      callableProblems(
        name,
        tags,
        declaration.def?.params ?? [],
        declaration.def?.returnType,
        need,
      );
      if (!tags.some((t) => t.kind === 'example')) need(name, '@example');
      break;
    case 'class':
      if (!tags.some((t) => t.kind === 'example')) need(name, '@example');
      for (const method of declaration.def?.methods ?? []) {
        if (method.accessibility === 'private' || method.accessibility === 'protected') continue;
        if (method.name.startsWith('#')) continue;
        const symbol = `${name}.${method.name}`;
        if (!method.jsDoc?.doc?.trim()) need(symbol, 'a summary');
        // An accessor reads as a property: its summary says what it holds.
        if (method.kind === 'getter' || method.kind === 'setter') continue;
        callableProblems(
          symbol,
          method.jsDoc?.tags ?? [],
          method.functionDef.params,
          method.functionDef.returnType,
          need,
        );
      }
      break;
  }
  return problems;
}

function callableProblems(
  symbol: string,
  tags: readonly DocTag[],
  params: readonly DocParam[],
  returnType: { repr?: string } | null | undefined,
  need: (symbol: string, missing: string) => void,
): void {
  const documented = tags.filter((t) => t.kind === 'param');
  params.forEach((param, i) => {
    const name = paramName(param);
    const found = name === undefined
      ? documented.length > i
      : documented.some((t) => t.name === name || t.name?.startsWith(`${name}.`));
    if (!found) need(symbol, `@param ${name ?? `#${i + 1}`}`);
  });
  const repr = returnType?.repr?.trim();
  const returns = repr !== undefined && repr !== '' && !silentReturns.test(repr);
  if (returns && !tags.some((t) => t.kind === 'return')) need(symbol, '@returns');
}

function paramName(param: DocParam): string | undefined {
  if (param.kind === 'identifier') return param.name;
  if (param.kind === 'rest' && param.arg) return paramName(param.arg);
  if (param.kind === 'assign' && param.left) return paramName(param.left);
  return undefined;
}
