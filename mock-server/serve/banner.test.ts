import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultSeed } from '../roj/seed.ts';
import { defaultRoolUsers } from '../rool/users.ts';
import { formatBanner, serverOrigin } from './banner.ts';

describe('serverOrigin', () => {
  const cases: [string, { given: [string, number]; want: string }][] = [
    ['an IPv4 address', { given: ['127.0.0.1', 8787], want: 'http://127.0.0.1:8787' }],
    ['a host name', { given: ['localhost', 1], want: 'http://localhost:1' }],
    ['the IPv4 wildcard', { given: ['0.0.0.0', 80], want: 'http://127.0.0.1:80' }],
    ['the IPv6 wildcard', { given: ['::', 80], want: 'http://[::1]:80' }],
    ['an IPv6 address', { given: ['::1', 80], want: 'http://[::1]:80' }],
  ];
  for (const [name, { given, want }] of cases) {
    test(name, () => assert.equal(serverOrigin(...given), want));
  }
});

describe('formatBanner', () => {
  test('names the URL, key, docs, OpenAPI document and every seeded slug', () => {
    const lines = formatBanner('http://127.0.0.1:8787', {
      runtime: 'Deno',
      version: '0.1.0',
      apiKeys: ['roj_dev_key'],
      seed: defaultSeed(),
    });
    assert.deepEqual(lines, [
      'Roj mock server 0.1.0 (Deno) listening on http://127.0.0.1:8787',
      '  API key:    roj_dev_key (the development key)',
      '  Docs:       http://127.0.0.1:8787/docs',
      '  OpenAPI:    http://127.0.0.1:8787/openapi.json',
      '  Templates:  starter',
      '  Bundles:    starter',
      '  Presets:    default',
      'Press Ctrl+C to stop',
    ]);
  });

  test('lists configured keys without calling them the development key', () => {
    const lines = formatBanner('http://h:1', {
      runtime: 'Bun',
      version: '1',
      apiKeys: ['k1', 'k2'],
      seed: { templates: [], bundles: [], presets: [] },
    });
    assert.ok(lines.includes('  API keys:   k1, k2'), lines.join('\n'));
    assert.ok(lines.includes('  Templates:  (none)'), lines.join('\n'));
  });

  test('shows the Rool base URL and users, with the tokens of the development users only', () => {
    const seed = { templates: [], bundles: [], presets: [] };
    const base = { runtime: 'Deno', version: '0.1.0', apiKeys: ['roj_dev_key'], seed };
    const withDefaults = formatBanner('http://127.0.0.1:8787', {
      ...base,
      roolUsers: defaultRoolUsers,
    });
    assert.deepEqual(withDefaults.slice(-3), [
      '  Rool API:   http://127.0.0.1:8787/rool',
      '  Rool users: alice (token rool_alice_token), bob (token rool_bob_token)',
      'Press Ctrl+C to stop',
    ]);
    const given = formatBanner('http://127.0.0.1:8787', {
      ...base,
      roolUsers: [{ name: 'carol', token: 'carol_private_token' }, {
        name: 'alice',
        token: 'alice_own_token',
      }],
    });
    assert.ok(given.includes('  Rool users: carol, alice'), given.join('\n'));
    assert.ok(!given.join('\n').includes('_token'), 'tokens given with --user are not printed');
  });
});
