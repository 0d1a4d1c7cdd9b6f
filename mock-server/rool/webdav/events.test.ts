// WebDAV changes on the space's live events: filesChanged after each change, none for a refusal,
// filesReset when the change log expires sync tokens.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tokens } from '../_testing.ts';
import { openStream } from '../events/_testing.ts';
import { setupDav } from './_testing.ts';

describe('WebDAV live events', () => {
  it('announces filesChanged to the writer as local_user, and nothing for a refused write', async () => {
    const setup = await setupDav({ limits: { syncChangesKept: 4 } });
    const { dav, ref } = setup;
    const clientId = 'alice-tab-1';
    const stream = await openStream(setup, `/v1/spaces/${ref.spaceId}/events`, {
      token: tokens.alice,
      clientId,
    });
    try {
      const headers = { 'rool-client-id': clientId };
      assert.equal((await dav('PUT', '/rool-drive/none/a', { body: 'x', headers })).status, 409);
      assert.equal((await dav('PUT', '/rool-drive/a', { body: 'x', headers })).status, 201);
      const changed = await stream.next();
      assert.equal(changed?.kind === 'event' && changed.event, 'filesChanged');
      assert.deepEqual(changed?.kind === 'event' && changed.data, {
        spaceId: ref.spaceId,
        source: 'local_user',
        timestamp: setup.clock.now,
      });
      // The log keeps 4 entries; the collection and three files overflow it.
      for (const name of ['b', 'c', 'd']) await dav('PUT', `/rool-drive/${name}`, { body: 'x' });
      const names: string[] = [];
      for (let i = 0; i < 4; i++) {
        const frame = await stream.next();
        if (frame?.kind === 'event') names.push(`${frame.event}:${frame.data.source}`);
      }
      assert.deepEqual(names, [
        'filesChanged:remote_user',
        'filesChanged:remote_user',
        'filesReset:system',
        'filesChanged:remote_user',
      ]);
    } finally {
      await stream.cancel();
    }
  });
});
