/**
 * Where "expired" begins, on the injected clock: a Roj instance token is refused from its
 * `expiresAt` on (docs/roj-contract.md §2, "the request time is at or after `expiresAt`"), a Rool
 * access token from its `exp` (rool-contract.md §2), and an event ticket ten minutes after it was
 * issued (rool-events.md, Tickets). One millisecond before, each still works. The matrix sends
 * expired credentials to every route; this pins the instant.
 *
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRojFixture } from './roj-fixture.ts';
import { createRoolWorld, signIn, tokenOf, tokenTtlSeconds } from './rool-world.ts';

async function status(response: Promise<Response>): Promise<number> {
  const answer = await response;
  await answer.body?.cancel();
  return answer.status;
}

describe('expiry boundaries', () => {
  it('refuses a Roj instance token from its expiresAt on, not a millisecond before', async () => {
    const fx = await createRojFixture();
    const post = (method: string, input: unknown, token: string, path = '/api/v1/rpc') =>
      fx.send(path, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ method, input }),
      });
    const minted = await (await post('tokens.create', {
      instanceId: fx.instanceId,
      expiresIn: 60,
    }, fx.apiKey)).json();
    const expiresAt = Date.parse(minted.value.expiresAt);
    assert.equal(expiresAt, fx.clock.now + 60_000);
    const path = `/api/v1/instances/${fx.instanceId}/rpc`;
    fx.clock.now = expiresAt - 1;
    assert.equal(await status(post('listSessions', {}, minted.value.token, path)), 200);
    fx.clock.now = expiresAt;
    assert.equal(await status(post('listSessions', {}, minted.value.token, path)), 401);
  });

  it('refuses a Rool access token from its exp on, and a ticket ten minutes after issue', async () => {
    const world = await createRoolWorld();
    const issuedAt = world.clock.now;
    const token = await signIn(world, 'carol');
    const exp = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).exp;
    assert.equal(exp * 1000, issuedAt + tokenTtlSeconds * 1000);
    const ticketAnswer = await world.send('/v1/events/tickets', {
      method: 'POST',
      headers: { authorization: `Bearer ${tokenOf('carol')}` },
    });
    const { ticket, expiresAt } = await ticketAnswer.json();
    assert.equal(expiresAt, issuedAt + 10 * 60 * 1000);
    const user = (bearer: string) =>
      world.send('/v1/rpc', {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: JSON.stringify({ method: 'user.get', input: {} }),
      });
    const stream = () => world.send(`/v1/events?ticket=${ticket}`);

    world.clock.now = exp * 1000 - 1;
    assert.equal(await status(user(token)), 200);
    world.clock.now = exp * 1000;
    assert.equal(await status(user(token)), 401);

    world.clock.now = expiresAt - 1;
    assert.equal(await status(stream()), 200);
    world.clock.now = expiresAt;
    assert.equal(await status(stream()), 401);
  });
});
