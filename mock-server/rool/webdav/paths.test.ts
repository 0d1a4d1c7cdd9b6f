import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DavError } from './errors.ts';
import { hrefOf, pathInRoot, pathOf, targetOf } from './paths.ts';

const status = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof DavError ? e.status : -1;
  }
  return 0;
};

describe('WebDAV paths', () => {
  it('decodes each segment and drops a trailing slash', () => {
    assert.equal(pathOf('/rool-drive/res-%e2%82%ac/'), '/rool-drive/res-€');
    assert.equal(pathOf('/rool-drive/put%23test'), '/rool-drive/put#test');
    assert.equal(pathOf('/'), '/');
  });

  it('refuses what could escape or confuse: 400', () => {
    for (
      const raw of [
        '/rool-drive/..',
        '/rool-drive/.',
        '/rool-drive/%2e%2e',
        '/a//b',
        '/a/%2F',
        '/a/%5C',
        '/a/\\',
        '/a/%00',
        '/a/%zz',
        'no-slash',
        `/${'a/'.repeat(40)}`,
        `/rool-drive/${'x'.repeat(256)}`,
      ]
    ) {
      assert.equal(status(() => pathOf(raw)), 400, raw);
    }
  });

  it('splits a URL into space, root and path under a base path', () => {
    const target = targetOf(new URL('http://h/rool/v1/spaces/spc_1/dav/rool-drive/a%20b'), '/rool');
    assert.deepEqual(target, {
      spaceId: 'spc_1',
      root: '/rool/v1/spaces/spc_1/dav',
      path: '/rool-drive/a b',
    });
    assert.equal(targetOf(new URL('http://h/v1/spaces/s/dav'), '').path, '/');
    assert.equal(status(() => targetOf(new URL('http://h/v1/spaces/s/davx'), '')), 404);
  });

  it('builds hrefs with each segment encoded', () => {
    assert.equal(hrefOf('/r', '/rool-drive/a b/c#d'), '/r/rool-drive/a%20b/c%23d');
    assert.equal(hrefOf('/r', '/space', true), '/r/space/');
  });

  it('reads destinations: same origin and root only', () => {
    const base = new URL('http://h/v1/spaces/s/dav/rool-drive/a');
    assert.equal(
      pathInRoot('http://h/v1/spaces/s/dav/rool-drive/b', base, '/v1/spaces/s/dav'),
      '/rool-drive/b',
    );
    assert.equal(pathInRoot('/v1/spaces/s/dav/space/', base, '/v1/spaces/s/dav'), '/space');
    assert.equal(pathInRoot('/v1/spaces/t/dav/x', base, '/v1/spaces/s/dav'), undefined);
    assert.equal(
      status(() => pathInRoot('http://other/v1/spaces/s/dav/x', base, '/v1/spaces/s/dav')),
      502,
    );
    assert.equal(
      status(() => pathInRoot('/v1/spaces/s/dav/a/../b', base, '/v1/spaces/s/dav')),
      400,
    );
    assert.equal(
      status(() => pathInRoot('/v1/spaces/s/dav/a/%2E%2E/b', base, '/v1/spaces/s/dav')),
      400,
    );
  });
});
