// Who may open which stream: tickets for EventSource, read access to a space, and the end of a
// stream when that access goes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type RoolSetup, setupRool, tokens } from '../_testing.ts';
import { callAs, openStream, refusedStream } from './_testing.ts';

const alice = { token: tokens.alice, clientId: 'alice-tab-1' };
const bob = { token: tokens.bob, clientId: 'bob-tab-1' };

async function ticketOf(setup: RoolSetup, token: string): Promise<string> {
  const response = await setup.send('/v1/events/tickets', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('cache-control'), 'no-store');
  const { ticket, expiresAt } = await response.json();
  assert.equal(expiresAt, setup.clock.now + 10 * 60 * 1000);
  return ticket;
}

describe('event tickets', () => {
  it('open both streams without a bearer token, again and again within their life', async () => {
    const setup = setupRool();
    const { spaceId } = await setup.space();
    const ticket = await ticketOf(setup, tokens.alice);
    const client = await openStream(setup, `/v1/events?ticket=${ticket}&clientId=alice-tab-1`);
    const space = await openStream(setup, `/v1/spaces/${spaceId}/events?ticket=${ticket}`);
    await client.cancel();
    // A reconnect reuses the ticket.
    const again = await openStream(setup, `/v1/events?ticket=${ticket}&clientId=alice-tab-1`);
    await callAs(setup, 'storage.set', { key: 'k', value: 1 }, alice);
    // The ticket is alice's, and ?clientId= names her tab.
    assert.deepEqual((await again.event()).data, { key: 'k', value: 1, source: 'local' });
    await again.cancel();
    await space.cancel();
  });

  it('expire after 10 minutes, and die with the token they were issued for', async () => {
    const setup = setupRool();
    const ticket = await ticketOf(setup, tokens.alice);
    setup.clock.now += 10 * 60 * 1000;
    const expired = await refusedStream(setup, `/v1/events?ticket=${ticket}`);
    assert.equal(expired.status, 401);
    assert.match(expired.body.error!.message, /Unknown or expired event ticket/);
    assert.doesNotMatch(JSON.stringify(expired.body), new RegExp(ticket));

    const fresh = await ticketOf(setup, tokens.alice);
    await callAs(setup, 'auth.logout', {}, alice);
    const revoked = await refusedStream(setup, `/v1/events?ticket=${fresh}`);
    assert.equal(revoked.status, 401);
    assert.match(revoked.body.error!.message, /revoked/);
  });

  it('need a bearer token to be issued, and are not accepted anywhere but the streams', async () => {
    const setup = setupRool();
    const ticket = await ticketOf(setup, tokens.alice);
    const byTicket = await setup.send(`/v1/events/tickets?ticket=${ticket}`, { method: 'POST' });
    assert.equal(byTicket.status, 401);
    const asBearer = await setup.send('/v1/events/tickets', {
      method: 'POST',
      headers: { authorization: `Bearer ${ticket}` },
    });
    assert.equal(asBearer.status, 401);
    const rpc = await setup.rpc('spaces.list', {}, ticket);
    assert.equal(rpc.status, 401);
  });

  it('are limited per user', async () => {
    const setup = setupRool({ limits: { eventTicketsPerUser: 1 } });
    await ticketOf(setup, tokens.alice);
    const refused = await setup.send('/v1/events/tickets', {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.alice}` },
    });
    assert.equal(refused.status, 429);
    await ticketOf(setup, tokens.bob);
  });

  it('are never logged', async () => {
    const setup = setupRool();
    const ticket = await ticketOf(setup, tokens.alice);
    const stream = await openStream(setup, `/v1/events?ticket=${ticket}`);
    await stream.cancel();
    assert.ok(setup.logs.every((line) => !line.includes(ticket)));
  });
});

describe('space streams', () => {
  it('need read access: 404 for a stranger, as for RPC; a link visitor may listen', async () => {
    const setup = setupRool();
    const { spaceId } = await setup.space();
    const stranger = await refusedStream(setup, `/v1/spaces/${spaceId}/events`, bob);
    assert.equal(stranger.status, 404);
    assert.equal(stranger.body.error?.type, 'not_found');
    const unknown = await refusedStream(setup, '/v1/spaces/spc_nope/events', alice);
    assert.equal(unknown.status, 404);
    await setup.alice.spaces.setLinkAccess({ spaceId, linkAccess: 'viewer' });
    const visitor = await openStream(setup, `/v1/spaces/${spaceId}/events`, bob);
    await visitor.cancel();
  });

  it('a removed member gets a last spaceRemoved and the stream ends', async () => {
    const setup = setupRool();
    const { spaceId } = await setup.space();
    await setup.alice.members.add({ spaceId, userId: 'usr_bob', role: 'editor' });
    const bobs = await openStream(setup, `/v1/spaces/${spaceId}/events`, bob);
    const alices = await openStream(setup, `/v1/spaces/${spaceId}/events`, alice);
    await setup.alice.members.remove({ spaceId, userId: 'usr_bob' });
    assert.deepEqual(await bobs.rest(), [
      { kind: 'event', id: null, event: 'spaceRemoved', data: { spaceId } },
    ]);
    // Alice keeps hers.
    await callAs(setup, 'channels.rename', { spaceId, channelId: 'main', name: 'Main' }, alice);
    assert.equal((await alices.event()).event, 'channelUpdated');
    await alices.cancel();
  });

  it('a removed member who can still read by link keeps listening', async () => {
    const setup = setupRool();
    const { spaceId } = await setup.space();
    await setup.alice.spaces.setLinkAccess({ spaceId, linkAccess: 'viewer' });
    await setup.alice.members.add({ spaceId, userId: 'usr_bob', role: 'editor' });
    const bobs = await openStream(setup, `/v1/spaces/${spaceId}/events`, bob);
    await setup.alice.members.remove({ spaceId, userId: 'usr_bob' });
    await callAs(setup, 'channels.rename', { spaceId, channelId: 'main', name: 'Main' }, alice);
    assert.equal((await bobs.event()).event, 'channelUpdated');
    // Until the link is closed.
    await setup.alice.spaces.setLinkAccess({ spaceId, linkAccess: 'none' });
    assert.deepEqual(await bobs.rest(), [
      { kind: 'event', id: null, event: 'spaceRemoved', data: { spaceId } },
    ]);
  });

  it('deleting the space ends every stream of it after a last spaceRemoved', async () => {
    const setup = setupRool();
    const { spaceId } = await setup.space();
    const alices = await openStream(setup, `/v1/spaces/${spaceId}/events`, alice);
    await setup.alice.spaces.delete({ spaceId });
    assert.deepEqual(await alices.rest(), [
      { kind: 'event', id: null, event: 'spaceRemoved', data: { spaceId } },
    ]);
    assert.equal(setup.mock.runtime.events.hub.openStreams(), 0);
  });

  it('a gap on a space stream is followed by filesReset from the system', async () => {
    const setup = setupRool({ limits: { eventsKeptPerScope: 1 } });
    const { spaceId } = await setup.space();
    await callAs(setup, 'channels.rename', { spaceId, channelId: 'main', name: 'A' }, alice);
    await callAs(setup, 'channels.rename', { spaceId, channelId: 'main', name: 'B' }, alice);
    const stream = await openStream(setup, `/v1/spaces/${spaceId}/events`, {
      ...alice,
      lastEventId: '0',
    });
    const [resync, reset] = await stream.events(2);
    assert.equal(resync.event, 'resync');
    assert.deepEqual(reset, {
      kind: 'event',
      id: null,
      event: 'filesReset',
      data: { spaceId, source: 'system', timestamp: setup.clock.now },
    });
    await stream.cancel();
  });
});
