import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { oneOperationDocument } from './prism-document.ts';

const ours = JSON.parse(
  readFileSync(new URL('../../../src/roj/_generated/openapi.json', import.meta.url), 'utf8'),
);
const options = {
  path: '/api/v1/rpc',
  request: 'PlatformInstancesGetRequest',
  success: 'PlatformInstancesGetSuccess',
};

describe('oneOperationDocument', () => {
  test('keeps only the platform endpoint, narrowed to instances.get', () => {
    const doc = oneOperationDocument(ours, options);
    assert.deepEqual(Object.keys(doc.paths as object), ['/api/v1/rpc']);
    // deno-lint-ignore no-explicit-any
    const post = (doc.paths as any)['/api/v1/rpc'].post;
    assert.equal(
      post.requestBody.content['application/json'].schema.$ref,
      '#/components/schemas/PlatformInstancesGetRequest',
    );
    assert.equal(
      post.responses[200].content['application/json'].schema.$ref,
      '#/components/schemas/PlatformInstancesGetSuccess',
    );
  });

  test('keeps the security and the error responses Prism answers with', () => {
    // deno-lint-ignore no-explicit-any
    const post = (oneOperationDocument(ours, options).paths as any)['/api/v1/rpc'].post;
    const original = ours.paths['/api/v1/rpc'].post;
    assert.deepEqual(post.security, original.security);
    assert.deepEqual(post.responses[401], original.responses[401]);
    assert.deepEqual(post.responses[400], original.responses[400]);
  });

  test('leaves our document alone', () => {
    const before = JSON.stringify(ours);
    oneOperationDocument(ours, options);
    assert.equal(JSON.stringify(ours), before);
  });

  for (
    const [name, { given, want }] of [
      ['a path without post', { given: { ...options, path: '/nope' }, want: /no post operation/ }],
      ['a missing request schema', {
        given: { ...options, request: 'Nope' },
        want: /no schema Nope/,
      }],
      ['a missing success schema', {
        given: { ...options, success: 'Nope' },
        want: /no schema Nope/,
      }],
    ] as const
  ) {
    test(`throws on ${name}`, () => assert.throws(() => oneOperationDocument(ours, given), want));
  }
});
