/**
 * Mutants of the platform methods: each replaces one handler with the mock's
 * own, bent in one realistic way.
 *
 * @module
 */
import { platformHandlers } from '../../mock-server/roj/platform/mod.ts';
import { pageIds } from '../../mock-server/roj/platform/_paging.ts';
import { RpcFault } from '../../mock-server/rpc/fault.ts';
import { type Mutant, mutantMock } from './_build.ts';

const own = platformHandlers;

/** Platform-method mutants. */
export const platformMutants: Mutant[] = [
  {
    name: 'get-unknown-400',
    description:
      'instances.get of an unknown ID answers 400 validation_error instead of 404 not_found',
    caughtBy: 'instances.get',
    build: (config) =>
      mutantMock(config, {
        handlers: {
          platform: {
            'instances.get': (input, ctx) => {
              try {
                return own['instances.get'](input, ctx);
              } catch (error) {
                if (!(error instanceof RpcFault) || error.type !== 'not_found') throw error;
                throw new RpcFault('validation_error', error.message, { path: '/instanceId' });
              }
            },
          },
        },
      }),
  },
  {
    name: 'get-loses-revision',
    description: 'instances.get leaves out bundleRevisionId, a required output field',
    caughtBy: 'instances.create + instances.get',
    build: (config) =>
      mutantMock(config, {
        checkOutputs: false,
        handlers: {
          platform: {
            'instances.get': async (input, ctx) => {
              const { bundleRevisionId: _, ...rest } = await own['instances.get'](input, ctx);
              return rest as Awaited<ReturnType<typeof own['instances.get']>>;
            },
          },
        },
      }),
  },
  {
    name: 'list-offset-one-based',
    description: 'instances.list treats offset as 1-based: offset 1 skips two instances',
    caughtBy: 'instances.create + instances.list (offset ≥ 1)',
    build: (config) =>
      mutantMock(config, {
        handlers: {
          platform: {
            'instances.list': async (input, ctx) => {
              const out = await own['instances.list'](input, ctx);
              if (!input.offset) return out;
              const ids = pageIds(ctx.state.liveInstanceOrder, {
                limit: input.limit,
                offset: input.offset + 1,
                newestFirst: true,
              });
              const byId = new Map(
                (await own['instances.list']({ limit: 100, offset: 0 }, ctx)).instances
                  .map((i) => [i.instanceId, i]),
              );
              const page = ids.map((id) =>
                byId.get(id) ?? own['instances.get']({ instanceId: id }, ctx)
              );
              return { ...out, instances: await Promise.all(page) };
            },
          },
        },
      }),
  },
  {
    name: 'list-default-limit-10',
    description:
      'instances.list defaults limit to 10, not 20 (on a deployment already holding 12 instances)',
    caughtBy: 'instances.list without limit',
    build(config) {
      const mock = mutantMock(config, {
        handlers: {
          platform: {
            'instances.list': (input, ctx) =>
              own['instances.list']({ ...input, limit: input.limit ?? 10 }, ctx),
          },
        },
      });
      // Foreign data: instances the suite did not create, as on a long-lived deployment.
      const ctx = { state: mock.runtime.state, runtime: mock.runtime, now: Date.now(), origin: '' };
      const template = (config?.templates ?? mock.runtime.state.seed.templates)[0].slug;
      for (let i = 0; i < 12; i++) {
        own['instances.create']({ templateSlug: template, name: `foreign-${i}` }, ctx);
      }
      return mock;
    },
  },
  {
    name: 'total-counts-archived',
    description: 'instances.list total counts archived instances too',
    caughtBy: 'instances.create + instances.archive + instances.list',
    build: (config) =>
      mutantMock(config, {
        handlers: {
          platform: {
            'instances.list': async (input, ctx) => ({
              ...await own['instances.list'](input, ctx),
              total: ctx.state.instances.size,
            }),
          },
        },
      }),
  },
  {
    name: 'get-stale-after-archive',
    description: 'instances.get reads a stale copy: an archived instance still shows as ready',
    caughtBy: 'instances.create + instances.archive + instances.get',
    build: (config) =>
      mutantMock(config, {
        handlers: {
          platform: {
            'instances.get': async (input, ctx) => {
              const out = await own['instances.get'](input, ctx);
              return out.status === 'archived' ? { ...out, status: 'ready' } : out;
            },
          },
        },
      }),
  },
  {
    name: 'archived-token-not-found',
    description: 'tokens.create for an archived instance answers 404 not_found, not 409 conflict',
    caughtBy: 'instances.archive + tokens.create',
    build: (config) =>
      mutantMock(config, {
        handlers: {
          platform: {
            'tokens.create': (input, ctx) => {
              try {
                return own['tokens.create'](input, ctx);
              } catch (error) {
                if (!(error instanceof RpcFault) || error.type !== 'conflict') throw error;
                throw new RpcFault('not_found', error.message);
              }
            },
          },
        },
      }),
  },
  {
    name: 'token-ttl-3600',
    description: 'tokens.create defaults expiresIn to 3600 s instead of 86400 s',
    caughtBy: 'tokens.create without expiresIn',
    build: (config) =>
      mutantMock(config, {
        handlers: {
          platform: {
            'tokens.create': (input, ctx) =>
              own['tokens.create']({ ...input, expiresIn: input.expiresIn ?? 3600 }, ctx),
          },
        },
      }),
  },
  {
    name: 'publish-no-commit-sha',
    description: 'sessions.publish on a github instance pushes but leaves out commitSha',
    caughtBy: 'instances.create (github, session) + sessions.publish',
    build: (config) =>
      mutantMock(config, {
        handlers: {
          platform: {
            'sessions.publish': async (input, ctx) => {
              const { commitSha: _, ...rest } = await own['sessions.publish'](input, ctx);
              return rest;
            },
          },
        },
      }),
  },
  {
    name: 'sessions-newest-first',
    description: 'sessions.list lists newest first instead of oldest first',
    caughtBy: 'sessions.create ×2 + sessions.list',
    build: (config) =>
      mutantMock(config, {
        handlers: {
          platform: {
            'sessions.list': async (input, ctx) => {
              const out = await own['sessions.list'](input, ctx);
              return { sessions: [...out.sessions].reverse() };
            },
          },
        },
      }),
  },
  {
    name: 'service-url-singular',
    description: 'services.getUrl answers <origin>/service/<code>/ instead of /services/<code>/',
    caughtBy: 'sessions.create + services.getUrl',
    build: (config) =>
      mutantMock(config, {
        handlers: {
          platform: {
            'services.getUrl': async (input, ctx) => {
              const { url } = await own['services.getUrl'](input, ctx);
              return { url: url && url.replace('/services/', '/service/') };
            },
          },
        },
      }),
  },
  {
    name: 'status-no-archived-event',
    description: 'instances.status leaves the instance.archived lifecycle event out',
    caughtBy: 'instances.archive + instances.status',
    build: (config) =>
      mutantMock(config, {
        handlers: {
          platform: {
            'instances.status': async (input, ctx) => {
              const out = await own['instances.status'](input, ctx);
              return {
                ...out,
                lifecycleEvents: out.lifecycleEvents.filter((e) => e.event !== 'instance.archived'),
              };
            },
          },
        },
      }),
  },
  {
    name: 'resource-duplicate-slug',
    description: 'resources.create accepts a slug already in use (the new resource takes it over)',
    caughtBy: 'upload + resources.create ×2 with one slug',
    build: (config) =>
      mutantMock(config, {
        handlers: {
          platform: {
            'resources.create': (input, ctx) => {
              const taken = ctx.state.resourceIdBySlug.get(input.slug);
              if (taken === undefined) return own['resources.create'](input, ctx);
              ctx.state.resourceIdBySlug.delete(input.slug);
              try {
                return own['resources.create'](input, ctx);
              } catch (error) {
                ctx.state.resourceIdBySlug.set(input.slug, taken);
                throw error;
              }
            },
          },
        },
      }),
  },
];
