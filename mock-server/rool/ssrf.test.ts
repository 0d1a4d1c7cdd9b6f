import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyHost, parseAllowedHost, refusedHost } from './ssrf.ts';

const host = (url: string) => new URL(url).hostname;

describe('classifyHost', () => {
  const cases: [string, string][] = [
    ['http://127.0.0.1/', 'loopback'],
    ['http://127.255.0.9/', 'loopback'],
    ['http://2130706433/', 'loopback'],
    ['http://0x7f.0.0.1/', 'loopback'],
    ['http://localhost/', 'loopback'],
    ['http://LOCALHOST./', 'loopback'],
    ['http://api.localhost/', 'loopback'],
    ['http://[::1]/', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://[::127.0.0.1]/', 'loopback'],
    ['http://[64:ff9b::7f00:1]/', 'loopback'],
    ['http://10.1.2.3/', 'private'],
    ['http://172.16.0.1/', 'private'],
    ['http://172.31.255.255/', 'private'],
    ['http://192.168.1.1/', 'private'],
    ['http://[fc00::1]/', 'private'],
    ['http://[fdff::1]/', 'private'],
    ['http://[::ffff:10.0.0.1]/', 'private'],
    ['http://169.254.169.254/', 'link-local'],
    ['http://[fe80::1]/', 'link-local'],
    ['http://[febf::1]/', 'link-local'],
    ['http://0.0.0.0/', 'unspecified'],
    ['http://0/', 'unspecified'],
    ['http://[::]/', 'unspecified'],
    ['http://172.15.0.1/', 'public'],
    ['http://172.32.0.1/', 'public'],
    ['http://8.8.8.8/', 'public'],
    ['http://[2001:db8::1]/', 'public'],
    ['http://[::ffff:8.8.8.8]/', 'public'],
    ['http://example.com/', 'public'],
    ['http://localhost.example.com/', 'public'],
  ];
  for (const [url, expected] of cases) {
    it(`${url} is ${expected}`, () => assert.equal(classifyHost(host(url)), expected));
  }
});

describe('the fetch allowlist', () => {
  it('parses HOST:PORT entries, IPv6 in brackets', () => {
    assert.deepEqual(parseAllowedHost('127.0.0.1:8080'), { hostname: '127.0.0.1', port: 8080 });
    assert.deepEqual(parseAllowedHost('LocalHost:80'), { hostname: 'localhost', port: 80 });
    assert.deepEqual(parseAllowedHost('[::1]:3000'), { hostname: '[::1]', port: 3000 });
    for (const bad of ['127.0.0.1', '127.0.0.1:0', 'h:65536', '::1:80', 'a/b:1', ':80', 'h:x']) {
      assert.throws(
        () => parseAllowedHost(bad),
        /^Error: A fetch allowlist entry must be HOST:PORT/,
        bad,
      );
    }
  });

  it('allows exactly the listed host and port, default ports included', () => {
    const allow = ['127.0.0.1:8080', 'localhost:80', '[::1]:443'].map(parseAllowedHost);
    assert.equal(refusedHost(new URL('http://127.0.0.1:8080/x'), allow), undefined);
    assert.equal(refusedHost(new URL('http://127.0.0.1:8081/x'), allow), 'loopback');
    assert.equal(refusedHost(new URL('http://localhost/'), allow), undefined);
    assert.equal(refusedHost(new URL('https://localhost/'), allow), 'loopback');
    assert.equal(refusedHost(new URL('https://[::1]/'), allow), undefined);
    assert.equal(refusedHost(new URL('http://127.0.0.2:8080/'), allow), 'loopback');
    assert.equal(refusedHost(new URL('https://example.com/'), []), undefined);
  });
});
