/**
 * The WebDAV mutants (docs/rool-webdav.md): the Rool mock behind a `fetch` wrapper that changes
 * what a realistic broken file server would get wrong, without touching the mock's code:
 *
 * - `rool-stale-etag`: a PUT keeps the resource's old ETag: the answer and every later one show
 *   it, and a condition naming it matches the new content.
 * - `rool-sync-skips-change`: an incremental sync-collection report leaves out one change.
 * - `rool-lock-not-enforced`: a write refused with 423 Locked is done all the same.
 * - `rool-no-quota-check`: the quota is reported but not enforced.
 *
 * @module
 */
import { type FetchLike, toRequest } from '../../mutants/_build.ts';
import { mutantQuotaBytes, type RoolMutant, roolMutantMock } from './_mock.ts';

/** A request's space ID, for a WebDAV request (`…/v1/spaces/{id}/dav/…`). */
function davSpace(request: Request): string | undefined {
  const match = /\/v1\/spaces\/([^/]+)\/dav(?:\/|$)/.exec(new URL(request.url).pathname);
  return match ? decodeURIComponent(match[1]) : undefined;
}

/** A copy of a response with another body. */
function withBody(response: Response, body: string): Response {
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(body, { status: response.status, headers });
}

/** A copy of a request with some headers set. */
function withHeaders(request: Request, set: Record<string, string>): Request {
  const headers = new Headers(request.headers);
  for (const [name, value] of Object.entries(set)) headers.set(name, value);
  return new Request(request, { headers });
}

/** The mutant whose PUT keeps the old ETag. */
function staleEtag(): { fetch: FetchLike } {
  const mock = roolMutantMock();
  // The ETag each real one is shown as, and the real one behind each shown one.
  const shownAs = new Map<string, string>();
  const realOf = new Map<string, string>();
  const rewrite = (text: string, map: Map<string, string>) => {
    for (const [from, to] of map) if (text.includes(from)) text = text.replaceAll(from, to);
    return text;
  };
  return {
    async fetch(input, init) {
      let request = toRequest(input, init);
      const conditions: Record<string, string> = {};
      for (const name of ['if-match', 'if-none-match', 'if']) {
        const value = request.headers.get(name);
        if (value !== null && rewrite(value, realOf) !== value) {
          conditions[name] = rewrite(value, realOf);
        }
      }
      if (Object.keys(conditions).length > 0) request = withHeaders(request, conditions);
      let before: string | null = null;
      if (request.method === 'PUT' && davSpace(request)) {
        const head = await mock.fetch(
          new Request(request.url, {
            method: 'HEAD',
            headers: { authorization: request.headers.get('authorization') ?? '' },
          }),
        );
        before = head.ok ? head.headers.get('etag') : null;
      }
      const response = await mock.fetch(request);
      const etag = response.headers.get('etag');
      if (before !== null && response.ok && etag !== null && etag !== before) {
        const shown = shownAs.get(before) ?? before;
        shownAs.set(etag, shown);
        realOf.set(shown, etag);
      }
      if (shownAs.size === 0 || !davSpace(request)) return response;
      const headers = new Headers(response.headers);
      if (etag !== null) headers.set('etag', rewrite(etag, shownAs));
      const type = response.headers.get('content-type') ?? '';
      const body = type.includes('xml') ? rewrite(await response.text(), shownAs) : response.body;
      headers.delete('content-length');
      return new Response(body, { status: response.status, headers });
    },
  };
}

/** The mutant whose incremental syncs leave out the last change. */
function syncSkipsChange(): { fetch: FetchLike } {
  const mock = roolMutantMock();
  return {
    async fetch(input, init) {
      const request = toRequest(input, init);
      if (request.method !== 'REPORT') return await mock.fetch(request);
      // An incremental sync names the token of the last one (RFC 6578 §3.2).
      const incremental = /sync-token>\s*[^<\s]/.test(await request.clone().text());
      const response = await mock.fetch(request);
      if (!incremental || response.status !== 207) return response;
      const text = await response.text();
      const members = [...text.matchAll(/<(\w+:)?response>[\s\S]*?<\/\1response>/g)];
      const last = members.at(-1);
      if (!last) return withBody(response, text);
      return withBody(
        response,
        text.slice(0, last.index) + text.slice(last.index! + last[0].length),
      );
    },
  };
}

/** The mutant that does a write refused for a lock all the same, as if its token was sent. */
function lockNotEnforced(): { fetch: FetchLike } {
  const mock = roolMutantMock();
  return {
    async fetch(input, init) {
      const request = toRequest(input, init);
      const spaceId = davSpace(request);
      if (!spaceId || request.method === 'LOCK' || request.method === 'UNLOCK') {
        return await mock.fetch(request);
      }
      const again = request.clone();
      const response = await mock.fetch(request);
      const space = mock.runtime.state.spaces.get(spaceId);
      if (response.status !== 423 || !space) return response;
      const tokens = space.files.locks.toJSON().map((lock) => `(<${lock.token}>)`);
      if (tokens.length === 0) return response;
      const own = again.headers.get('if');
      return await mock.fetch(
        withHeaders(again, { if: [own, ...tokens].filter(Boolean).join(' ') }),
      );
    },
  };
}

/** The mutant that reports the quota but never enforces it. */
function noQuotaCheck(): { fetch: FetchLike } {
  // Enforced: a gibibyte. Reported: the usual small quota.
  const mock = roolMutantMock({}, { limits: { storageBytesPerSpace: 1024 ** 3 } });
  return {
    async fetch(input, init) {
      const request = toRequest(input, init);
      const response = await mock.fetch(request);
      if (request.method !== 'PROPFIND' || response.status !== 207) return response;
      const text = (await response.text()).replace(
        /<(\w+:)?response>[\s\S]*?<\/\1response>/g,
        (member) => {
          const used = /quota-used-bytes>(\d+)</.exec(member);
          const available = Math.max(0, mutantQuotaBytes - Number(used?.[1] ?? 0));
          return member.replace(
            /(quota-available-bytes>)\d+(<)/,
            (_m, open: string, close: string) => `${open}${available}${close}`,
          );
        },
      );
      return withBody(response, text);
    },
  };
}

/** The WebDAV mutants. */
export const fileMutants: readonly RoolMutant[] = [
  {
    name: 'rool-stale-etag',
    description:
      'A PUT keeps the old ETag (RFC 9110 §8.8.3: a strong ETag changes with the content)',
    caughtBy: 'dav.put twice on a path, or dav.put and a PROPFIND or GET',
    build: staleEtag,
  },
  {
    name: 'rool-sync-skips-change',
    description: 'An incremental sync-collection report leaves out one change (RFC 6578 §3.2)',
    caughtBy: 'dav.syncWalk: a sync, a change, a sync with the first token',
    build: syncSkipsChange,
  },
  {
    name: 'rool-lock-not-enforced',
    description: 'A write without the lock token to a locked resource succeeds (RFC 4918 §7)',
    caughtBy: 'dav.lockedWrite: LOCK, then PUT, DELETE, PROPPATCH or MOVE without the token',
    build: lockNotEnforced,
  },
  {
    name: 'rool-no-quota-check',
    description: 'A write over the reported quota is stored instead of refused with 507 (RFC 4331)',
    caughtBy: 'dav.quota: a PUT of one byte more than is available',
    build: noQuotaCheck,
  },
];
