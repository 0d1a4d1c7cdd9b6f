// The authentication and protocol commands against the mock: no false alarm on a fresh mock nor on
// one full of leftovers, and each targeted mutant reported with a short replay. Authentication
// lives before the handlers, so these mutants wrap the mock's `fetch` instead.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createMockServer, type MockServer } from '../../mock-server/mod.ts';
import { type ConformanceConfig, defaultConfig, referenceOptions } from '../config.ts';
import { type ConformanceResult, runConformance } from '../run.ts';

type Fetch = MockServer['fetch'];

/** A small upload limit keeps oversized uploads cheap; target and reference share it. */
const config: ConformanceConfig = { ...defaultConfig(), uploadLimitBytes: 64 * 1024 };

/** Authentication and protocol commands, and what they build on; expiry is tested apart. */
const authOnly = 'instances.create,instances.archive,tokens.create,instance.listSessions,' +
  'instance.createSandbox,auth.origin,auth.crossInstance,auth.cookie,auth.platformKey,' +
  'auth.instanceCredential,protocol.*';

function run(
  fetch: Fetch,
  options: { seed: number; runs: number; only?: string; maxCommands?: number },
): Promise<ConformanceResult> {
  return runConformance({
    target: { url: 'http://target.test', apiKey: 'roj_dev_key', fetch },
    config,
    only: authOnly,
    size: 'medium',
    maxCommands: 40,
    ...options,
  });
}

function explain(result: ConformanceResult): string {
  const { seed, error, divergence } = result;
  return `seed ${seed}: ${error ?? ''}\n${divergence?.commands.join('\n') ?? ''}\n${
    divergence?.message ?? ''
  }`;
}

function mock(limits?: { uploadBytes: number }): MockServer {
  const options = referenceOptions(config);
  return createMockServer({ ...options, limits: limits ?? options.limits, onError() {} });
}

const instancePath = /^\/api\/v1\/instances\/([^/]+)\/rpc$/;

/** A `fetch` that rewrites each request before the mock sees it. */
function rewriting(
  target: MockServer,
  rewrite: (request: Request) => Request | Promise<Request>,
): Fetch {
  return async (input, init) => target.fetch(await rewrite(new Request(input, init)));
}

function withHeaders(request: Request, edit: (headers: Headers) => void): Request {
  const headers = new Headers(request.headers);
  edit(headers);
  return new Request(request, { headers });
}

function tokenOf(target: MockServer, request: Request) {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  return bearer === undefined ? undefined : target.runtime.state.tokens.get(bearer);
}

describe('authentication and protocol commands', () => {
  test('find no divergence in the mock, nor in the same mock full of leftovers', {
    timeout: 60_000,
  }, async () => {
    const target = mock();
    // Seeds 1–2 on a fresh mock, 3–4 on the same one, whose IDs and tokens now differ.
    for (const seed of [1, 2, 3, 4]) {
      const result = await run(target.fetch, { seed, runs: 15 });
      assert.ok(result.ok, explain(result));
    }
  });

  test('wait for an expiry at most once per sequence, and find no divergence', {
    timeout: 60_000,
  }, async () => {
    const target = mock();
    let expired = 0;
    const fetch: Fetch = async (input, init) => {
      const response = await target.fetch(input, init);
      const body = await response.clone().json().catch(() => undefined);
      if (response.status === 401 && /expired/i.test(body?.error?.message ?? '')) expired++;
      return response;
    };
    const started = performance.now();
    const runs = 6;
    const result = await run(fetch, {
      seed: 3,
      runs,
      only: 'instances.create,auth.expiry',
      maxCommands: 6,
    });
    assert.ok(result.ok, explain(result));
    assert.ok(expired > 0, 'no token was used after its expiry');
    const seconds = (performance.now() - started) / 1000;
    assert.ok(seconds < runs * 1.5, `${runs} sequences took ${seconds.toFixed(1)} s`);
  });

  // [name, the command that exposes it, the target]
  const mutants: [string, string, () => Fetch][] = [
    ['the Origin header is dropped before the check (origin binding broken)', 'auth.origin', () => {
      const target = mock();
      return rewriting(target, (r) => withHeaders(r, (h) => h.delete('origin')));
    }],
    [
      'a token works at any instance path (cross-instance check missing)',
      'auth.crossInstance',
      () => {
        const target = mock();
        return rewriting(target, (request) => {
          const url = new URL(request.url);
          const token = tokenOf(target, request);
          if (!token || !instancePath.test(url.pathname)) return request;
          url.pathname = `/api/v1/instances/${token.instanceId}/rpc`;
          return new Request(url, request);
        });
      },
    ],
    ['the roj_instance_token cookie is ignored', 'auth.cookie', () => {
      const target = mock();
      return rewriting(target, (r) => withHeaders(r, (h) => h.delete('cookie')));
    }],
    ['expired tokens are accepted', 'auth.expiry', () => {
      const target = mock();
      return rewriting(target, (request) => {
        for (const token of target.runtime.state.tokens.values()) token.expiresAt = Infinity;
        return request;
      });
    }],
    ['any Content-Type is taken for JSON (no 415)', 'protocol.malformedBody', () => {
      const target = mock();
      return rewriting(
        target,
        (request) =>
          new URL(request.url).pathname.endsWith('/rpc')
            ? withHeaders(request, (h) => h.set('content-type', 'application/json'))
            : request,
      );
    }],
    [
      '`constructor` and `__proto__` crash the method lookup (500)',
      'protocol.unknownMethod',
      () => {
        const target = mock();
        return async (input, init) => {
          const request = new Request(input, init);
          const body = await request.clone().text();
          if (/"method":"(constructor|__proto__)"/.test(body)) {
            return Response.json({
              ok: false,
              error: { type: 'internal_error', message: 'Cannot read properties of undefined' },
            }, { status: 500 });
          }
          return target.fetch(request);
        };
      },
    ],
    [
      'uploads are limited to twice the configured size',
      'protocol.oversizeUpload',
      () => mock({ uploadBytes: 2 * config.uploadLimitBytes! }).fetch,
    ],
  ];

  for (const [name, command, build] of mutants) {
    test(`report a mutant: ${name}`, { timeout: 60_000 }, async () => {
      // The command that exposes it, with what it builds on; few commands keep expiry waits few.
      const only = `instances.create,${command}`;
      // Two commands suffice (an instance, then the scenario): short sequences shrink fast.
      const result = await run(build(), { seed: 7, runs: 100, only, maxCommands: 3 });
      assert.equal(result.error, undefined, explain(result));
      assert.equal(result.ok, false, `not reported: ${name}`);
      const { commands } = result.divergence!;
      assert.ok(
        commands.length <= 6,
        `a replay of ${commands.length} commands:\n${explain(result)}`,
      );
    });
  }

  test(
    'report the origin mutant among the other auth and protocol commands',
    { timeout: 60_000 },
    async () => {
      const target = mock();
      const fetch = rewriting(target, (r) => withHeaders(r, (h) => h.delete('origin')));
      const result = await run(fetch, { seed: 11, runs: 200 });
      assert.equal(result.ok, false, 'not reported');
      assert.ok(result.divergence!.commands.length <= 6, explain(result));
    },
  );
});
