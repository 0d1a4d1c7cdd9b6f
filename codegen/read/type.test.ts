import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Project, ts } from 'ts-morph';
import type { JsonSchema } from '../../src/rpc/json-schema.ts';
import { type Problem, Problems } from '../problems.ts';
import type { ReadContext } from './context.ts';
import { readType } from './type.ts';

/** Reads type `T` from `/main.ts` of an in-memory project holding `files`. */
function read(files: Record<string, string>) {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      allowImportingTsExtensions: true,
    },
  });
  for (const [path, text] of Object.entries(files)) project.createSourceFile(path, text);
  const main = project.getSourceFileOrThrow('/main.ts');
  const decl = main.getTypeAlias('T') ?? main.getInterfaceOrThrow('T');
  const problems = new Problems('/');
  const ctx: ReadContext = { components: new Map(), problems, active: new Set(), read: readType };
  const node = 'getTypeNode' in decl ? decl.getTypeNodeOrThrow() : decl;
  let schema = readType(node.getType(), { node, ctx });
  const components = Object.fromEntries([...ctx.components].map(([n, c]) => [n, c.schema]));
  if (schema.$ref === '#/components/schemas/T') {
    schema = components.T;
    delete components.T;
  }
  return { schema, components, problems: problems.items };
}

interface Case {
  given: Record<string, string>;
  want: {
    schema?: JsonSchema;
    components?: Record<string, JsonSchema>;
    problems?: Partial<Problem>[];
  };
}

const closed = { type: 'object', additionalProperties: false } as const;

const cases: [string, Case][] = [
  ['required and optional properties', {
    given: { '/main.ts': 'type T = { a: string; b?: number; c: boolean | undefined }' },
    want: {
      schema: {
        ...closed,
        type: 'object',
        properties: { a: { type: 'string' }, b: { type: 'number' }, c: { type: 'boolean' } },
        required: ['a', 'c'],
      },
      problems: [{
        file: 'main.ts',
        line: 1,
        message: 'A union with undefined is not JSON; make the property optional instead',
      }],
    },
  }],
  ['string literal union keeps source order', {
    given: { '/main.ts': "type T = { v: 'github' | 'gitLocal' | 'none' }" },
    want: {
      schema: {
        ...closed,
        properties: { v: { type: 'string', enum: ['github', 'gitLocal', 'none'] } },
        required: ['v'],
      },
    },
  }],
  ['single literal is a const', {
    given: { '/main.ts': 'type T = { ok: true; n: 3 }' },
    want: {
      schema: {
        ...closed,
        properties: { ok: { const: true }, n: { const: 3 } },
        required: ['ok', 'n'],
      },
    },
  }],
  ['primitive | null is a type array', {
    given: { '/main.ts': 'type T = { s: string | null; b: boolean | null }' },
    want: {
      schema: {
        ...closed,
        properties: { s: { type: ['string', 'null'] }, b: { type: ['boolean', 'null'] } },
        required: ['s', 'b'],
      },
    },
  }],
  ['object | null is anyOf', {
    given: { '/main.ts': 'type T = { o: { id: string } | null }' },
    want: {
      schema: {
        ...closed,
        properties: {
          o: {
            anyOf: [{ ...closed, properties: { id: { type: 'string' } }, required: ['id'] }, {
              type: 'null',
            }],
          },
        },
        required: ['o'],
      },
    },
  }],
  ['arrays: T[] and Array<{...}>', {
    given: {
      '/main.ts': 'type T = { a: string[]; b: Array<{ n: number }>; c: readonly string[] }',
    },
    want: {
      schema: {
        ...closed,
        properties: {
          a: { type: 'array', items: { type: 'string' } },
          b: {
            type: 'array',
            items: { ...closed, properties: { n: { type: 'number' } }, required: ['n'] },
          },
          c: { type: 'array', items: { type: 'string' } },
        },
        required: ['a', 'b', 'c'],
      },
    },
  }],
  ['tuple', {
    given: { '/main.ts': 'type T = { t: [string, number] }' },
    want: {
      schema: {
        ...closed,
        properties: {
          t: {
            type: 'array',
            prefixItems: [{ type: 'string' }, { type: 'number' }],
            items: false,
            minItems: 2,
            maxItems: 2,
          },
        },
        required: ['t'],
      },
    },
  }],
  ['Record<string, unknown> is an open object', {
    given: { '/main.ts': 'type T = { m: Record<string, unknown>; n: Record<string, number> }' },
    want: {
      schema: {
        ...closed,
        properties: {
          m: { type: 'object', additionalProperties: {} },
          n: { type: 'object', additionalProperties: { type: 'number' } },
        },
        required: ['m', 'n'],
      },
    },
  }],
  ['Record<string, never> is a closed empty object', {
    given: { '/main.ts': 'type T = { e: Record<string, never> }' },
    want: { schema: { ...closed, properties: { e: closed }, required: ['e'] } },
  }],
  ['{} is a closed empty object', {
    given: { '/main.ts': 'type T = { e: {} }' },
    want: { schema: { ...closed, properties: { e: closed }, required: ['e'] } },
  }],
  ['nested object literals', {
    given: { '/main.ts': 'type T = { a: { b: { c: string } } }' },
    want: {
      schema: {
        ...closed,
        properties: {
          a: {
            ...closed,
            properties: {
              b: { ...closed, properties: { c: { type: 'string' } }, required: ['c'] },
            },
            required: ['b'],
          },
        },
        required: ['a'],
      },
    },
  }],
  ['interfaces and aliases imported across files become components', {
    given: {
      '/shared.ts':
        '/** A user. */\nexport interface User { id: string }\nexport type Role = { name: string };',
      '/main.ts':
        "import type { User, Role } from './shared.ts';\ntype T = { user: User; roles: Role[] }",
    },
    want: {
      schema: {
        ...closed,
        properties: {
          user: { $ref: '#/components/schemas/User' },
          roles: { type: 'array', items: { $ref: '#/components/schemas/Role' } },
        },
        required: ['user', 'roles'],
      },
      components: {
        User: {
          description: 'A user.',
          ...closed,
          properties: { id: { type: 'string' } },
          required: ['id'],
        },
        Role: { ...closed, properties: { name: { type: 'string' } }, required: ['name'] },
      },
    },
  }],
  ['SandboxState-style imported union alias, optional, keeps its name', {
    given: {
      '/state.ts': "/** A state. */\nexport type State = 'running' | 'paused';",
      '/main.ts':
        "import type { State } from './state.ts';\ntype T = { s?: State; t: State | null }",
    },
    want: {
      schema: {
        ...closed,
        properties: {
          s: { $ref: '#/components/schemas/State' },
          t: { anyOf: [{ $ref: '#/components/schemas/State' }, { type: 'null' }] },
        },
        required: ['t'],
      },
      components: {
        State: { description: 'A state.', type: 'string', enum: ['running', 'paused'] },
      },
    },
  }],
  ['recursive named type', {
    given: { '/main.ts': 'interface Tree { children: Tree[] }\ntype T = { root: Tree }' },
    want: {
      components: {
        Tree: {
          ...closed,
          properties: { children: { type: 'array', items: { $ref: '#/components/schemas/Tree' } } },
          required: ['children'],
        },
      },
    },
  }],
  ['JSDoc and trailing comments become descriptions; tags become keywords', {
    given: {
      '/main.ts': [
        'type T = {',
        '  /** Page size.\n   * @integer\n   * @minimum 1\n   * @maximum 100 */',
        '  limit?: number;',
        '  ttl?: number // seconds',
        '  /** @minLength 1\n   * @maxLength 5\n   * @pattern ^[a-z]+$ */',
        '  slug: string;',
        '}',
      ].join('\n'),
    },
    want: {
      schema: {
        ...closed,
        properties: {
          limit: { description: 'Page size.', type: 'integer', minimum: 1, maximum: 100 },
          ttl: { description: 'seconds', type: 'number' },
          slug: { type: 'string', minLength: 1, maxLength: 5, pattern: '^[a-z]+$' },
        },
        required: ['slug'],
      },
    },
  }],
  ['intersection of objects merges properties', {
    given: { '/main.ts': 'type T = { a: string } & { b: number }' },
    want: {
      schema: {
        ...closed,
        properties: { a: { type: 'string' }, b: { type: 'number' } },
        required: ['a', 'b'],
      },
    },
  }],
  ['Blob is a binary string', {
    given: { '/main.ts': 'type T = { file: Blob }' },
    want: {
      schema: {
        ...closed,
        properties: { file: { type: 'string', contentMediaType: 'application/octet-stream' } },
        required: ['file'],
      },
    },
  }],
  ['functions are refused with file:line', {
    given: { '/main.ts': 'type T = {\n  a: string;\n  f: () => void;\n  m(): void;\n}' },
    want: {
      problems: [
        {
          file: 'main.ts',
          line: 3,
          message: '() => void is a function; functions cannot be sent over the wire',
        },
        {
          file: 'main.ts',
          line: 4,
          message: 'Method m is a function; functions cannot be sent over the wire',
        },
      ],
    },
  }],
  ['any is refused', {
    given: { '/main.ts': 'type T = {\n  x: any;\n}' },
    want: {
      problems: [{
        file: 'main.ts',
        line: 2,
        message: '`any` cannot be represented; use `unknown` or a precise type',
      }],
    },
  }],
  ['open generics are refused', {
    given: { '/main.ts': 'interface Box<V> {\n  value: V;\n}\ntype T<V> = { box: Box<V> }' },
    want: {
      problems: [{
        file: 'main.ts',
        line: 2,
        message: 'Open generic type parameter V cannot be represented; instantiate it',
      }],
    },
  }],
  ['Date is refused with advice', {
    given: { '/main.ts': 'type T = {\n  at: Date;\n}' },
    want: {
      problems: [{ file: 'main.ts', line: 2, message: 'Date is not JSON; use an ISO 8601 string' }],
    },
  }],
  ['bad tag values are refused', {
    given: {
      '/main.ts':
        'type T = {\n  /** @maximum lots */\n  n: number;\n  /** @integer */\n  s: string;\n}',
    },
    want: {
      problems: [
        { file: 'main.ts', line: 3, message: "@maximum needs a number, got 'lots'" },
        { file: 'main.ts', line: 5, message: '@integer applies only to number fields' },
      ],
    },
  }],
  ['same name, different types', {
    given: {
      '/a.ts': 'export interface Item { a: string }',
      '/b.ts': 'export interface Item { b: string }',
      '/main.ts':
        "import type { Item as A } from './a.ts';\nimport type { Item as B } from './b.ts';\ntype T = { a: A; b: B }",
    },
    want: {
      problems: [{
        file: 'b.ts',
        line: 1,
        message: 'Two different types are named Item (the other is at a.ts:1); rename one',
      }],
    },
  }],
];

describe('readType', () => {
  for (const [name, { given, want }] of cases) {
    test(name, () => {
      const got = read(given);
      if (want.schema) assert.deepEqual(got.schema, want.schema);
      if (want.components) assert.deepEqual(got.components, want.components);
      assert.deepEqual(
        got.problems.map((p) => ({ file: p.file, line: p.line, message: p.message })),
        want.problems ?? [],
      );
    });
  }
});
