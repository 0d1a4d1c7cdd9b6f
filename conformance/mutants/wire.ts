/**
 * Mutants of what happens before or around a handler: authentication, the
 * protocol, input validation and the upload. The mock's code stays as it is:
 * each wraps its `fetch`, rewriting a request on its way in or an answer on
 * its way out, or changes what the check reads for the request's duration.
 *
 * @module
 */
import {
  type Mutant,
  mutantMock,
  pathInstanceId,
  readEnvelope,
  rewriteError,
  tokenRecord,
  toRequest,
  withEnvelope,
  withTokenPatched,
} from './_build.ts';

/** Authentication, protocol, validation and upload mutants. */
export const wireMutants: Mutant[] = [
  {
    name: 'expired-token-accepted',
    description: 'The instance endpoint accepts an expired instance token (expiry never checked)',
    caughtBy: 'tokens.create (short TTL) + wait + an instance call',
    build(config) {
      const mock = mutantMock(config);
      return {
        fetch(input, init) {
          const request = toRequest(input, init);
          const record = tokenRecord(mock, request);
          if (!record || record.expiresAt > mock.runtime.clock()) return mock.fetch(request);
          return withTokenPatched(record, { expiresAt: Infinity }, () => mock.fetch(request));
        },
      };
    },
  },
  {
    name: 'origin-not-checked',
    description: 'A token bound to an origin is accepted from any origin, or none',
    caughtBy: 'tokens.create (origin) + an instance call with another Origin',
    build(config) {
      const mock = mutantMock(config);
      return {
        fetch(input, init) {
          const request = toRequest(input, init);
          const record = tokenRecord(mock, request);
          if (record?.origin === undefined) return mock.fetch(request);
          return withTokenPatched(record, { origin: undefined }, () => mock.fetch(request));
        },
      };
    },
  },
  {
    name: 'cross-instance-token',
    description:
      "The instance endpoint accepts a token minted for another instance (403's check missing)",
    caughtBy: 'instances.create ×2 + tokens.create + an instance call on the other instance',
    build(config) {
      const mock = mutantMock(config);
      return {
        fetch(input, init) {
          const request = toRequest(input, init);
          const record = tokenRecord(mock, request);
          const instanceId = pathInstanceId(request);
          if (!record || instanceId === undefined || record.instanceId === instanceId) {
            return mock.fetch(request);
          }
          return withTokenPatched(record, { instanceId }, () => mock.fetch(request));
        },
      };
    },
  },
  {
    name: 'wrong-key-403',
    description: 'A wrong API key gets 403 forbidden instead of 401 unauthorized',
    caughtBy: 'auth: a platform call with a wrong key',
    build(config) {
      const mock = mutantMock(config);
      return {
        async fetch(input, init) {
          const request = toRequest(input, init);
          const hasKey = request.headers.has('authorization');
          return rewriteError(
            await mock.fetch(request),
            (error) =>
              hasKey && error.type === 'unauthorized' && pathInstanceId(request) === undefined
                ? { type: 'forbidden', status: 403 }
                : undefined,
          );
        },
      };
    },
  },
  {
    name: 'unknown-method-400',
    description: 'An unknown method gets 400 invalid_request instead of 404 method_not_found',
    caughtBy: 'protocol: an unknown method',
    build(config) {
      const mock = mutantMock(config);
      return {
        async fetch(input, init) {
          return rewriteError(
            await mock.fetch(toRequest(input, init)),
            (error) =>
              error.type === 'method_not_found'
                ? { type: 'invalid_request', status: 400 }
                : undefined,
          );
        },
      };
    },
  },
  {
    name: 'create-accepts-empty-name',
    description:
      'instances.create accepts an empty name (the minLength 1 check is missing) and stores "unnamed"',
    caughtBy: 'instances.create near-miss (name "")',
    build(config) {
      const mock = mutantMock(config);
      return {
        async fetch(input, init) {
          const request = toRequest(input, init);
          const envelope = await readEnvelope(request);
          if (envelope?.method !== 'instances.create' || envelope.input.name !== '') {
            return mock.fetch(request);
          }
          return mock.fetch(
            withEnvelope(request, { ...envelope, input: { ...envelope.input, name: 'unnamed' } }),
          );
        },
      };
    },
  },
  {
    name: 'slug-pattern-skipped',
    description:
      'resources.create skips the slug pattern ^[a-z0-9][a-z0-9-]{0,62}$ and stores a cleaned-up slug',
    caughtBy: 'upload + resources.create near-miss (bad slug)',
    build(config) {
      const mock = mutantMock(config);
      return {
        async fetch(input, init) {
          const request = toRequest(input, init);
          const envelope = await readEnvelope(request);
          const slug = envelope?.input.slug;
          if (
            envelope?.method !== 'resources.create' || typeof slug !== 'string' ||
            /^[a-z0-9][a-z0-9-]{0,62}$/.test(slug)
          ) {
            return mock.fetch(request);
          }
          const cleaned = `x${slug.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`.slice(0, 63);
          return mock.fetch(
            withEnvelope(request, { ...envelope, input: { ...envelope.input, slug: cleaned } }),
          );
        },
      };
    },
  },
  {
    name: 'upload-loses-mime-type',
    description: "The upload stores every file as application/octet-stream, losing the part's type",
    caughtBy: 'upload (a file with a type)',
    build(config) {
      const mock = mutantMock(config);
      return {
        async fetch(input, init) {
          const request = toRequest(input, init);
          if (!new URL(request.url).pathname.endsWith('/files/upload')) return mock.fetch(request);
          let form: FormData;
          try {
            form = await request.clone().formData();
          } catch {
            return mock.fetch(request);
          }
          const rebuilt = new FormData();
          for (const [name, value] of form) {
            if (typeof value === 'string') rebuilt.append(name, value);
            else rebuilt.append(name, new Blob([await value.arrayBuffer()]), value.name);
          }
          const headers = new Headers(request.headers);
          headers.delete('content-type');
          headers.delete('content-length');
          return mock.fetch(new Request(request.url, { method: 'POST', headers, body: rebuilt }));
        },
      };
    },
  },
  {
    name: 'upload-limit-ignored',
    description: 'The upload size limit is not enforced: an oversize upload is stored',
    caughtBy: 'upload (oversize)',
    build: (config) => mutantMock(config, { uploadBytes: Number.MAX_SAFE_INTEGER }),
  },
];
