import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setupRool, t0 } from '../_testing.ts';

describe('user.*', () => {
  it('user.get answers the profile with storage', async () => {
    const { alice } = setupRool();
    await alice.storage.set({ key: 'theme', value: 'dark' });
    assert.deepEqual(await alice.user.get({}), {
      id: 'usr_alice',
      email: 'alice@example.com',
      name: 'Alice',
      photoUrl: null,
      slug: 'alice',
      plan: 'free',
      creditsBalance: 0,
      totalCreditsUsed: 0,
      createdAt: new Date(t0).toISOString(),
      lastActivity: new Date(t0).toISOString(),
      processedAt: new Date(t0).toISOString(),
      storage: { theme: 'dark' },
    });
  });

  it('user.update changes name, slug and opt-in', async () => {
    const { alice, mock } = setupRool();
    const user = await alice.user.update({ name: 'Al', slug: 'al_2', marketingOptIn: true });
    assert.equal(user.name, 'Al');
    assert.equal(user.slug, 'al_2');
    assert.equal(mock.runtime.state.users.get('usr_alice')!.marketingOptIn, true);
    assert.equal(
      (await alice.user.update({ slug: 'al_2' })).slug,
      'al_2',
      "keeping one's own slug",
    );
  });

  it('user.update refuses a slug another user has (409) and one breaking the rule (400)', async () => {
    const { alice, digest } = setupRool();
    const before = digest();
    await assert.rejects(alice.user.update({ slug: 'bob', name: 'X' }), {
      type: 'conflict',
      status: 409,
      message: 'Slug "bob" is taken; choose another',
    });
    for (const slug of ['ab', 'Alice', '1abc', 'a'.repeat(33), 'al ice', 'al.ice']) {
      await assert.rejects(alice.user.update({ slug }), {
        type: 'validation_error',
        path: '/slug',
      }, slug);
    }
    assert.equal(digest(), before);
  });

  it('user.setPassword needs 8 characters with letters and digits or symbols', async () => {
    const { alice, digest, mock } = setupRool();
    const before = digest();
    for (const password of ['abcdefgh', '12345678', '!!!!!!!!', 'abc defgh', 'ab1']) {
      await assert.rejects(alice.user.setPassword({ password }), {
        type: 'validation_error',
        status: 400,
        path: '/password',
      }, password);
    }
    assert.equal(digest(), before);
    for (const password of ['abcdefg1', 'abcdefg!', 'pässwörd€']) {
      assert.deepEqual(await alice.user.setPassword({ password }), {});
    }
    const hash = mock.runtime.state.users.get('usr_alice')!.passwordHash!;
    assert.match(hash, /^pbkdf2\$/);
    assert.ok(!hash.includes('pässwörd€'));
  });

  it('user.search matches the exact email, case-insensitively', async () => {
    const { alice } = setupRool();
    assert.deepEqual(await alice.user.search({ email: 'BOB@example.com' }), {
      user: { id: 'usr_bob', email: 'bob@example.com', name: 'Bob', photoUrl: null },
    });
    assert.deepEqual(await alice.user.search({ email: 'bob@example' }), { user: null });
    assert.deepEqual(await alice.user.search({ email: 'ob@example.com' }), { user: null });
  });

  it('user.delete marks the account deleted and revokes its tokens', async () => {
    const { alice, mock } = setupRool();
    assert.deepEqual(await alice.user.delete({}), {});
    assert.equal(mock.runtime.state.users.get('usr_alice')!.deleted, true);
    await assert.rejects(alice.user.get({}), { type: 'unauthorized' });
  });

  it('telemetry.report records the event', async () => {
    const { alice, mock } = setupRool();
    assert.deepEqual(await alice.telemetry.report({ event: 'opened', url: '/x' }), {});
    assert.deepEqual(mock.runtime.state.telemetry, [
      { userId: 'usr_alice', event: 'opened', url: '/x', at: t0 },
    ]);
  });
});
