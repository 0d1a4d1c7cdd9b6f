/**
 * Emits validators: every component schema compiled to a plain TypeScript
 * function. No `eval` or `new Function` is involved at runtime (Cloudflare
 * Workers forbids both), and the compiled code is faster than an interpreter.
 * Issues carry JSON Pointer paths (RFC 6901).
 *
 * @module
 */
import type { JsonSchema, JsonSchemaType, JsonValue } from '../../src/rpc/json-schema.ts';
import type { ReadApiResult } from '../read/api.ts';
import { pascal } from '../read/api.ts';
import { banner } from './banner.ts';
import type { RpcImports } from './rpc-imports.ts';

/** What {@linkcode emitValidators} needs. */
export interface ValidatorsInput {
  /** Every component schema, by name. */
  components: Map<string, JsonSchema>;
  /** The types read from the API definition. */
  read: ReadApiResult;
  /** The definition's module, relative to the output folder, e.g. `../api.ts`. */
  apiImport: string;
  /** The definition's export name, e.g. `rojApi`. */
  apiExport: string;
  /** Where the RPC core's modules are imported from. */
  rpc: Readonly<RpcImports>;
  /** The definition's path for the banner. */
  source: string;
}

/**
 * Builds the validators module.
 *
 * @param input Components, methods and import paths.
 * @returns The module's source text.
 */
export function emitValidators(input: ValidatorsInput): string {
  const c = new Compiler(input.components);
  for (const name of [...input.components.keys()].sort()) c.component(name);
  const out: string[] = [
    banner(input.source),
    '// deno-lint-ignore-file',
    `import type { MethodInput as In, MethodOutput as Out } from '${input.rpc.definition}';`,
    `import type { MethodValidators, ValidationIssue as Issue, Validator } from '${input.rpc.validation}';`,
    `import { anyOf, type Check, codePoints, esc, isObject, own, run } from '${input.rpc.validatorRuntime}';`,
    `import type { ${input.apiExport} } from '${input.apiImport}';`,
    '',
    `type Api = typeof ${input.apiExport};`,
    '',
    ...c.constants,
    ...c.functions,
    '/** Validators of every component schema, by name. */',
    'export const componentValidators: Record<string, Validator<unknown>> = {',
    ...[...input.components.keys()].sort().map((n) =>
      `  ${JSON.stringify(n)}: (v) => run(${c.fn(n)}, v),`
    ),
    '};',
  ];
  for (const [endpoint, methods] of input.read.endpoints) {
    const alias = pascal(endpoint);
    out.push(
      '',
      `type ${alias} = Api['endpoints']['${endpoint}']['methods'];`,
      `/** Input and output validators of the \`${endpoint}\` endpoint's methods. */`,
      `export const ${
        camel(endpoint)
      }Validators: { [M in keyof ${alias} & string]: MethodValidators<In<${alias}, M>, Out<${alias}, M>> } = {`,
      ...methods.map((m) =>
        `  ${JSON.stringify(m.name)}: { input: (v) => run(${
          c.fn(m.input)
        }, v), output: (v) => run(${c.fn(m.output)}, v) },`
      ),
      '};',
    );
  }
  if (input.read.uploads.length > 0) {
    out.push(
      '',
      '/** Output validators of the uploads. */',
      `export const uploadValidators: { [U in keyof NonNullable<Api['uploads']> & string]: { output: Validator<NonNullable<NonNullable<Api['uploads']>[U]['~types']>['output']> } } = {`,
      ...input.read.uploads.map((u) =>
        `  ${JSON.stringify(u.name)}: { output: (v) => run(${c.fn(u.output)}, v) },`
      ),
      '};',
    );
  }
  return out.join('\n') + '\n';
}

function camel(name: string): string {
  const p = pascal(name);
  return p[0].toLowerCase() + p.slice(1);
}

const typeTest: Record<JsonSchemaType, (x: string) => string> = {
  string: (x) => `typeof ${x} === 'string'`,
  number: (x) => `typeof ${x} === 'number' && Number.isFinite(${x})`,
  integer: (x) => `typeof ${x} === 'number' && Number.isInteger(${x})`,
  boolean: (x) => `typeof ${x} === 'boolean'`,
  null: (x) => `${x} === null`,
  array: (x) => `Array.isArray(${x})`,
  object: (x) => `isObject(${x})`,
};

// Compiles schemas to statements. Each check sets `ok = false` and pushes an issue on failure,
// and keeps going, so one call reports every bad field.
class Compiler {
  readonly constants: string[] = [];
  readonly functions: string[] = [];
  #components: Map<string, JsonSchema>;
  #names = new Map<string, string>();
  #vars = 0;

  constructor(components: Map<string, JsonSchema>) {
    this.#components = components;
  }

  fn(component: string): string {
    let name = this.#names.get(component);
    if (!name) {
      name = `v_${component.replace(/[^A-Za-z0-9_]/g, '_')}_${this.#names.size}`;
      this.#names.set(component, name);
    }
    return name;
  }

  component(name: string): void {
    const schema = this.#components.get(name)!;
    this.#function(this.fn(name), schema, name);
  }

  #function(fn: string, schema: JsonSchema, label: string): void {
    const body = this.#check(schema, 'v', 'p');
    this.functions.push(
      `// ${label}`,
      `function ${fn}(v: unknown, p: string, e: Issue[]): boolean {`,
      '  let ok = true;',
      ...indent(body, 1),
      '  return ok;',
      '}',
    );
  }

  #var(prefix: string): string {
    return `${prefix}${this.#vars++}`;
  }

  #fail(path: string, message: string): string {
    return `{ ok = false; e.push({ path: ${path}, message: ${JSON.stringify(message)} }); }`;
  }

  #check(schema: JsonSchema, x: string, p: string): string[] {
    if (schema.$ref) {
      const name = schema.$ref.slice(schema.$ref.lastIndexOf('/') + 1);
      if (!this.#components.has(name)) throw new Error(`Unresolved reference ${schema.$ref}`);
      return [`if (!${this.fn(name)}(${x}, ${p}, e)) ok = false;`];
    }
    if (schema.anyOf) return this.#anyOf(schema.anyOf, x, p);
    if (schema.const !== undefined) {
      return [
        `if (${x} !== ${literal(schema.const)}) ${this.#fail(p, `Expected ${show(schema.const)}`)}`,
      ];
    }
    if (schema.enum) {
      const test = schema.enum.map((v) => `${x} !== ${literal(v)}`).join(' && ');
      return [
        `if (${test}) ${this.#fail(p, `Expected one of ${schema.enum.map(show).join(', ')}`)}`,
      ];
    }
    if (!schema.type) return [];
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    const lines: string[] = [];
    types.forEach((t, i) => {
      const inner = this.#constraints(t, schema, x, p);
      lines.push(`${i === 0 ? 'if' : '} else if'} (${typeTest[t](x)}) {`, ...indent(inner, 1));
    });
    lines.push(`} else ${this.#fail(p, `Expected ${types.join(' or ')}`)}`);
    return lines;
  }

  #anyOf(branches: JsonSchema[], x: string, p: string): string[] {
    const nullable = branches.some((b) => b.type === 'null' && Object.keys(b).length === 1);
    const rest = branches.filter((b) => !(b.type === 'null' && Object.keys(b).length === 1));
    const lines: string[] = [];
    let inner: string[];
    if (rest.length === 1) {
      inner = this.#check(rest[0], x, p);
    } else {
      const fns = rest.map((b) => {
        const fn = this.#var('a_');
        this.#function(fn, b, 'anyOf branch');
        return fn;
      });
      const list = this.#var('A_');
      this.constants.push(`const ${list}: Check[] = [${fns.join(', ')}];`);
      const expected = rest.map(describe).join(' or ') + (nullable ? ' or null' : '');
      inner = [
        `if (!anyOf(${x}, ${p}, e, { checks: ${list}, expected: ${
          JSON.stringify(expected)
        } })) ok = false;`,
      ];
    }
    if (!nullable) return inner;
    lines.push(`if (${x} !== null) {`, ...indent(inner, 1), '}');
    return lines;
  }

  #constraints(type: JsonSchemaType, s: JsonSchema, x: string, p: string): string[] {
    const lines: string[] = [];
    if (type === 'string') {
      if (s.minLength !== undefined) {
        lines.push(
          `if (${x}.length < ${s.minLength} || codePoints(${x}) < ${s.minLength}) ${
            this.#fail(p, `Expected at least ${s.minLength} characters`)
          }`,
        );
      }
      if (s.maxLength !== undefined) {
        lines.push(
          `if (${x}.length > ${s.maxLength} && codePoints(${x}) > ${s.maxLength}) ${
            this.#fail(p, `Expected at most ${s.maxLength} characters`)
          }`,
        );
      }
      if (s.pattern !== undefined) {
        const re = this.#var('R_');
        this.constants.push(`const ${re} = new RegExp(${JSON.stringify(s.pattern)}, 'u');`);
        lines.push(`if (!${re}.test(${x})) ${this.#fail(p, `Expected a match for ${s.pattern}`)}`);
      }
    } else if (type === 'number' || type === 'integer') {
      const bounds: [keyof JsonSchema, string, string][] = [
        ['minimum', '<', 'at least'],
        ['maximum', '>', 'at most'],
        ['exclusiveMinimum', '<=', 'more than'],
        ['exclusiveMaximum', '>=', 'less than'],
      ];
      for (const [key, op, words] of bounds) {
        const bound = s[key];
        if (typeof bound === 'number') {
          lines.push(`if (${x} ${op} ${bound}) ${this.#fail(p, `Expected ${words} ${bound}`)}`);
        }
      }
    } else if (type === 'array') {
      lines.push(...this.#array(s, x, p));
    } else if (type === 'object') {
      lines.push(...this.#object(s, x, p));
    }
    return lines;
  }

  #array(s: JsonSchema, x: string, p: string): string[] {
    const lines: string[] = [];
    if (s.minItems !== undefined) {
      lines.push(
        `if (${x}.length < ${s.minItems}) ${
          this.#fail(p, `Expected at least ${s.minItems} items`)
        }`,
      );
    }
    if (s.maxItems !== undefined) {
      lines.push(
        `if (${x}.length > ${s.maxItems}) ${this.#fail(p, `Expected at most ${s.maxItems} items`)}`,
      );
    }
    const prefix = s.prefixItems ?? [];
    prefix.forEach((item, i) => {
      const el = this.#var('x');
      lines.push(
        `if (${x}.length > ${i}) {`,
        `  const ${el}: unknown = ${x}[${i}];`,
        ...indent(this.#check(item, el, `${p} + '/${i}'`), 1),
        '}',
      );
    });
    if (s.items && Object.keys(s.items).length > 0) {
      const i = this.#var('i');
      const el = this.#var('x');
      lines.push(
        `for (let ${i} = ${prefix.length}; ${i} < ${x}.length; ${i}++) {`,
        `  const ${el}: unknown = ${x}[${i}];`,
        ...indent(this.#check(s.items, el, `${p} + '/' + ${i}`), 1),
        '}',
      );
    }
    return lines;
  }

  #object(s: JsonSchema, x: string, p: string): string[] {
    const lines: string[] = [];
    const props = s.properties ?? {};
    const required = new Set(s.required ?? []);
    for (const [key, schema] of Object.entries(props)) {
      const el = this.#var('x');
      const path = `${p} + ${
        JSON.stringify('/' + key.replaceAll('~', '~0').replaceAll('/', '~1'))
      }`;
      lines.push(`const ${el} = own(${x}, ${JSON.stringify(key)});`);
      const check = this.#check(schema, el, path);
      if (required.has(key)) {
        lines.push(`if (${el} === undefined) ${this.#fail(path, 'Missing required property')}`);
        if (check.length) lines.push('else {', ...indent(check, 1), '}');
      } else if (check.length) {
        lines.push(`if (${el} !== undefined) {`, ...indent(check, 1), '}');
      }
    }
    const extra = s.additionalProperties;
    if (extra !== undefined && !(typeof extra === 'object' && Object.keys(extra).length === 0)) {
      const known = this.#var('K_');
      this.constants.push(
        `const ${known} = new Set<string>(${JSON.stringify(Object.keys(props))});`,
      );
      const k = this.#var('k');
      const allowed = Object.keys(props);
      const hint = allowed.length === 0
        ? 'Unexpected property; this object takes none'
        : allowed.length <= 12
        ? `Unexpected property; allowed: ${allowed.join(', ')}`
        : 'Unexpected property';
      const kp = `${p} + '/' + esc(${k})`;
      const el = this.#var('x');
      const body = extra === false
        ? [this.#fail(kp, hint)]
        : [`const ${el}: unknown = ${x}[${k}];`, ...this.#check(extra, el, kp)];
      lines.push(
        `for (const ${k} of Object.keys(${x})) {`,
        `  if (${known}.has(${k})) continue;`,
        ...indent(body, 1),
        '}',
      );
    }
    return lines;
  }
}

function indent(lines: string[], depth: number): string[] {
  const pad = '  '.repeat(depth);
  return lines.map((l) => pad + l);
}

function literal(v: JsonValue): string {
  return JSON.stringify(v);
}

function show(v: JsonValue): string {
  return typeof v === 'string' ? `'${v}'` : JSON.stringify(v);
}

function describe(s: JsonSchema): string {
  if (s.$ref) return s.$ref.slice(s.$ref.lastIndexOf('/') + 1);
  if (s.const !== undefined) return show(s.const);
  if (s.enum) return s.enum.map(show).join(' or ');
  if (Array.isArray(s.type)) return s.type.join(' or ');
  return s.type ?? 'a value';
}
