import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultSeed } from '../seed.ts';
import { createState, type SessionRecord } from '../state.ts';
import { findService, resolveServiceCode, servicesOf, serviceUrl } from './services.ts';

function withSessions() {
  const state = createState(defaultSeed(), 0);
  state.presets.set('bare', { id: 'bare', name: 'Bare', services: [] });
  const session = (id: string, presetId: string): SessionRecord => {
    const record = { id, instanceId: 'ins_000001', presetId, createdAt: 0, activeAt: 0 };
    state.sessions.set(id, record);
    return record;
  };
  return {
    state,
    a: session('ses_000001', 'default'),
    b: session('ses_000002', 'default'),
    session,
  };
}

describe('servicesOf', () => {
  it('gives every service of the preset, with a code unique per session and type', () => {
    const { state, a, b } = withSessions();
    const codes = [...servicesOf(state, a), ...servicesOf(state, b)].map((s) => s.code);
    assert.deepEqual(servicesOf(state, a).map((s) => [s.serviceType, s.port]), [
      ['preview', 3000],
      ['terminal', 7681],
    ]);
    assert.equal(new Set(codes).size, 4);
    assert.deepEqual(servicesOf(state, a), servicesOf(state, a));
  });

  it('gives none for a preset without services', () => {
    const { state, session } = withSessions();
    assert.deepEqual(servicesOf(state, session('ses_000003', 'bare')), []);
  });
});

describe('resolveServiceCode', () => {
  it('resolves every code back to its session and service', () => {
    const { state, a, b } = withSessions();
    for (const session of [a, b]) {
      for (const service of servicesOf(state, session)) {
        assert.deepEqual(resolveServiceCode(state, service.code), { session, service });
      }
    }
  });

  it('resolves nothing for codes that name no service', () => {
    const { state } = withSessions();
    for (
      const code of ['', 'svc_', 'svc_000001', 'svc_000001_0', 'svc_000001_3', 'svc_000009_1', 'x']
    ) {
      assert.equal(resolveServiceCode(state, code), undefined, code);
    }
  });
});

describe('findService and serviceUrl', () => {
  it('finds a service by type and builds its URL', () => {
    const { state, a } = withSessions();
    const preview = findService(state, { session: a, serviceType: 'preview' })!;
    assert.equal(preview.port, 3000);
    assert.equal(findService(state, { session: a, serviceType: 'db' }), undefined);
    assert.equal(
      serviceUrl('http://127.0.0.1:8787', preview.code),
      `http://127.0.0.1:8787/services/${preview.code}/`,
    );
  });
});
