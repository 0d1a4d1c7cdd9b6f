import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Call } from '../../call.ts';
import type { CompareContext } from '../../compare.ts';
import { createModel, type Model } from '../../model.ts';
import type { Exchange } from '../../side.ts';
import { roolRules } from '../rules.ts';
import { compareDav } from './compare.ts';
import { errorConditions, machinePath, parseMultistatus } from './dav-xml.ts';

function model(): Model {
  const m = createModel({ baseline: {}, runTag: 't' });
  m.entities.space.push({ target: 'spc_T', reference: 'spc_R' });
  m.ids.pair('spc_T', 'spc_R');
  return m;
}

function call(method: string, path: string): Call {
  return {
    label: method,
    route: 'dav',
    space: { kind: 'space', index: 0 },
    http: { method, path },
  };
}

function exchange(status: number, text: string, headers: Record<string, string> = {}): Exchange {
  return {
    request: { path: '', headers: {}, body: null },
    status,
    body: text,
    text,
    headers,
    sentAt: 0,
    receivedAt: 0,
  };
}

function ctx(m: Model): CompareContext {
  return { label: 'dav', input: {}, model: m, skewMs: 0, rules: roolRules };
}

/** A multistatus of one file, as a side would write it. */
function file(
  space: string,
  o: { etag: string; length?: number; modified?: string; extra?: string },
): string {
  return `<?xml version="1.0"?><D:multistatus xmlns:D="DAV:"><D:response>` +
    `<D:href>/rool/v1/spaces/${space}/dav/rool-drive/a%20b.txt</D:href><D:propstat><D:prop>` +
    `<D:getetag>${o.etag}</D:getetag><D:getcontentlength>${o.length ?? 5}</D:getcontentlength>` +
    `<D:getlastmodified>${o.modified ?? 'Sat, 21 Nov 2026 10:00:00 GMT'}</D:getlastmodified>` +
    `<D:resourcetype/></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>` +
    `<D:propstat><D:prop><C:color xmlns:C="urn:c"/></D:prop>` +
    `<D:status>HTTP/1.1 404 Not Found</D:status></D:propstat></D:response>${o.extra ?? ''}` +
    `</D:multistatus>`;
}

describe('dav-xml', () => {
  test('machine paths from hrefs', () => {
    const cases: Array<[string, { given: string; want: string }]> = [
      ['absolute URL', {
        given: 'http://h:1/rool/v1/spaces/spc_1/dav/space/notes/',
        want: '/space/notes/',
      }],
      ['path, encoded', {
        given: '/v1/spaces/spc_1/dav/rool-drive/a%20b.txt',
        want: '/rool-drive/a b.txt',
      }],
      ['the root', { given: '/v1/spaces/spc_1/dav', want: '/' }],
      ['elsewhere', { given: '/other/x', want: '/other/x' }],
      ['bad escape kept', { given: '/v1/spaces/s/dav/a%zz', want: '/a%zz' }],
    ];
    for (const [name, { given, want }] of cases) assert.equal(machinePath(given), want, name);
  });

  test('a multistatus by path, with statuses and property values', () => {
    const m = parseMultistatus(file('spc_T', { etag: '"e1"' }));
    assert.ok(!('error' in m));
    const response = m.responses.get('/rool-drive/a b.txt')!;
    assert.deepEqual(response.props.get('DAV:getetag'), {
      status: 200,
      value: { kind: 'opaque', of: 'etag', text: '"e1"' },
      errors: [],
    });
    assert.equal(response.props.get('{urn:c}color')?.status, 404);
  });

  test('what is not a multistatus', () => {
    assert.match((parseMultistatus('<a/>') as { error: string }).error, /not DAV:multistatus/);
    assert.match((parseMultistatus('{}') as { error: string }).error, /^Not XML/);
  });

  test('error conditions', () => {
    const text = '<D:error xmlns:D="DAV:"><D:lock-token-submitted><D:href>/x</D:href>' +
      '</D:lock-token-submitted></D:error>';
    assert.deepEqual(errorConditions(text), [{ name: 'DAV:lock-token-submitted', hrefs: ['/x'] }]);
    assert.deepEqual(errorConditions('{"ok":false}'), []);
  });

  test("a response's and a propstat's error conditions; several hrefs in one response", () => {
    const m = parseMultistatus(
      '<D:multistatus xmlns:D="DAV:"><D:response><D:href>/v1/spaces/s/dav/a.txt</D:href>' +
        '<D:href>/v1/spaces/s/dav/b.txt</D:href><D:status>HTTP/1.1 423 Locked</D:status>' +
        '<D:error><D:no-conflicting-lock><D:href>/v1/spaces/s/dav/docs/</D:href>' +
        '</D:no-conflicting-lock><R:why xmlns:R="urn:r"/></D:error></D:response>' +
        '<D:response><D:href>/v1/spaces/s/dav/c.txt</D:href><D:propstat><D:prop>' +
        '<D:getetag/></D:prop><D:status>HTTP/1.1 403 Forbidden</D:status><D:error>' +
        '<D:cannot-modify-protected-property/></D:error></D:propstat></D:response>' +
        '</D:multistatus>',
    );
    assert.ok(!('error' in m));
    assert.deepEqual([...m.responses.keys()], ['/a.txt', '/b.txt', '/c.txt']);
    for (const path of ['/a.txt', '/b.txt']) {
      assert.equal(m.responses.get(path)?.status, 423, path);
      assert.deepEqual(m.responses.get(path)?.errors, [
        { name: 'DAV:no-conflicting-lock', hrefs: ['/docs/'] },
      ]);
    }
    assert.deepEqual(m.responses.get('/c.txt')?.errors, []);
    assert.deepEqual(m.responses.get('/c.txt')?.props.get('DAV:getetag')?.errors, [
      { name: 'DAV:cannot-modify-protected-property', hrefs: [] },
    ]);
  });

  test('a malformed status line is reported, not read as a status', () => {
    const m = parseMultistatus(
      '<D:multistatus xmlns:D="DAV:"><D:response><D:href>/a</D:href><D:propstat><D:prop>' +
        '<D:getetag/></D:prop><D:status>OK</D:status></D:propstat></D:response></D:multistatus>',
    );
    assert.match((m as { error: string }).error, /Malformed status line/);
  });
});

describe('compareDav', () => {
  test('equal listings agree, their ETags paired across sides', () => {
    const m = model();
    const diffs = compareDav(
      call('PROPFIND', '/rool-drive/'),
      {
        target: exchange(207, file('spc_T', { etag: '"t1"' })),
        reference: exchange(207, file('spc_R', { etag: '"r1"' })),
      },
      ctx(m),
    );
    assert.deepEqual(diffs, []);
    assert.deepEqual(
      m.entities.etag.map((e) => [e.target, e.reference, e.label]),
      [['"t1"', '"r1"', '/rool-drive/a b.txt']],
    );
  });

  test('a stale ETag breaks the pairing', () => {
    const m = model();
    const answers = (t: string, r: string) => ({
      target: exchange(207, file('spc_T', { etag: t })),
      reference: exchange(207, file('spc_R', { etag: r })),
    });
    assert.deepEqual(compareDav(call('PROPFIND', '/'), answers('"t1"', '"r1"'), ctx(m)), []);
    const diffs = compareDav(call('PROPFIND', '/'), answers('"t1"', '"r2"'), ctx(m));
    assert.equal(diffs.length, 1);
    assert.equal(diffs[0].path, 'body[/rool-drive/a b.txt].DAV:getetag');
    assert.match(diffs[0].message, /ETag pairing broken/);
  });

  test('a member missing, a value that differs, a date out of form', () => {
    const extra = '<D:response><D:href>/v1/spaces/spc_R/dav/rool-drive/c.txt</D:href>' +
      '<D:status>HTTP/1.1 404 Not Found</D:status></D:response>';
    const diffs = compareDav(
      call('REPORT', '/rool-drive/'),
      {
        target: exchange(207, file('spc_T', { etag: '"t"', length: 6, modified: '2026-11-21' })),
        reference: exchange(207, file('spc_R', { etag: '"r"', extra })),
      },
      ctx(model()),
    );
    assert.deepEqual(diffs.map((d) => [d.path, d.message]), [
      ['body[/rool-drive/a b.txt].DAV:getcontentlength', 'Differs'],
      ['body[/rool-drive/a b.txt].DAV:getlastmodified', 'Not an RFC1123 date'],
      ['body[/rool-drive/c.txt]', 'Missing on the target'],
    ]);
  });

  test('statuses, headers and error conditions', () => {
    const m = model();
    const diffs = compareDav(
      call('PUT', '/rool-drive/a.txt'),
      {
        target: exchange(201, '', { etag: '"t"', dav: '2, 1' }),
        reference: exchange(201, '', { etag: '"r"', dav: '1,2' }),
      },
      ctx(m),
    );
    assert.deepEqual(diffs, []);
    const locked = '<D:error xmlns:D="DAV:"><D:lock-token-submitted/></D:error>';
    const refused = compareDav(
      call('PUT', '/rool-drive/a.txt'),
      { target: exchange(423, '<D:error xmlns:D="DAV:"/>'), reference: exchange(423, locked) },
      ctx(m),
    );
    assert.deepEqual(refused.map((d) => d.path), ['body']);
    const status = compareDav(
      call('PUT', '/rool-drive/a.txt'),
      { target: exchange(204, ''), reference: exchange(423, locked) },
      ctx(m),
    );
    assert.deepEqual(status.map((d) => [d.path, d.target, d.reference]), [['status', 204, 423]]);
  });

  test('a lock answer: its token paired, its timeout by kind', () => {
    const lock = (token: string, timeout: string) =>
      `<D:prop xmlns:D="DAV:"><D:lockdiscovery><D:activelock><D:locktype><D:write/></D:locktype>` +
      `<D:lockscope><D:exclusive/></D:lockscope><D:depth>0</D:depth><D:timeout>${timeout}</D:timeout>` +
      `<D:locktoken><D:href>${token}</D:href></D:locktoken></D:activelock></D:lockdiscovery></D:prop>`;
    const m = model();
    const ok = compareDav(
      call('LOCK', '/rool-drive/a.txt'),
      {
        target: exchange(200, lock('urn:t', 'Second-599'), { 'lock-token': '<urn:t>' }),
        reference: exchange(200, lock('urn:r', 'Second-600'), { 'lock-token': '<urn:r>' }),
      },
      ctx(m),
    );
    assert.deepEqual(ok, []);
    assert.deepEqual(m.entities.lock.map((e) => [e.target, e.reference]), [['urn:t', 'urn:r']]);
    const infinite = compareDav(
      call('LOCK', '/rool-drive/a.txt'),
      {
        target: exchange(200, lock('urn:t2', 'Infinite')),
        reference: exchange(200, lock('urn:r2', 'Second-600')),
      },
      ctx(m),
    );
    assert.equal(infinite.length, 1);
    assert.match(infinite[0].path, /DAV:timeout$/);
  });

  test('a DAV:error the target leaves out of a multistatus is reported', () => {
    const multistatus = (space: string, o: { propstatError: boolean; lockRoot?: string }) =>
      `<D:multistatus xmlns:D="DAV:"><D:response>` +
      `<D:href>/v1/spaces/${space}/dav/rool-drive/a.txt</D:href><D:propstat><D:prop>` +
      `<D:getetag/></D:prop><D:status>HTTP/1.1 403 Forbidden</D:status>` +
      (o.propstatError ? '<D:error><D:cannot-modify-protected-property/></D:error>' : '') +
      `</D:propstat></D:response><D:response>` +
      `<D:href>/v1/spaces/${space}/dav/rool-drive/b.txt</D:href>` +
      `<D:status>HTTP/1.1 423 Locked</D:status>` +
      (o.lockRoot === undefined ? '' : `<D:error><D:lock-token-submitted><D:href>` +
        `/v1/spaces/${space}/dav${o.lockRoot}</D:href></D:lock-token-submitted></D:error>`) +
      `</D:response></D:multistatus>`;
    const compare = (t: string, r: string) =>
      compareDav(
        call('PROPPATCH', '/rool-drive/'),
        { target: exchange(207, t), reference: exchange(207, r) },
        ctx(model()),
      );
    const healthy = multistatus('spc_R', { propstatError: true, lockRoot: '/rool-drive/' });
    assert.deepEqual(
      compare(multistatus('spc_T', { propstatError: true, lockRoot: '/rool-drive/' }), healthy),
      [],
    );
    const missing = compare(multistatus('spc_T', { propstatError: false }), healthy);
    assert.deepEqual(missing.map((d) => [d.path, d.target, d.reference]), [
      ['body[/rool-drive/a.txt].DAV:getetag.error', [], ['DAV:cannot-modify-protected-property']],
      ['body[/rool-drive/b.txt].error', [], ['DAV:lock-token-submitted(/rool-drive/)']],
    ]);
    const otherRoot = compare(
      multistatus('spc_T', { propstatError: true, lockRoot: '/rool-drive/b.txt' }),
      healthy,
    );
    assert.deepEqual(otherRoot.map((d) => d.path), ['body[/rool-drive/b.txt].error']);
  });

  test("an error body's conditions compare with their hrefs", () => {
    const locked = (space: string, path: string) =>
      `<D:error xmlns:D="DAV:"><D:lock-token-submitted><D:href>/rool/v1/spaces/${space}/dav` +
      `${path}</D:href></D:lock-token-submitted><R:message xmlns:R="urn:r">${space}</R:message>` +
      `</D:error>`;
    const compare = (t: string, r: string) =>
      compareDav(
        call('PUT', '/rool-drive/a.txt'),
        { target: exchange(423, t), reference: exchange(423, r) },
        ctx(model()),
      );
    assert.deepEqual(compare(locked('spc_T', '/rool-drive/'), locked('spc_R', '/rool-drive/')), []);
    const differs = compare(locked('spc_T', '/rool-drive/a.txt'), locked('spc_R', '/rool-drive/'));
    assert.deepEqual(differs.map((d) => [d.path, d.target, d.reference]), [[
      'body',
      ['DAV:lock-token-submitted(/rool-drive/a.txt)'],
      ['DAV:lock-token-submitted(/rool-drive/)'],
    ]]);
  });

  test('a GET compares content', () => {
    const diffs = compareDav(
      call('GET', '/rool-drive/a.txt'),
      { target: exchange(200, 'hellO'), reference: exchange(200, 'hello') },
      ctx(model()),
    );
    assert.deepEqual(diffs.map((d) => d.message), ['Content differs']);
  });
});

test('authentication challenges compare by scheme', () => {
  const answer = (challenge: string) => exchange(401, '', { 'www-authenticate': challenge });
  const compare = (t: string, r: string) =>
    compareDav(call('GET', '/'), { target: answer(t), reference: answer(r) }, ctx(model()));
  assert.deepEqual(
    compare('Bearer realm="x, y", Basic realm="A"', 'Basic realm="Rool", Bearer'),
    [],
  );
  assert.equal(compare('Basic realm="Rool"', 'Basic realm="Rool", Bearer realm="Rool"').length, 1);
});
