import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Call, describeCall, resolveCall, routeUrl, sym } from './call.ts';
import { createModel } from './model.ts';

const routes = { rool: '/v1/rpc', dav: '/v1/spaces/{spaceId}/dav' };

function model() {
  const m = createModel({ baseline: {}, runTag: 't' });
  m.entities.space.push({ target: 'spc_T', reference: 'spc_R' });
  m.entities.lock.push({ target: 'urn:lock:t', reference: 'urn:lock:r', label: '/a', space: 0 });
  return m;
}

function resolve(call: Call, name: 'target' | 'reference') {
  return resolveCall(call, {
    name,
    model: model(),
    routes,
    apiKey: 'a',
    credentials: ['tok-a', 'tok-b'],
    origin: `http://${name}.test/rool`,
  });
}

const move: Call = {
  label: 'MOVE',
  route: 'dav',
  space: { kind: 'space', index: 0 },
  auth: { kind: 'credential', index: 1, via: 'basic' },
  clientId: 'conformance-client-b',
  http: {
    method: 'MOVE',
    path: '/rool-drive/a%20b.txt',
    headers: {
      Destination: [routeUrl('dav', { space: { kind: 'space', index: 0 }, path: '/rool-drive/c' })],
      If: ['(<', sym({ kind: 'lock', index: 0 }), '>)'],
      Overwrite: 'F',
    },
  },
};

test('a raw HTTP call resolves its space, headers and credentials per side', () => {
  const [t, r] = [resolve(move, 'target'), resolve(move, 'reference')];
  assert.equal(t.method, 'MOVE');
  assert.equal(t.path, '/v1/spaces/spc_T/dav/rool-drive/a%20b.txt');
  assert.equal(r.path, '/v1/spaces/spc_R/dav/rool-drive/a%20b.txt');
  assert.equal(t.headers.destination, 'http://target.test/rool/v1/spaces/spc_T/dav/rool-drive/c');
  assert.equal(
    r.headers.destination,
    'http://reference.test/rool/v1/spaces/spc_R/dav/rool-drive/c',
  );
  assert.equal(t.headers.if, '(<urn:lock:t>)');
  assert.equal(r.headers.if, '(<urn:lock:r>)');
  assert.equal(t.headers.overwrite, 'F');
  assert.equal(t.headers.authorization, `Basic ${btoa('conformance:tok-b')}`);
  assert.equal(t.headers['rool-client-id'], 'conformance-client-b');
  assert.equal(t.body, null);
});

test('a body may differ per side, or hold symbolic parts', () => {
  const perSide: Call = {
    label: 'import',
    route: 'rool',
    http: {
      method: 'POST',
      body: { perSide: { target: new Uint8Array([1]), reference: new Uint8Array([2, 2]) } },
    },
  };
  assert.deepEqual(resolve(perSide, 'target').body, new Uint8Array([1]));
  assert.deepEqual(resolve(perSide, 'reference').body, new Uint8Array([2, 2]));
  const text: Call = {
    ...move,
    http: { method: 'REPORT', body: { text: ['<t>', sym({ kind: 'lock', index: 0 }), '</t>'] } },
  };
  assert.equal(resolve(text, 'reference').body, '<t>urn:lock:r</t>');
});

test('a raw HTTP call is described with its symbolic parts', () => {
  assert.equal(
    describeCall(move),
    'MOVE dav/rool-drive/a%20b.txt @ space#0 [user B basic] Destination: <dav/rool-drive/c>; If: (<lock#0>); Overwrite: F',
  );
});

test('an unknown entity in a header is a bug of the command', () => {
  const call: Call = {
    ...move,
    http: { method: 'GET', headers: { If: [sym({ kind: 'lock', index: 5 })] } },
  };
  assert.throws(() => resolve(call, 'target'), /No lock #5 in this run/);
});
