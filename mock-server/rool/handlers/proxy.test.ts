import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProxyFetch } from '../context.ts';
import { setupRool } from '../_testing.ts';

/** A fake remote: records the requests it got and answers with `answer`. */
function remote(answer: () => Response | Promise<Response> = () => new Response('hello')) {
  const requests: Request[] = [];
  const fetch: ProxyFetch = async (input, init) => {
    requests.push(new Request(input, init));
    return await answer();
  };
  return { requests, fetch };
}

async function world(options: Parameters<typeof setupRool>[0] = {}) {
  const setup = setupRool(options);
  return { ...setup, ref: await setup.space() };
}

describe('proxy.fetch', () => {
  it('fetches a public URL without following redirects, and answers status, headers and body', async () => {
    const { requests, fetch } = remote(() =>
      new Response('moved', { status: 302, statusText: 'Found', headers: { location: '/x' } })
    );
    const { alice, ref } = await world({ fetch });
    const answer = await alice.proxy.fetch({
      ...ref,
      url: 'https://example.com/api',
      method: 'POST',
      headers: { 'x-test': '1' },
      bodyBase64: btoa('{"a":1}'),
    });
    assert.equal(answer.status, 302);
    assert.equal(answer.statusText, 'Found');
    assert.equal(answer.headers.location, '/x');
    assert.equal(atob(answer.bodyBase64), 'moved');
    assert.equal(requests.length, 1);
    assert.equal(requests[0].url, 'https://example.com/api');
    assert.equal(requests[0].method, 'POST');
    assert.equal(requests[0].redirect, 'manual');
    assert.equal(requests[0].headers.get('x-test'), '1');
    assert.equal(await requests[0].text(), '{"a":1}');
  });

  it('refuses non-http(s) URLs and loopback, private, link-local and unspecified hosts (403)', async () => {
    const { requests, fetch } = remote();
    const { alice, ref, digest } = await world({ fetch });
    const before = digest();
    for (
      const url of [
        'file:///etc/passwd',
        'ftp://example.com/',
        'data:text/plain,hi',
        'http://127.0.0.1:8787/rool/v1/rpc',
        'http://localhost/',
        'http://[::1]/',
        'http://[::ffff:7f00:1]/',
        'http://0x7f000001/',
        'http://10.0.0.1/',
        'http://172.20.1.1/',
        'http://192.168.0.1/',
        'http://[fd12::1]/',
        'http://169.254.169.254/latest/meta-data/',
        'http://[fe80::1]/',
        'http://0.0.0.0/',
        'http://[::]/',
      ]
    ) {
      await assert.rejects(alice.proxy.fetch({ ...ref, url }), {
        type: 'forbidden',
        status: 403,
        message:
          /^(Only http: and https: URLs can be fetched|Host .* is a (loopback|private|link-local|unspecified) address; only public hosts can be fetched)/,
      }, url);
    }
    assert.equal(requests.length, 0);
    assert.equal(digest(), before);
  });

  it('reaches an allowlisted host and port, and no other port', async () => {
    const { requests, fetch } = remote();
    const { alice, ref } = await world({ fetch, fetchAllowlist: ['127.0.0.1:9000'] });
    assert.equal((await alice.proxy.fetch({ ...ref, url: 'http://127.0.0.1:9000/x' })).status, 200);
    await assert.rejects(alice.proxy.fetch({ ...ref, url: 'http://127.0.0.1:9001/x' }), {
      type: 'forbidden',
    });
    assert.equal(requests.length, 1);
  });

  it('refuses a bad URL, credentials in the URL, a body on GET, bad base64 and bad headers (400)', async () => {
    const { requests, fetch } = remote();
    const { alice, ref } = await world({ fetch });
    const cases: [Record<string, unknown>, string][] = [
      [{ url: 'not a url' }, '/url'],
      [{ url: 'https://user:pw@example.com/' }, '/url'],
      [{ url: 'https://example.com/', bodyBase64: 'aGk=' }, '/bodyBase64'],
      [{ url: 'https://example.com/', method: 'PUT', bodyBase64: 'a b' }, '/bodyBase64'],
      [{ url: 'https://example.com/', headers: { 'bad header': 'x' } }, '/headers'],
    ];
    for (const [input, path] of cases) {
      await assert.rejects(
        alice.proxy.fetch({ ...ref, ...input } as Parameters<typeof alice.proxy.fetch>[0]),
        { type: 'validation_error', status: 400, path },
        JSON.stringify(input),
      );
    }
    assert.equal(requests.length, 0);
  });

  it('cuts an answer over 5 MB off with 413, declared or streamed', async () => {
    const big = 5 * 1024 * 1024 + 1;
    const declared = remote(() =>
      new Response('x', { headers: { 'content-length': String(big) } })
    );
    const first = await world({ fetch: declared.fetch });
    await assert.rejects(first.alice.proxy.fetch({ ...first.ref, url: 'https://example.com/' }), {
      type: 'payload_too_large',
      status: 413,
      message: 'The remote answer exceeds the limit of 5242880 bytes',
    });
    const streamed = remote(() =>
      new Response(
        new ReadableStream({
          start(controller) {
            for (let i = 0; i < 6; i++) controller.enqueue(new Uint8Array(1024 * 1024));
            controller.close();
          },
        }),
      )
    );
    const second = await world({ fetch: streamed.fetch });
    await assert.rejects(second.alice.proxy.fetch({ ...second.ref, url: 'https://example.com/' }), {
      type: 'payload_too_large',
    });
    const exact = remote(() => new Response(new Uint8Array(5 * 1024 * 1024)));
    const third = await world({ fetch: exact.fetch });
    const answer = await third.alice.proxy.fetch({ ...third.ref, url: 'https://example.com/' });
    assert.equal(answer.status, 200);
    assert.equal(answer.bodyBase64.length, Math.ceil((5 * 1024 * 1024) / 3) * 4);
  });

  it('answers 502 when the remote cannot be reached and 504 when it times out', async () => {
    const down = await world({ fetch: () => Promise.reject(new TypeError('connection refused')) });
    assert.deepEqual(await down.alice.proxy.fetch({ ...down.ref, url: 'https://example.com/' }), {
      status: 502,
      statusText: 'Bad Gateway',
      headers: {},
      bodyBase64: '',
    });
    const slow = await world({
      limits: { proxyTimeoutMs: 20 },
      fetch: (_input, init) =>
        new Promise((_resolve, reject) =>
          init!.signal!.addEventListener('abort', () => reject(init!.signal!.reason))
        ),
    });
    assert.equal(
      (await slow.alice.proxy.fetch({ ...slow.ref, url: 'https://example.com/' })).status,
      504,
    );
  });
});
