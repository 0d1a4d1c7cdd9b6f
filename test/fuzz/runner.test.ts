import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RpcFault } from '../../mock-server/rpc/fault.ts';
import { InvariantError } from './invariants.ts';
import { FuzzRequest, ref } from './request.ts';
import { FuzzStats, runBatch } from './runner.ts';
import { createFuzzTarget } from './target.ts';
import type { HandlerOverrides } from '../../mock-server/mod.ts';
import { platformHandlers } from '../../mock-server/roj/platform/mod.ts';

const getInstance = new FuzzRequest({
  label: 'instances.get',
  method: 'POST',
  path: '/api/v1/rpc',
  headers: [['authorization', `Bearer ${ref('apiKey')}`], ['content-type', 'application/json']],
  body: JSON.stringify({ method: 'instances.get', input: { instanceId: ref('instanceId') } }),
  format: 'envelope',
});

// A mock broken one way, and the invariant that must catch it.
async function broken(handlers: HandlerOverrides, request: FuzzRequest, match: RegExp) {
  const target = await createFuzzTarget({ handlers });
  await assert.rejects(
    runBatch(target, [request], { send: target.mock.fetch, stats: new FuzzStats() }),
    (error) => error instanceof InvariantError && match.test(error.message),
  );
}

describe('runBatch on a deliberately broken mock', () => {
  it('fails when a refusal changed the state', async () => {
    await broken(
      {
        platform: {
          'instances.get': (_input, ctx) => {
            ctx.state.sequences.set('ins', 99);
            throw new RpcFault('not_found', 'Gone');
          },
        },
      },
      getInstance,
      /A 404 refusal changed the roj state/,
    );
  });

  it('fails when a read changed the state, though it succeeded', async () => {
    const read = getInstance.with({ readOnly: true });
    await broken(
      {
        platform: {
          'instances.get': (input, ctx) => {
            ctx.state.instances.get(input.instanceId)!.name = 'renamed by a read';
            return platformHandlers['instances.get'](input, ctx);
          },
        },
      },
      read,
      /A 200 read changed the roj state/,
    );
  });

  it('fails when a handler throws: a 500, reported as a bug', async () => {
    await broken(
      {
        platform: {
          'instances.get': () => {
            throw new Error('boom');
          },
        },
      },
      getInstance,
      /5xx/,
    );
  });

  it('fails when a message echoes a secret', async () => {
    await broken(
      {
        platform: {
          'instances.get': (_input, ctx) => {
            const [token] = ctx.state.tokens.keys();
            throw new RpcFault('not_found', `No instance for ${token}`);
          },
        },
      },
      getInstance,
      /A refusal holds a secret/,
    );
  });

  it('passes the real mock on the same request', async () => {
    const target = await createFuzzTarget();
    const stats = new FuzzStats();
    await runBatch(target, [getInstance], { send: target.mock.fetch, stats });
    assert.equal(stats.requests, 1);
    assert.equal(stats.accepted, 1);
  });
});
