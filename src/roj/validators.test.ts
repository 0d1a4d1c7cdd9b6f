// Property tests of the generated Roj validators: every valid sample (drawn from the generated
// JSON Schemas) is accepted, every near miss is rejected at the path that was broken, and on
// all of them the verdict matches Ajv's, an independent JSON Schema 2020-12 implementation.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { nearMiss, validValue } from '../../conformance/arbitrary.ts';
import { componentSchemas, methodSchemas } from './_generated/schemas.ts';
import {
  componentValidators,
  instanceValidators,
  platformValidators,
} from './_generated/validators.ts';

const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: false });
ajv.addSchema({ $id: 'roj', components: { schemas: componentSchemas } });
const ajvValidate = (name: string) => ajv.getSchema(`roj#/components/schemas/${name}`)!;

// Components holding a file part describe multipart bytes, not JSON: nothing to validate.
const jsonComponents = Object.keys(componentSchemas).filter((n) =>
  !JSON.stringify(componentSchemas[n]).includes('contentMediaType')
);
const runs = Number(process.env.FC_RUNS ?? 60);

describe('generated validators', () => {
  test('cover every method of both registries', () => {
    assert.deepEqual(Object.keys(platformValidators), Object.keys(methodSchemas.platform));
    assert.deepEqual(Object.keys(instanceValidators), Object.keys(methodSchemas.instance));
    assert.equal(Object.keys(platformValidators).length, 17);
    assert.equal(Object.keys(instanceValidators).length, 14);
  });

  test('accept every valid sample, as Ajv does', () => {
    for (const name of jsonComponents) {
      const check = componentValidators[name];
      const reference = ajvValidate(name);
      fc.assert(
        fc.property(validValue(componentSchemas[name], componentSchemas), (value) => {
          assert.ok(reference(value), `Ajv rejects a sample of ${name}; the arbitrary is wrong`);
          const result = check(value);
          assert.ok(
            result.ok,
            `${name} rejected ${JSON.stringify(value)}: ${
              JSON.stringify(!result.ok && result.issues)
            }`,
          );
        }),
        { numRuns: runs },
      );
    }
  });

  test('reject every near miss at the broken path, as Ajv does', () => {
    let checked = 0;
    for (const name of jsonComponents) {
      const check = componentValidators[name];
      const reference = ajvValidate(name);
      const misses = nearMiss(componentSchemas[name], componentSchemas);
      const samples = fc.sample(misses, { numRuns: 1 });
      if (samples.length === 0) continue;
      fc.assert(
        fc.property(misses, ({ value, path, mutation }) => {
          assert.equal(reference(value), false, `Ajv accepts ${name} after: ${mutation}`);
          const result = check(value);
          assert.ok(
            !result.ok,
            `${name} accepted a near miss (${mutation}): ${JSON.stringify(value)}`,
          );
          assert.ok(
            result.issues.some((i) => i.path === path),
            `${name} (${mutation}) reported ${JSON.stringify(result.issues)}, not ${path}`,
          );
        }),
        { numRuns: runs },
      );
      checked++;
    }
    assert.ok(checked > 40, `only ${checked} components had near misses`);
  });

  test('agree with Ajv on arbitrary JSON', () => {
    for (
      const name of [
        'CreateInstanceInput',
        'GetInstanceStatusOutput',
        'RpcFailure',
        'ListInstancesInput',
      ]
    ) {
      const check = componentValidators[name];
      const reference = ajvValidate(name);
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 3 }), (value) => {
          assert.equal(check(value).ok, reference(value), `${name} on ${JSON.stringify(value)}`);
        }),
        { numRuns: runs * 4 },
      );
    }
  });

  test('name the failing path and what is allowed', () => {
    const result = platformValidators['sessions.create'].input({
      instanceId: 'i',
      presetId: 'p',
      expiresIn: 604801,
    });
    assert.deepEqual(result, {
      ok: false,
      issues: [{ path: '/expiresIn', message: 'Expected at most 604800' }],
    });
    const nested = platformValidators['instances.create'].input({
      templateSlug: 's',
      name: 'n',
      autoCreateSession: { presetId: 'p', fileIds: ['a', 1] },
    });
    assert.deepEqual(nested, {
      ok: false,
      issues: [{ path: '/autoCreateSession/fileIds/1', message: 'Expected string' }],
    });
  });

  test('treat prototype keys as plain, unexpected properties', () => {
    const input = JSON.parse(
      '{"templateSlug":"s","name":"n","__proto__":{"polluted":true},"constructor":1}',
    );
    const result = platformValidators['instances.create'].input(input);
    assert.ok(!result.ok);
    assert.deepEqual(result.issues.map((i) => i.path), ['/__proto__', '/constructor']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    const missing = platformValidators['instances.get'].input({});
    assert.deepEqual(missing, {
      ok: false,
      issues: [{ path: '/instanceId', message: 'Missing required property' }],
    });
  });
});
