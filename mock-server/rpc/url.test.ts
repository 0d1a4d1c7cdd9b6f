import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requestOrigin, requestPathname } from './url.ts';

const urls = [
  'http://127.0.0.1:8787/api/v1/rpc',
  'http://127.0.0.1:8787/api/v1/instances/ins_1/rpc?x=1',
  'https://example.test/rool/v1/files/a%20b/c?q=%2F#frag',
  'http://[::1]:9000/',
  'http://example.test',
  'http://example.test?x=/y',
  'http://example.test#/y',
  'http://EXAMPLE.test:80/A/b/../c',
];

test('requestOrigin and requestPathname agree with new URL on every Request.url', () => {
  for (const raw of urls) {
    const url = new Request(raw).url;
    const parsed = new URL(url);
    assert.equal(requestOrigin(url), parsed.origin, url);
    assert.equal(requestPathname(url), parsed.pathname, url);
  }
});
