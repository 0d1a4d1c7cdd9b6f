/**
 * Roj as a conformance product: the platform, instance and upload routes, the
 * Roj rules and commands, an in-process Roj mock as the reference, and the
 * instance and resource baselines of a long-lived target.
 *
 * @module
 */
import { rojApi } from '../../src/roj/api.ts';
import openapi from '../../src/roj/_generated/openapi.json' with { type: 'json' };
import { createMockServer, defaultApiKey } from '../../mock-server/mod.ts';
import type { Routes } from '../call.ts';
import { allCommands } from '../commands/mod.ts';
import { type ConformanceConfig, defaultConfig, referenceOptions } from '../config.ts';
import type { Baseline, Model } from '../model.ts';
import { OpenApiCheck } from '../openapi-check.ts';
import type { ConformanceProduct } from '../product.ts';
import { rojRules } from '../rules.ts';
import type { Side } from '../side.ts';

const routes: Routes = {
  platform: rojApi.endpoints.platform.path,
  instance: rojApi.endpoints.instance.path,
  upload: rojApi.uploads['files.upload'].path,
};

/**
 * The Roj product.
 *
 * @param config The target's catalogue and limits. Default: the mock's defaults.
 * @returns The product.
 */
export function rojProduct(config: ConformanceConfig = defaultConfig()): ConformanceProduct {
  return {
    name: 'roj',
    routes,
    openapi: new OpenApiCheck(openapi, routes),
    rules: rojRules,
    commands: allCommands(config),
    createReference() {
      const mock = createMockServer(referenceOptions(config));
      return { fetch: mock.fetch, apiKey: defaultApiKey, credentials: [defaultApiKey] };
    },
    resetReference,
    measureBaseline,
    cleanup,
  };
}

async function rpc(side: Side, method: string, input: unknown) {
  return await side.send({
    path: routes.platform,
    headers: { authorization: `Bearer ${side.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ method, input }),
  });
}

async function resetReference(reference: Side): Promise<void> {
  const answer = await reference.send({
    path: '/_mock/rpc',
    headers: { authorization: `Bearer ${reference.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ method: 'mock.reset', input: {} }),
  });
  if (answer.status !== 200) {
    throw new Error(`The reference did not reset (HTTP ${answer.status}): it must be a Roj mock`);
  }
}

// What the target holds before the run: own items are newer, so they page ahead of these.
async function measureBaseline(target: Side): Promise<Baseline> {
  const value = async (method: string, input: unknown) => {
    const answer = await rpc(target, method, input);
    const body = answer.body as { ok?: boolean; value?: Record<string, unknown> };
    if (answer.status !== 200 || !body.ok) {
      throw new Error(`Cannot read the target's baseline with ${method} (HTTP ${answer.status})`);
    }
    return body.value!;
  };
  const instances = (await value('instances.list', { limit: 1 })).total as number;
  let resources = 0;
  for (let offset = 0;; offset += 100) {
    const page = (await value('resources.list', { limit: 100, offset })).resources as unknown[];
    resources += page.length;
    if (page.length < 100) break;
  }
  return { instances, resources };
}

// Archive what the run created, and delete its resources: the target ends as it began, but
// for archived leftovers, which are not listed.
async function cleanup(target: Side, model: Model): Promise<void> {
  for (const instance of model.entities.instance) {
    if (!instance.gone) await rpc(target, 'instances.archive', { instanceId: instance.target });
  }
  for (const resource of model.entities.resource) {
    if (!resource.gone) await rpc(target, 'resources.delete', { resourceId: resource.target });
  }
}
