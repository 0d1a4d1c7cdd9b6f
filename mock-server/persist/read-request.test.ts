import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isReadRequest } from './read-request.ts';

/** An RPC request as a server sees it: a body with its length. */
function rpc(path: string, body: string, length: number | null = body.length): Request {
  const headers = new Headers({ 'content-type': 'application/json' });
  if (length !== null) headers.set('content-length', String(length));
  return new Request(`http://mock.test${path}`, { method: 'POST', headers, body });
}

const envelope = (method: string) => JSON.stringify({ method, input: {} });

describe('isReadRequest', () => {
  const cases: [string, Request, boolean][] = [
    ['GET', new Request('http://mock.test/rool/v1/spaces/s/dav/rool-drive/f'), true],
    ['PROPFIND', new Request('http://mock.test/x', { method: 'PROPFIND' }), true],
    ['PUT', new Request('http://mock.test/x', { method: 'PUT', body: 'x' }), false],
    ['a Roj read', rpc('/api/v1/rpc', envelope('instances.list')), true],
    ['a Roj write', rpc('/api/v1/rpc', envelope('instances.create')), false],
    ['an instance read', rpc('/api/v1/instances/ins_1/rpc', envelope('listSessions')), true],
    ['an instance write', rpc('/api/v1/instances/ins_1/rpc', envelope('execInSandbox')), false],
    ['a Rool read', rpc('/rool/v1/rpc', envelope('objects.get')), true],
    ['a Rool write', rpc('/rool/v1/rpc', envelope('objects.put')), false],
    ["another endpoint's read", rpc('/api/v1/rpc', envelope('objects.get')), false],
    ['an inherited name', rpc('/rool/v1/rpc', envelope('__proto__')), false],
    ['a body that is not JSON', rpc('/api/v1/rpc', '{"method":"instances.list"'), false],
    ['a body without a length', rpc('/api/v1/rpc', envelope('instances.list'), null), false],
    [
      'a body over 64 KiB',
      rpc(
        '/api/v1/rpc',
        JSON.stringify({ method: 'instances.list', input: {}, pad: 'x'.repeat(70_000) }),
      ),
      false,
    ],
  ];
  for (const [name, request, reads] of cases) {
    it(`${reads ? 'lets' : 'holds'} ${name}`, async () => {
      assert.equal(await isReadRequest(request), reads);
      // The handler can still read the body.
      if (request.body) await request.text();
    });
  }
});
