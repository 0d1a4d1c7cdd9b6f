import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMockServer, defaultApiKey } from '../../mock-server/mod.ts';
import { stateDigest } from './state-digest.ts';

async function call(
  mock: ReturnType<typeof createMockServer>,
  path: string,
  token: string,
  envelope: unknown,
) {
  const response = await mock.fetch(`http://mock.test${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(envelope),
  });
  return await response.json();
}

describe('stateDigest', () => {
  it('is equal for two mocks built alike, and stays put across reads', async () => {
    const clock = () => Date.parse('2026-11-21T07:13:00.000Z');
    const a = createMockServer({ clock });
    const b = createMockServer({ clock });
    assert.equal(stateDigest(a), stateDigest(b));
    const before = stateDigest(a);
    await call(a, '/api/v1/rpc', defaultApiKey, { method: 'instances.list', input: {} });
    assert.equal(stateDigest(a), before);
  });

  it('changes with a Roj record, an ID sequence and an uploaded byte', async () => {
    const mock = createMockServer();
    const empty = stateDigest(mock);
    await call(mock, '/api/v1/rpc', defaultApiKey, {
      method: 'instances.create',
      input: { templateSlug: 'starter', name: 'a' },
    });
    const one = stateDigest(mock);
    assert.notEqual(one, empty);
    mock.runtime.state.instances.get('ins_000001')!.name = 'b';
    assert.notEqual(stateDigest(mock), one);
    const renamed = stateDigest(mock);
    mock.runtime.state.sequences.set('ins', 7);
    assert.notEqual(stateDigest(mock), renamed);
    const form = new FormData();
    form.append('file', new Blob(['abc']), 'a.txt');
    await mock.fetch('http://mock.test/api/v1/files/upload', {
      method: 'POST',
      headers: { authorization: `Bearer ${defaultApiKey}` },
      body: form,
    });
    const uploaded = stateDigest(mock);
    mock.runtime.state.files.get('fil_000001')!.bytes[0] ^= 1;
    assert.notEqual(stateDigest(mock), uploaded);
  });

  it('changes with Rool state hidden in classes: a drive file and the change log', async () => {
    const mock = createMockServer();
    const { value: space } = await call(mock, '/rool/v1/rpc', 'rool_alice_token', {
      method: 'spaces.create',
      input: { name: 'S' },
    });
    const before = stateDigest(mock);
    const response = await mock.fetch(
      `http://mock.test/rool/v1/spaces/${space.id}/dav/rool-drive/a.txt`,
      { method: 'PUT', headers: { authorization: 'Bearer rool_alice_token' }, body: 'x' },
    );
    assert.equal(response.status, 201);
    assert.notEqual(stateDigest(mock), before);
  });
});
