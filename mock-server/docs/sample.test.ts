import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type JsonSchema, SampleError, type SampleOptions, sampleValue } from './sample.ts';

const definitions: Record<string, JsonSchema> = {
  Id: { type: 'string', minLength: 1 },
  Loop: { $ref: '#/components/schemas/Loop' },
};

function options(known: Record<string, unknown> = {}, offer: string[] = []): SampleOptions {
  return {
    resolve(ref) {
      const name = ref.replace('#/components/schemas/', '');
      if (!Object.hasOwn(definitions, name)) {
        throw new SampleError(`Reference ${ref} does not resolve`);
      }
      return definitions[name];
    },
    known,
    offerOptional: new Set(offer),
  };
}

const cases: [
  string,
  { given: JsonSchema; known?: Record<string, unknown>; offer?: string[]; want: unknown },
][] = [
  [
    'required properties only, known values by name',
    {
      given: {
        type: 'object',
        required: ['instanceId', 'name'],
        properties: {
          instanceId: { type: 'string' },
          name: { type: 'string', minLength: 1 },
          origin: { type: 'string' },
        },
      },
      known: { instanceId: 'ins_000007', origin: 'http://x' },
      want: { instanceId: 'ins_000007', name: 'example' },
    },
  ],
  [
    'an optional property it is told to offer, when known',
    {
      given: {
        type: 'object',
        properties: { resourceId: { type: 'string' }, resourceSlug: { type: 'string' } },
      },
      known: { resourceId: 'res_000002', resourceSlug: 'notes' },
      offer: ['resourceId'],
      want: { resourceId: 'res_000002' },
    },
  ],
  ['the first enum value', {
    given: { type: 'string', enum: ['viewer', 'editor'] },
    want: 'viewer',
  }],
  ['a const', { given: { const: 'instances.get' }, want: 'instances.get' }],
  [
    'the first oneOf branch',
    { given: { oneOf: [{ type: 'integer', minimum: 5 }, { type: 'string' }] }, want: 5 },
  ],
  [
    'minItems items',
    { given: { type: 'array', minItems: 2, items: { type: 'boolean' } }, want: [false, false] },
  ],
  ['strings padded to minLength', { given: { type: 'string', minLength: 10 }, want: 'examplexxx' }],
  ['strings cut to maxLength', { given: { type: 'string', maxLength: 3 }, want: 'exa' }],
  [
    'a pattern the plain word matches',
    { given: { type: 'string', pattern: '^[a-z]{3,10}$' }, want: 'example' },
  ],
  ['the first type that is not null', { given: { type: ['null', 'string'] }, want: 'example' }],
  ['integers at their minimum', { given: { type: 'integer', minimum: 0 }, want: 0 }],
  ['past an exclusive minimum', { given: { type: 'integer', exclusiveMinimum: 0 }, want: 1 }],
  [
    'references, resolved',
    {
      given: {
        type: 'object',
        required: ['id'],
        properties: { id: { $ref: '#/components/schemas/Id' } },
      },
      want: { id: 'example' },
    },
  ],
  ['any value for an empty schema', { given: {}, want: 'example' }],
];

describe('sampleValue', () => {
  for (const [name, { given, known, offer, want }] of cases) {
    it(name, () => assert.deepEqual(sampleValue(given, options(known, offer)), want));
  }

  it('refuses a pattern the plain word does not match, naming where', () => {
    const schema = {
      type: 'object',
      required: ['path'],
      properties: { path: { type: 'string', pattern: '^/space/.+\\.json$' } },
    };
    assert.throws(() => sampleValue(schema, options()), (error) => {
      assert.ok(error instanceof SampleError);
      assert.match(error.message, /at \/path with pattern .*give it a known value/);
      return true;
    });
    // Given a known value, the same schema samples.
    assert.deepEqual(sampleValue(schema, options({ path: '/space/a/b.json' })), {
      path: '/space/a/b.json',
    });
  });

  it('refuses a reference that does not resolve, and one that never ends', () => {
    assert.throws(
      () => sampleValue({ $ref: '#/components/schemas/Missing' }, options()),
      /does not resolve/,
    );
    assert.throws(
      () => sampleValue({ $ref: '#/components/schemas/Loop' }, options()),
      /deeper than 32/,
    );
  });

  it('refuses the schema that accepts nothing', () => {
    assert.throws(() => sampleValue(false, options()), SampleError);
  });
});
