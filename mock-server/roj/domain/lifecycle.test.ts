import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InstanceRecord } from '../state.ts';
import { appendEvent, instanceStatus, lifecycleEvents } from './lifecycle.ts';

function instance(options: { createdAt: number; readyAt: number }): InstanceRecord {
  const record: InstanceRecord = {
    id: 'ins_000001',
    name: 'a',
    templateSlug: 'starter',
    bundleSlug: 'starter',
    bundleRevisionId: 'rev_starter_1',
    vcsType: 'none',
    metadata: null,
    createdAt: options.createdAt,
    readyAt: options.readyAt,
    events: [],
    sessionIds: [],
  };
  return record;
}

describe('instanceStatus', () => {
  it('is initializing before readyAt, ready from it, archived once archived', () => {
    const record = instance({ createdAt: 0, readyAt: 10 });
    assert.equal(instanceStatus(record, 9), 'initializing');
    assert.equal(instanceStatus(record, 10), 'ready');
    record.archivedAt = 11;
    assert.equal(instanceStatus(record, 11), 'archived');
    assert.equal(instanceStatus(record, 1e12), 'archived');
  });
});

describe('appendEvent', () => {
  it('records the detail only when given', () => {
    const record = instance({ createdAt: 0, readyAt: 0 });
    appendEvent(record, { event: 'sandbox.paused', at: 1 });
    appendEvent(record, { event: 'sandbox.created', detail: 'sbx_000001', at: 1 });
    assert.deepEqual(record.events, [
      { event: 'sandbox.paused', at: 1 },
      { event: 'sandbox.created', detail: 'sbx_000001', at: 1 },
    ]);
    assert.ok(!('detail' in record.events[0]));
  });
});

describe('lifecycleEvents', () => {
  it('derives instance.ready at readyAt, only once now reaches it', () => {
    const record = instance({ createdAt: 0, readyAt: 10 });
    appendEvent(record, { event: 'session.created', detail: 'ses_000001', at: 5 });
    appendEvent(record, { event: 'sandbox.created', detail: 'sbx_000001', at: 10 });
    appendEvent(record, { event: 'sandbox.paused', detail: 'sbx_000001', at: 12 });
    assert.deepEqual(lifecycleEvents(record, 9).map((e) => e.event), [
      'instance.created',
      'instance.initializing',
      'session.created',
      'sandbox.created',
      'sandbox.paused',
    ]);
    assert.deepEqual(lifecycleEvents(record, 10).map((e) => [e.event, e.createdAt]), [
      ['instance.created', '1970-01-01T00:00:00.000Z'],
      ['instance.initializing', '1970-01-01T00:00:00.000Z'],
      ['session.created', '1970-01-01T00:00:00.005Z'],
      ['instance.ready', '1970-01-01T00:00:00.010Z'],
      ['sandbox.created', '1970-01-01T00:00:00.010Z'],
      ['sandbox.paused', '1970-01-01T00:00:00.012Z'],
    ]);
  });

  it('with a frozen clock, keeps recorded order and puts ready right after initializing', () => {
    const record = instance({ createdAt: 7, readyAt: 7 });
    for (
      const event of ['session.created', 'sandbox.created', 'sandbox.paused', 'sandbox.resumed']
    ) {
      appendEvent(record, { event, at: 7 });
    }
    assert.deepEqual(lifecycleEvents(record, 7).map((e) => e.event), [
      'instance.created',
      'instance.initializing',
      'instance.ready',
      'session.created',
      'sandbox.created',
      'sandbox.paused',
      'sandbox.resumed',
    ]);
  });

  it('has no instance.ready when archived before readyAt', () => {
    const record = instance({ createdAt: 0, readyAt: 100 });
    record.archivedAt = 50;
    appendEvent(record, { event: 'instance.archived', at: 50 });
    assert.deepEqual(lifecycleEvents(record, 500).map((e) => e.event), [
      'instance.created',
      'instance.initializing',
      'instance.archived',
    ]);
  });

  it('keeps instance.ready when archived after readyAt', () => {
    const record = instance({ createdAt: 0, readyAt: 10 });
    record.archivedAt = 50;
    appendEvent(record, { event: 'instance.archived', at: 50 });
    assert.deepEqual(lifecycleEvents(record, 500).map((e) => e.event), [
      'instance.created',
      'instance.initializing',
      'instance.ready',
      'instance.archived',
    ]);
  });

  it('sorts events recorded out of time order', () => {
    const record = instance({ createdAt: 0, readyAt: 0 });
    appendEvent(record, { event: 'b', at: 20 });
    appendEvent(record, { event: 'a', at: 10 });
    assert.deepEqual(lifecycleEvents(record, 30).slice(-2).map((e) => e.event), ['a', 'b']);
  });
});
