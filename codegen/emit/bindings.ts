/**
 * Emits typed client bindings: for each endpoint, the list of method names, an
 * interface with one method per registry entry (dotted names become nested
 * namespaces: `instances.create` → `instances.create(input)`), and a `bind`
 * function that implements it over any call function. Types are referenced from
 * the registry, never restated, and each method carries its registry JSDoc.
 *
 * @module
 */
import type { ReadApiResult, ReadMethod } from '../read/api.ts';
import { pascal } from '../read/api.ts';
import { banner } from './banner.ts';
import type { RpcImports } from './rpc-imports.ts';

/** What {@linkcode emitBindings} needs. */
export interface BindingsInput {
  /** The types read from the API definition. */
  read: ReadApiResult;
  /** Endpoint name → path, for docs. */
  paths: Record<string, string>;
  /** The definition's module, relative to the output folder. */
  apiImport: string;
  /** The definition's export name. */
  apiExport: string;
  /** Where the RPC core's modules are imported from. */
  rpc: Readonly<RpcImports>;
  /** The definition's path for the banner. */
  source: string;
}

interface Tree {
  methods: ReadMethod[];
  children: Map<string, Tree>;
}

/**
 * Builds the bindings module.
 *
 * @param input Methods, paths and import paths.
 * @returns The module's source text, or problems for names that clash.
 */
export function emitBindings(input: BindingsInput): { source: string; clashes: string[] } {
  const clashes: string[] = [];
  const out: string[] = [
    banner(input.source),
    `import type { CallOptions, RpcCall } from '${input.rpc.client}';`,
    `import type { MethodInput as In, MethodOutput as Out } from '${input.rpc.definition}';`,
    `import type { ${input.apiExport} } from '${input.apiImport}';`,
    '',
    `type Api = typeof ${input.apiExport};`,
  ];
  for (const [endpoint, methods] of input.read.endpoints) {
    const alias = pascal(endpoint);
    const lower = alias[0].toLowerCase() + alias.slice(1);
    const path = input.paths[endpoint];
    const tree = treeOf(methods, clashes);
    out.push(
      `type ${alias} = Api['endpoints']['${endpoint}']['methods'];`,
      '',
      `/** Method names of the \`${endpoint}\` endpoint, in registry order. */`,
      `export const ${lower}MethodNames = [`,
      ...methods.map((m) => `  ${JSON.stringify(m.name)},`),
      '] as const;',
      '',
      `/** Typed bindings for the \`${endpoint}\` endpoint: \`POST ${path}\`. */`,
      `export interface ${alias}Bindings {`,
      ...indent(interfaceBody(tree, alias), 1),
      '}',
      '',
      '/**',
      ` * Binds the \`${endpoint}\` endpoint's methods to a call function.`,
      ' *',
      ' * @param call Sends one call and resolves with its output, or throws.',
      ' * @returns The bindings.',
      ' */',
      `export function bind${alias}(call: RpcCall<${alias}>): ${alias}Bindings {`,
      '  return {',
      ...indent(objectBody(tree), 2),
      '  };',
      '}',
      '',
    );
  }
  return { source: out.join('\n'), clashes };
}

function treeOf(methods: ReadMethod[], clashes: string[]): Tree {
  const root: Tree = { methods: [], children: new Map() };
  for (const m of methods) {
    const parts = m.name.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      let child = node.children.get(part);
      if (!child) node.children.set(part, child = { methods: [], children: new Map() });
      node = child;
    }
    const leaf = parts[parts.length - 1];
    if (node.children.has(leaf) || node.methods.some((x) => x.name.split('.').pop() === leaf)) {
      clashes.push(`Method ${m.name} clashes with a namespace or method of the same name`);
    }
    node.methods.push(m);
  }
  for (const [name] of root.children) {
    if (root.methods.some((m) => m.name === name)) {
      clashes.push(`Method ${name} clashes with the namespace ${name}`);
    }
  }
  return root;
}

function key(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

function interfaceBody(tree: Tree, alias: string): string[] {
  const lines: string[] = [];
  for (const m of tree.methods) {
    const leaf = key(m.name.split('.').pop()!);
    const n = JSON.stringify(m.name);
    if (m.description) lines.push(`/** ${m.description.replaceAll('*/', '*\\/')} */`);
    lines.push(
      `${leaf}(input: In<${alias}, ${n}>, options?: CallOptions): Promise<Out<${alias}, ${n}>>;`,
    );
  }
  for (const [name, child] of tree.children) {
    lines.push(`${key(name)}: {`, ...indent(interfaceBody(child, alias), 1), '};');
  }
  return lines;
}

function objectBody(tree: Tree): string[] {
  const lines: string[] = [];
  for (const m of tree.methods) {
    const leaf = key(m.name.split('.').pop()!);
    lines.push(`${leaf}: (input, options) => call(${JSON.stringify(m.name)}, input, options),`);
  }
  for (const [name, child] of tree.children) {
    lines.push(`${key(name)}: {`, ...indent(objectBody(child), 1), '},');
  }
  return lines;
}

function indent(lines: string[], depth: number): string[] {
  const pad = '  '.repeat(depth);
  return lines.map((l) => pad + l);
}
