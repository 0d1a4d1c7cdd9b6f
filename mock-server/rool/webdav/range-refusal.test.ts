import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readError, setupDav } from './_testing.ts';

// Found by the fuzzing suite (test/fuzz/): a 416 came with no body at all.
describe('an unsatisfiable range', () => {
  it('is refused with 416, its Content-Range and a DAV:error body', async () => {
    const { dav } = await setupDav();
    await dav('PUT', '/rool-drive/empty', { body: '' });
    const refused = await dav('GET', '/rool-drive/empty', { headers: { range: 'bytes=0-1' } });
    assert.equal(refused.status, 416);
    assert.equal(refused.headers.get('content-range'), 'bytes */0');
    assert.equal(refused.headers.get('access-control-allow-origin'), '*');
    assert.match((await readError(refused)).message, /past the end: the content has 0 bytes/);
    const head = await dav('HEAD', '/rool-drive/empty', { headers: { range: 'bytes=5-' } });
    assert.equal(head.status, 416);
    assert.equal(await head.text(), '');
  });
});
