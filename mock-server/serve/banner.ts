/**
 * What the mock prints once it listens: where it is, how to authenticate, where
 * the docs are, and what the seed holds, so that a first request can be typed
 * straight from it.
 *
 * @module
 */
import { defaultApiKey, roolBasePath } from '../mod.ts';
import type { MockSeed } from '../roj/seed.ts';
import { isDefaultRoolUser, type SeedUser } from '../rool/users.ts';

/**
 * The URL a client on this machine reaches a server at.
 *
 * @param host The interface the server bound.
 * @param port The port it listens on.
 * @returns The origin, e.g. `http://127.0.0.1:8787`; a wildcard interface shows as loopback.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { serverOrigin } from './banner.ts';
 * assert.equal(serverOrigin('0.0.0.0', 8787), 'http://127.0.0.1:8787');
 * assert.equal(serverOrigin('::1', 8787), 'http://[::1]:8787');
 * ```
 */
export function serverOrigin(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

/**
 * The startup banner. It shows the API keys: this is a development mock, and the key is what a
 * first request needs. With `roolUsers`, it also shows the Rool mock's base URL and users, with
 * the tokens of the development users alice and bob only: tokens given with `--user` are the
 * user's own and stay off the screen.
 *
 * @param origin The mock's URL.
 * @param options The running `runtime`'s name, the `version`, the `apiKeys`, the `seed`, and
 * the seeded Rool users.
 * @returns The lines to print.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { formatBanner } from './banner.ts';
 * import { defaultSeed } from '../roj/seed.ts';
 * const lines = formatBanner('http://127.0.0.1:8787', {
 *   runtime: 'Deno',
 *   version: '0.1.0',
 *   apiKeys: ['roj_dev_key'],
 *   seed: defaultSeed(),
 * });
 * assert.equal(lines[0], 'Roj mock server 0.1.0 (Deno) listening on http://127.0.0.1:8787');
 * assert.ok(lines.includes('  API key:    roj_dev_key (the development key)'));
 * ```
 */
export function formatBanner(
  origin: string,
  options: {
    runtime: string;
    version: string;
    apiKeys: readonly string[];
    seed: MockSeed;
    roolUsers?: readonly SeedUser[];
  },
): string[] {
  const { seed } = options;
  const keys = options.apiKeys.map((key) =>
    key === defaultApiKey ? `${key} (the development key)` : key
  );
  const list = (items: readonly string[]) => items.length > 0 ? items.join(', ') : '(none)';
  const rows: [string, string][] = [
    [keys.length === 1 ? 'API key:' : 'API keys:', keys.join(', ')],
    ['Docs:', `${origin}/docs`],
    ['OpenAPI:', `${origin}/openapi.json`],
    ['Templates:', list(seed.templates.map((t) => t.slug))],
    ['Bundles:', list(seed.bundles.map((b) => b.slug))],
    ['Presets:', list(seed.presets.map((p) => p.id))],
  ];
  if (options.roolUsers) {
    const users = options.roolUsers.map((user) =>
      isDefaultRoolUser(user) ? `${user.name} (token ${user.token})` : user.name
    );
    rows.push(['Rool API:', `${origin}${roolBasePath}`], ['Rool users:', list(users)]);
  }
  return [
    `Roj mock server ${options.version} (${options.runtime}) listening on ${origin}`,
    ...rows.map(([label, value]) => `  ${label.padEnd(11)} ${value}`),
    'Press Ctrl+C to stop',
  ];
}
