import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RojApiError } from './errors.ts';

describe('RojApiError', () => {
  test('is an Error and a RojApiError, named RojApiError', () => {
    const error = new RojApiError({
      type: 'not_found',
      message: 'No instance inst_1',
      status: 404,
    });
    assert.ok(error instanceof Error);
    assert.ok(error instanceof RojApiError);
    assert.equal(error.name, 'RojApiError');
    assert.equal(error.message, 'No instance inst_1');
    assert.equal(String(error), 'RojApiError: No instance inst_1');
    assert.match(error.stack ?? '', /RojApiError/);
  });

  test("accepts the published client's {type, message} and defaults status to 0", () => {
    const error = new RojApiError({ type: 'http_error', message: 'Bad Request' });
    assert.equal(error.type, 'http_error');
    assert.equal(error.status, 0);
    assert.equal(error.path, undefined);
    assert.equal('cause' in error, false);
  });

  test('keeps path and cause', () => {
    const cause = new TypeError('fetch failed');
    const error = new RojApiError({
      type: 'validation_error',
      message: 'Expected string',
      status: 400,
      path: '/name',
      cause,
    });
    assert.equal(error.path, '/name');
    assert.equal(error.cause, cause);
  });

  test('toJSON has type, message, status and path, but no stack and no cause', () => {
    const error = new RojApiError({
      type: 'transport_error',
      message: 'Network error: fetch failed',
      cause: new Error('connect ECONNREFUSED 10.0.0.1:443 with Authorization: Bearer secret'),
    });
    assert.deepEqual(error.toJSON(), {
      name: 'RojApiError',
      type: 'transport_error',
      message: 'Network error: fetch failed',
      status: 0,
    });
    const json = JSON.stringify(error);
    assert.deepEqual(JSON.parse(json), error.toJSON());
    assert.doesNotMatch(json, /stack|secret|ECONNREFUSED/);

    const withPath = new RojApiError({ type: 'validation_error', message: 'Bad', path: '/a/0' });
    assert.equal(withPath.toJSON().path, '/a/0');
  });
});
