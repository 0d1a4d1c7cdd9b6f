import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setupRool } from '../_testing.ts';

async function shared() {
  const setup = setupRool();
  const { id: spaceId } = await setup.alice.spaces.create({ name: 'S' });
  return { ...setup, spaceId };
}

describe('members.*', () => {
  it('lists the owner first, with emails', async () => {
    const { alice, spaceId } = await shared();
    await alice.members.add({ spaceId, userId: 'usr_carol', role: 'editor' });
    await alice.members.add({ spaceId, userId: 'usr_bob', role: 'viewer' });
    assert.deepEqual((await alice.members.list({ spaceId })).members, [
      { id: 'usr_alice', email: 'alice@example.com', role: 'owner', photoUrl: null },
      { id: 'usr_carol', email: 'carol@example.com', role: 'editor', photoUrl: null },
      { id: 'usr_bob', email: 'bob@example.com', role: 'viewer', photoUrl: null },
    ]);
  });

  it('adding an existing member changes their role', async () => {
    const { alice, spaceId } = await shared();
    await alice.members.add({ spaceId, userId: 'usr_bob', role: 'viewer' });
    const { members } = await alice.members.add({ spaceId, userId: 'usr_bob', role: 'editor' });
    assert.deepEqual(members.map((m) => [m.id, m.role]), [
      ['usr_alice', 'owner'],
      ['usr_bob', 'editor'],
    ]);
    assert.equal((await alice.spaces.get({ spaceId })).space.memberCount, 2);
  });

  it('refuses an unknown or deleted user with 404', async () => {
    const { alice, carol, spaceId, digest } = await shared();
    await carol.user.delete({});
    const before = digest();
    for (const userId of ['usr_nobody', 'usr_carol']) {
      await assert.rejects(alice.members.add({ spaceId, userId, role: 'viewer' }), {
        type: 'not_found',
        message: `User "${userId}" not found`,
      });
    }
    assert.equal(digest(), before);
  });

  it('an editor cannot manage members (403)', async () => {
    const { alice, bob, spaceId, digest } = await shared();
    await alice.members.add({ spaceId, userId: 'usr_bob', role: 'editor' });
    const before = digest();
    await assert.rejects(bob.members.add({ spaceId, userId: 'usr_carol', role: 'viewer' }), {
      type: 'forbidden',
      message: 'This needs the admin role or higher; you are an editor',
    });
    await assert.rejects(bob.members.remove({ spaceId, userId: 'usr_alice' }), {
      type: 'forbidden',
    });
    assert.equal(digest(), before);
  });

  it('an admin adds and removes editors and viewers, but cannot grant, change or remove an admin', async () => {
    const { alice, bob, spaceId, digest } = await shared();
    await alice.members.add({ spaceId, userId: 'usr_bob', role: 'admin' });
    await bob.members.add({ spaceId, userId: 'usr_carol', role: 'editor' });
    await bob.members.remove({ spaceId, userId: 'usr_carol' });
    const before = digest();
    await assert.rejects(bob.members.add({ spaceId, userId: 'usr_carol', role: 'admin' }), {
      type: 'forbidden',
      message: 'Granting the admin role needs the owner role or higher; you are an admin',
    });
    await alice.members.add({ spaceId, userId: 'usr_carol', role: 'admin' });
    const withCarol = digest();
    await assert.rejects(bob.members.add({ spaceId, userId: 'usr_carol', role: 'viewer' }), {
      type: 'forbidden',
      message: /^Changing an admin's role needs the owner role/,
    });
    await assert.rejects(bob.members.remove({ spaceId, userId: 'usr_carol' }), {
      type: 'forbidden',
      message: /^Removing an admin needs the owner role/,
    });
    assert.equal(digest(), withCarol);
    assert.notEqual(before, withCarol);
    await alice.members.remove({ spaceId, userId: 'usr_carol' });
  });

  it('nobody grants owner, and the owner is never removed or demoted (409)', async () => {
    const { alice, bob, spaceId, digest, rpc } = await shared();
    await alice.members.add({ spaceId, userId: 'usr_bob', role: 'admin' });
    const before = digest();
    const grant = await rpc('members.add', { spaceId, userId: 'usr_bob', role: 'owner' });
    assert.equal(grant.status, 400);
    assert.equal(grant.body.error!.path, '/role');
    await assert.rejects(alice.members.add({ spaceId, userId: 'usr_alice', role: 'editor' }), {
      type: 'conflict',
      status: 409,
    });
    await assert.rejects(alice.members.remove({ spaceId, userId: 'usr_alice' }), {
      type: 'conflict',
      message: 'The owner cannot be removed from their space',
    });
    await assert.rejects(bob.members.remove({ spaceId, userId: 'usr_alice' }), {
      type: 'conflict',
    });
    assert.equal(digest(), before);
  });

  it('any member but the owner may leave', async () => {
    const { alice, bob, carol, spaceId } = await shared();
    await alice.members.add({ spaceId, userId: 'usr_bob', role: 'viewer' });
    await alice.members.add({ spaceId, userId: 'usr_carol', role: 'admin' });
    await bob.members.remove({ spaceId, userId: 'usr_bob' });
    await carol.members.remove({ spaceId, userId: 'usr_carol' });
    assert.deepEqual((await alice.members.list({ spaceId })).members.map((m) => m.id), [
      'usr_alice',
    ]);
    await assert.rejects(bob.spaces.get({ spaceId }), { type: 'not_found' });
  });

  it('removing a non-member is 404; a link visitor cannot leave a space they never joined', async () => {
    const { alice, bob, spaceId } = await shared();
    await assert.rejects(alice.members.remove({ spaceId, userId: 'usr_bob' }), {
      type: 'not_found',
      message: /^User "usr_bob" is not a member of space/,
    });
    await alice.spaces.setLinkAccess({ spaceId, linkAccess: 'viewer' });
    await assert.rejects(bob.members.remove({ spaceId, userId: 'usr_bob' }), {
      type: 'not_found',
    });
  });
});
