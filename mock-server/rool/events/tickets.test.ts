import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RpcFault } from '../../rpc/fault.ts';
import { quoteValue } from '../auth.ts';
import { type TicketGrant, ticketLifetimeMs, TicketStore } from './tickets.ts';

const alice: TicketGrant = {
  userId: 'usr_alice',
  credential: { kind: 'opaque', token: 'rool_alice_token' },
  credentialExpiresAt: null,
};

describe('TicketStore', () => {
  it('issues random tickets that redeem to their grant until they expire', () => {
    const store = new TicketStore(5);
    const one = store.issue(alice, 1000);
    const two = store.issue(alice, 1000);
    assert.notEqual(one.ticket, two.ticket);
    assert.match(one.ticket, /^rool_evt_[A-Za-z0-9_-]{43}$/);
    assert.equal(one.expiresAt, 1000 + ticketLifetimeMs);
    assert.deepEqual(store.redeem(one.ticket, 1000), alice);
    // Reusable within its life, as reconnects need.
    assert.deepEqual(store.redeem(one.ticket, one.expiresAt - 1), alice);
    assert.equal(store.redeem(one.ticket, one.expiresAt), undefined);
    assert.equal(store.redeem('rool_evt_guess', 1000), undefined);
  });

  it('limits unexpired tickets per user, and expired ones stop counting', () => {
    const store = new TicketStore(2);
    store.issue(alice, 0);
    store.issue(alice, 0);
    assert.throws(
      () => store.issue(alice, 1),
      (e) => e instanceof RpcFault && e.status === 429 && /at most 2/.test(e.message),
    );
    store.issue({ ...alice, userId: 'usr_bob' }, 1);
    assert.ok(store.issue(alice, ticketLifetimeMs).ticket);
  });

  it('forgets everything on clear', () => {
    const store = new TicketStore(2);
    const { ticket } = store.issue(alice, 0);
    store.clear();
    assert.equal(store.redeem(ticket, 0), undefined);
  });

  it('tickets are redacted wherever the mock quotes a request value', () => {
    const { ticket } = new TicketStore(1).issue(alice, 0);
    assert.equal(quoteValue({ users: [] }, ticket), '"<redacted>"');
  });
});
