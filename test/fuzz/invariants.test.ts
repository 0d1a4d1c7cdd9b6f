import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CheckContext, checkResponse, InvariantError } from './invariants.ts';
import { FuzzRequest, type ResponseFormat } from './request.ts';

function request(format: ResponseFormat = 'envelope', method = 'POST'): FuzzRequest {
  return new FuzzRequest({ label: 'test', method, path: '/x', headers: [], body: '{', format });
}

const context: CheckContext = { secrets: ['rjt_secret_token'], carried: new Set(), pristine: true };

function envelope(status: number, error: Record<string, unknown>): Response {
  return Response.json({ ok: false, error }, { status });
}

async function fails(response: Response, match: RegExp, options: Partial<CheckContext> = {}) {
  await assert.rejects(
    checkResponse(request(), response, { ...context, ...options }),
    (error) => error instanceof InvariantError && match.test(error.message),
  );
}

describe('checkResponse', () => {
  it('accepts an error envelope with the status the shared table gives', async () => {
    const verdict = await checkResponse(
      request(),
      envelope(404, { type: 'not_found', message: 'Instance "x" not found' }),
      context,
    );
    assert.deepEqual(verdict, { accepted: false, status: 404 });
  });

  it('fails on a 5xx, an internal error, a type off the table or the wrong status', async () => {
    await fails(envelope(500, { type: 'internal_error', message: 'Internal error' }), /5xx/);
    await fails(envelope(400, { type: 'made_up', message: 'x' }), /not in the shared table/);
    await fails(envelope(400, { type: 'not_found', message: 'x' }), /Status is not the table's/);
  });

  it('fails on a refusal that is not the envelope', async () => {
    await fails(new Response('Bad request', { status: 400 }), /not application\/json/);
    await fails(Response.json({ error: 'x' }, { status: 400 }), /Not \{ok: false, error\}/);
    await fails(envelope(400, { type: 'invalid_request', message: '' }), /message/);
    await fails(envelope(400, { type: 'invalid_request', message: 'x', extra: 1 }), /Unexpected/);
  });

  it('fails on a secret in a refusal, even one the request carried', async () => {
    const leak = () => envelope(404, { type: 'not_found', message: 'Instance "rjt_secret_token"' });
    await fails(leak(), /secret/);
    await fails(leak(), /secret/, { carried: new Set(['rjt_secret_token']) });
  });

  it('fails on a password an answer holds that no request carried', async () => {
    const answer = () => Response.json({ ok: true, value: { note: 'pass-word-1' } });
    await fails(answer(), /password/, { passwords: ['pass-word-1'] });
    const verdict = await checkResponse(request(), answer(), {
      ...context,
      passwords: ['pass-word-1'],
      carried: new Set(['pass-word-1']),
    });
    assert.equal(verdict.accepted, true);
  });

  it('holds a refusal to the outcome the generator expected, while the state is the fixtures', async () => {
    const expected = request().with({
      expect: { status: 400, type: 'validation_error', path: '/a' },
    });
    const answer = () => envelope(400, { type: 'validation_error', message: 'x', path: '/b' });
    await assert.rejects(checkResponse(expected, answer(), context), /Expected path "\/a"/);
    const later = await checkResponse(expected, answer(), { ...context, pristine: false });
    assert.equal(later.status, 400);
  });

  it('takes WebDAV refusals as DAV:error bodies, and their promised 507', async () => {
    const body = '<?xml version="1.0" encoding="utf-8"?>\n<D:error xmlns:D="DAV:" ' +
      'xmlns:R="urn:rool:webdav"><R:message>Storage is full</R:message></D:error>';
    const headers = { 'content-type': 'application/xml; charset=utf-8' };
    const full = await checkResponse(
      request('dav', 'PUT'),
      new Response(body, { status: 507, headers }),
      context,
    );
    assert.equal(full.status, 507);
    await assert.rejects(
      checkResponse(
        request('dav', 'PUT'),
        envelope(404, { type: 'not_found', message: 'x' }),
        context,
      ),
      /not application\/xml/,
    );
  });
});
