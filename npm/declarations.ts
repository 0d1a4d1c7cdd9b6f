/**
 * The `.d.ts` files of the npm package, by tsc's declaration emit, beside the
 * JavaScript esbuild writes (./transpile.ts), with the `.ts` extensions of
 * relative imports rewritten to `.js` as in the JavaScript.
 *
 * The emit does not type-check (`noCheck`): the `check` stage of
 * `deno task test` does that, with Deno's types for `node:` built-ins, which
 * plain tsc would need `@types/node` for. The package has no slow types (JSR
 * refuses them), so every exported type is written out in the source and the
 * declarations need no inference.
 *
 * @module
 */
import { resolve } from 'node:path';
import ts from 'typescript';

/** What {@linkcode emitDeclarations} wrote. */
export interface Declarations {
  /** How many `.d.ts` files. */
  files: number;
  /** Every bare and `node:` specifier the declarations import, e.g. `fast-check`. */
  imports: Set<string>;
  /** tsc's version. */
  version: string;
}

/** Options of {@linkcode emitDeclarations}. */
export interface DeclarationOptions {
  /** The entry modules, relative to the root, e.g. `mod.ts`. */
  entries: readonly string[];
  /** Where the `.d.ts` files go; a module's path under it is its path under the root. */
  outDir: string;
}

/** A declaration emit that failed: the message lists tsc's diagnostics, one per line. */
export class DeclarationError extends Error {
  /** Always `DeclarationError`. */
  override readonly name = 'DeclarationError';
}

/**
 * Writes the declarations of the entries and of every module they reach.
 *
 * @param root The repository root.
 * @param options The entry modules and the output folder.
 * @returns How many files were written and what they import from outside.
 * @throws {DeclarationError} Listing tsc's diagnostics as `file:line: message`.
 *
 * @example Declarations of the client
 * ```ts ignore
 * import { emitDeclarations } from './declarations.ts';
 * const { files } = emitDeclarations('.', { entries: ['mod.ts'], outDir: 'dist/npm' });
 * ```
 */
export function emitDeclarations(root: string, options: DeclarationOptions): Declarations {
  const absoluteRoot = resolve(root);
  const compilerOptions: ts.CompilerOptions = {
    declaration: true,
    emitDeclarationOnly: true,
    noCheck: true,
    rootDir: absoluteRoot,
    outDir: resolve(absoluteRoot, options.outDir),
    allowImportingTsExtensions: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    skipLibCheck: true,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    // No ambient packages: the declarations name each built-in module they use.
    types: [],
  };
  const program = ts.createProgram(
    options.entries.map((entry) => resolve(absoluteRoot, entry)),
    compilerOptions,
  );
  const imports = new Set<string>();
  let files = 0;
  const result = program.emit(
    undefined,
    (fileName, text) => {
      ts.sys.writeFile(fileName, text);
      files++;
    },
    undefined,
    true,
    { afterDeclarations: [rewriteImports(imports)] },
  );
  const diagnostics = [...program.getSyntacticDiagnostics(), ...result.diagnostics];
  if (diagnostics.length > 0) {
    throw new DeclarationError(
      ts.formatDiagnostics(diagnostics, {
        getCanonicalFileName: (file) => file,
        getCurrentDirectory: () => absoluteRoot,
        getNewLine: () => '\n',
      }).trimEnd(),
    );
  }
  return { files, imports, version: ts.version };
}

/** The import as the package has it: `./x.ts` is `./x.js`; anything bare is noted. */
function packagePath(specifier: string, imports: Set<string>): string {
  if (specifier.startsWith('./') || specifier.startsWith('../')) {
    return specifier.endsWith('.ts') && !specifier.endsWith('.d.ts')
      ? `${specifier.slice(0, -'.ts'.length)}.js`
      : specifier;
  }
  imports.add(specifier);
  return specifier;
}

/** Rewrites the specifiers of `import`, `export … from` and `import('…')` types. */
function rewriteImports(
  imports: Set<string>,
): ts.TransformerFactory<ts.SourceFile | ts.Bundle> {
  return (context) => {
    const { factory } = context;
    const literal = (node: ts.StringLiteral) => {
      const path = packagePath(node.text, imports);
      return path === node.text ? node : factory.createStringLiteral(path);
    };
    const visit = (node: ts.Node): ts.Node => {
      if (
        ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)
      ) {
        return factory.updateImportDeclaration(
          node,
          node.modifiers,
          node.importClause,
          literal(node.moduleSpecifier),
          node.attributes,
        );
      }
      if (
        ts.isExportDeclaration(node) && node.moduleSpecifier &&
        ts.isStringLiteral(node.moduleSpecifier)
      ) {
        return factory.updateExportDeclaration(
          node,
          node.modifiers,
          node.isTypeOnly,
          node.exportClause,
          literal(node.moduleSpecifier),
          node.attributes,
        );
      }
      if (
        ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) &&
        ts.isStringLiteral(node.argument.literal)
      ) {
        return factory.updateImportTypeNode(
          node,
          factory.updateLiteralTypeNode(node.argument, literal(node.argument.literal)),
          node.attributes,
          node.qualifier,
          ts.visitNodes(node.typeArguments, visit, ts.isTypeNode),
          node.isTypeOf,
        );
      }
      return ts.visitEachChild(node, visit, context);
    };
    return (node) => ts.isSourceFile(node) ? ts.visitEachChild(node, visit, context) : node;
  };
}
