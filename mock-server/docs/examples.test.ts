import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rojDocument from '../../src/roj/_generated/openapi.json' with { type: 'json' };
import roolDocument from '../../src/rool/_generated/openapi.json' with { type: 'json' };
import adminDocument from '../roj/_generated/openapi.json' with { type: 'json' };
import { instanceValidators, platformValidators } from '../../src/roj/_generated/validators.ts';
import { roolValidators } from '../../src/rool/_generated/validators.ts';
import { adminValidators } from '../roj/_generated/validators.ts';
import { createState } from '../roj/state.ts';
import { defaultSeed } from '../roj/seed.ts';
import { createRoolState } from '../rool/state.ts';
import { defaultRoolUsers } from '../rool/users.ts';
import { type OpenApiDocument, withExamples } from './examples.ts';
import { rojKnownValues, rojOfferOptional } from './roj-known.ts';
import { roolKnownValues } from './rool-known.ts';

type Validators = Record<string, { input(value: unknown): { ok: boolean } }>;
interface Example {
  summary: string;
  value: { method: string; input: unknown };
}

/** The examples of the operation at `path`, by method. */
function examplesAt(document: OpenApiDocument, path: string): Record<string, Example> {
  // deno-lint-ignore no-explicit-any
  const operation = (document.paths as any)[path].post;
  return operation.requestBody.content['application/json'].examples;
}

const rojKnown = rojKnownValues(createState(defaultSeed(), 0));
const roolState = createRoolState(defaultRoolUsers, 0);
const { known: roolKnown, byMethod: roolByMethod } = roolKnownValues(
  roolState,
  roolState.users.get('usr_alice'),
);

const endpoints: [string, {
  document: OpenApiDocument;
  path: string;
  validators: Validators;
  known: Record<string, unknown>;
}][] = [
  ['Roj platform', {
    document: rojDocument,
    path: '/api/v1/rpc',
    validators: platformValidators as unknown as Validators,
    known: rojKnown,
  }],
  ['Roj instance', {
    document: rojDocument,
    path: '/api/v1/instances/{instanceId}/rpc',
    validators: instanceValidators as unknown as Validators,
    known: rojKnown,
  }],
  ['Rool', {
    document: roolDocument,
    path: '/v1/rpc',
    validators: roolValidators as unknown as Validators,
    known: roolKnown,
  }],
  ['mock control', {
    document: adminDocument,
    path: '/_mock/rpc',
    validators: adminValidators as unknown as Validators,
    known: {},
  }],
];

describe('withExamples', () => {
  for (const [name, { document, path, validators, known }] of endpoints) {
    it(`gives every ${name} method an example its validator accepts`, () => {
      const { document: copy, problems } = withExamples(document, {
        known,
        offerOptional: rojOfferOptional,
        byMethod: roolByMethod,
      });
      assert.deepEqual(problems, []);
      const examples = examplesAt(copy, path);
      assert.deepEqual(Object.keys(examples).sort(), Object.keys(validators).sort());
      for (const [method, example] of Object.entries(examples)) {
        assert.equal(example.summary, method);
        assert.equal(example.value.method, method);
        const checked = validators[method].input(example.value.input);
        assert.ok(checked.ok, `${method}: ${JSON.stringify(checked)}`);
      }
    });
  }

  it('leaves the document alone and counts the examples of the copy', () => {
    const before = structuredClone(rojDocument);
    const { document, count } = withExamples(rojDocument, {
      known: rojKnown,
      servers: [{ url: '/', description: 'This mock' }],
    });
    assert.deepEqual(rojDocument, before);
    assert.notEqual(document, rojDocument);
    assert.equal(
      count,
      Object.keys(platformValidators).length + Object.keys(instanceValidators).length,
    );
    assert.deepEqual(document.servers, [{ url: '/', description: 'This mock' }]);
  });

  it('gives a path parameter its known value as example', () => {
    const { document } = withExamples(rojDocument, { known: { instanceId: 'ins_000042' } });
    // deno-lint-ignore no-explicit-any
    const operation = (document.paths as any)['/api/v1/instances/{instanceId}/rpc'].post;
    const parameter = operation.parameters.find((p: { name: string }) => p.name === 'instanceId');
    assert.equal(parameter.example, 'ins_000042');
  });

  it('reports a method it cannot sample, and keeps the others', () => {
    const document = structuredClone(roolDocument) as OpenApiDocument;
    // Without a known `path`, the object methods' path pattern cannot be sampled.
    const { path: _path, paths: _paths, from: _from, to: _to, ...known } = roolKnown;
    const { problems, count } = withExamples(document, { known });
    assert.ok(problems.length > 0);
    assert.ok(
      problems.every((problem) => /^objects\.\w+: .*pattern/.test(problem)),
      problems.join('\n'),
    );
    assert.equal(count + problems.length, Object.keys(roolValidators).length);
  });
});
