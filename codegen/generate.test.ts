// End-to-end: codegen on the real Roj definition yields a valid OpenAPI 3.1 document that
// describes the wire format, and the committed output is what codegen produces now.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Validator } from '@seriousme/openapi-schema-validator';
import { targets } from '../codegen.config.ts';
import { checkFiles } from './check.ts';
import { generate, type TargetOutput } from './generate.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
let roj: TargetOutput;

describe('generate (roj)', () => {
  before(async () => {
    [roj] = await generate(root, targets.filter((t) => t.name === 'roj'));
  });

  test('the document passes an independent OpenAPI 3.1 validator with zero errors', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(roj.document));
    assert.equal(validator.version, '3.1');
    assert.deepEqual(result.errors ?? [], []);
    assert.equal(result.valid, true);
  });

  test('names all 31 methods and the upload path', () => {
    const paths = roj.document.paths;
    assert.deepEqual(Object.keys(paths).sort(), [
      '/api/v1/files/upload',
      '/api/v1/instances/{instanceId}/rpc',
      '/api/v1/rpc',
    ]);
    const schemas = roj.document.components.schemas;
    const platform = Object.keys(schemas.PlatformRpcRequest.discriminator!.mapping!);
    const instance = Object.keys(schemas.InstanceRpcRequest.discriminator!.mapping!);
    assert.equal(platform.length, 17);
    assert.equal(instance.length, 14);
    assert.ok(platform.includes('services.getUrl'));
    assert.ok(instance.includes('ensureSandbox'));
  });

  test('the request envelope is a oneOf discriminated on method', () => {
    const { schemas } = roj.document.components;
    const request = schemas.PlatformRpcRequest;
    assert.equal(request.oneOf!.length, 17);
    assert.equal(request.discriminator!.propertyName, 'method');
    const create = schemas.PlatformInstancesCreateRequest;
    assert.deepEqual(create.properties!.method, { const: 'instances.create' });
    assert.deepEqual(create.properties!.input, {
      $ref: '#/components/schemas/CreateInstanceInput',
    });
  });

  test('errors carry their HTTP statuses and both auth schemes are declared', () => {
    const op = roj.document.paths['/api/v1/rpc'].post as Record<string, Record<string, unknown>>;
    for (const status of ['400', '401', '403', '404', '409', '413', '500']) {
      assert.ok(op.responses[status], `no ${status} response`);
    }
    assert.deepEqual(op.security, [{ apiKey: [] }]);
    const instanceOp = roj.document.paths['/api/v1/instances/{instanceId}/rpc'].post;
    assert.deepEqual(instanceOp.security, [{ instanceToken: [] }, { instanceCookie: [] }]);
    assert.deepEqual(roj.document.components.securitySchemes.instanceCookie, {
      type: 'apiKey',
      in: 'cookie',
      name: 'roj_instance_token',
      description: 'Instance token from `tokens.create`, as a cookie',
    });
  });

  test('the upload is multipart with a binary file part', () => {
    const op = roj.document.paths['/api/v1/files/upload'].post as Record<
      string,
      Record<string, unknown>
    >;
    assert.deepEqual(op.requestBody, {
      required: true,
      content: {
        'multipart/form-data': { schema: { $ref: '#/components/schemas/UploadFileForm' } },
      },
    });
    const form = roj.document.components.schemas.UploadFileForm;
    assert.equal(form.properties!.file.contentMediaType, 'application/octet-stream');
  });

  test('field comments become descriptions', () => {
    const input = roj.document.components.schemas.CreateSessionInput;
    assert.equal(
      input.properties!.expiresIn.description,
      'token TTL in seconds (default 24h, max 7d)',
    );
    assert.equal(input.properties!.expiresIn.maximum, 604800);
  });

  test('the committed output is current', () => {
    assert.deepEqual(checkFiles(root, [roj]), []);
  });
});
