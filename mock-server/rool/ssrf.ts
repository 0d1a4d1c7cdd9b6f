/**
 * Which hosts `proxy.fetch` may reach (docs/rool-contract.md §9): literal
 * addresses are classified, loopback, private, link-local and unspecified
 * ones refused unless the mock was started with `--fetch-allow HOST:PORT` for
 * that host and port. IPv4-mapped, -compatible and NAT64 IPv6 addresses are
 * classified by the IPv4 address they carry. Names other than `localhost`
 * are not resolved: a deployment must also check what a name resolves to.
 *
 * @module
 */

/** What kind of address a host is. */
export type HostClass = 'public' | 'loopback' | 'private' | 'link-local' | 'unspecified';

/**
 * Classifies a URL's hostname, as `new URL(…).hostname` gives it (IPv6 in brackets, IPv4 in
 * dotted decimal).
 *
 * @param hostname The hostname.
 * @returns Its class; names other than `localhost` and `*.localhost` are `public`.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { classifyHost } from './ssrf.ts';
 * assert.equal(classifyHost(new URL('http://0x7f.1/').hostname), 'loopback');
 * assert.equal(classifyHost('[::ffff:a00:1]'), 'private');
 * assert.equal(classifyHost('example.com'), 'public');
 * ```
 */
export function classifyHost(hostname: string): HostClass {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback';
  const v4 = parseIpv4(host);
  if (v4) return classifyIpv4(v4);
  if (host.startsWith('[') && host.endsWith(']')) {
    const v6 = parseIpv6(host.slice(1, -1));
    return v6 ? classifyIpv6(v6) : 'unspecified';
  }
  return 'public';
}

function parseIpv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) {
    return undefined;
  }
  return parts.map(Number);
}

function classifyIpv4([a, b]: number[]): HostClass {
  if (a === 0) return 'unspecified';
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  if (a === 169 && b === 254) return 'link-local';
  return 'public';
}

/** Eight 16-bit groups, or `undefined` for text that is not an IPv6 address. */
function parseIpv6(text: string): number[] | undefined {
  let tail: number[] = [];
  let body = text.replace(/%.*$/, '');
  const dotted = body.match(/^(.*:)(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) {
    const v4 = parseIpv4(dotted[2]);
    if (!v4) return undefined;
    tail = [(v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]];
    body = dotted[1].endsWith('::') ? dotted[1] : dotted[1].slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  if ([...head, ...rest].some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return undefined;
  const known = head.length + rest.length + tail.length;
  if (halves.length === 1 ? known !== 8 : known > 7) return undefined;
  const zeros = new Array(8 - known).fill(0);
  return [
    ...head.map((g) => parseInt(g, 16)),
    ...zeros,
    ...rest.map((g) => parseInt(g, 16)),
    ...tail,
  ];
}

function classifyIpv6(g: number[]): HostClass {
  const allZeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (allZeroUpTo(8)) return 'unspecified';
  if (allZeroUpTo(7) && g[7] === 1) return 'loopback';
  const embedded = [g[6] >> 8, g[6] & 0xff, g[7] >> 8, g[7] & 0xff];
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible), 64:ff9b::a.b.c.d (NAT64).
  if (allZeroUpTo(5) && (g[5] === 0xffff || g[5] === 0)) return classifyIpv4(embedded);
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) {
    return classifyIpv4(embedded);
  }
  if ((g[0] & 0xfe00) === 0xfc00 || (g[0] & 0xffc0) === 0xfec0) return 'private';
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
  return 'public';
}

/** One `--fetch-allow` entry: a hostname as URLs write it, and a port. */
export interface AllowedHost {
  /** The hostname, normalized as `new URL(…).hostname` (IPv6 in brackets). */
  hostname: string;
  /** The port. */
  port: number;
}

/**
 * Parses a `HOST:PORT` allowlist entry, e.g. `127.0.0.1:8080`, `localhost:3000`, `[::1]:80`.
 *
 * @param entry The entry.
 * @returns The host and port.
 * @throws {Error} When the entry is not `HOST:PORT` with a port from 1 to 65535.
 */
export function parseAllowedHost(entry: string): AllowedHost {
  const match = entry.match(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/);
  const port = Number(match?.[2]);
  if (!match || port < 1 || port > 65535) {
    const shown = JSON.stringify(entry.length > 60 ? `${entry.slice(0, 60)}…` : entry);
    throw new Error(
      `A fetch allowlist entry must be HOST:PORT with a port from 1 to 65535, not ${shown}`,
    );
  }
  let hostname: string;
  try {
    hostname = new URL(`http://${match[1]}/`).hostname;
  } catch {
    throw new Error(`The host of fetch allowlist entry ${JSON.stringify(entry)} is not valid`);
  }
  return { hostname, port };
}

/**
 * Whether a URL may be fetched: its host is public, or it and its port are on the allowlist.
 *
 * @param url The URL.
 * @param allowlist The allowed `HOST:PORT` entries.
 * @returns `undefined` when allowed, else the host's class.
 */
export function refusedHost(url: URL, allowlist: readonly AllowedHost[]): HostClass | undefined {
  const hostClass = classifyHost(url.hostname);
  if (hostClass === 'public') return undefined;
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  const hostname = url.hostname.toLowerCase();
  return allowlist.some((a) => a.hostname === hostname && a.port === port) ? undefined : hostClass;
}
