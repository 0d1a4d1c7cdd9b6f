/**
 * The operations of the mixed load workload, one small object each: how often it is picked, when it
 * can run, and what it does. Each client runs one operation at a time and is the only writer of the
 * instances and resources it created, so what it reads of its own records must equal the model
 * exactly; what it reads of other clients' records must agree with everything acknowledged before
 * the read was sent.
 *
 * @module
 */
import { RojApiError, type RojClient } from '../../../mod.ts';
import type { LoadModel, ModelResource, ModelRevision } from './model.ts';
import { MismatchError } from './stats.ts';
import {
  checkInstance,
  expect,
  expectEqual,
  resourceView,
  tokenOutcome,
  useToken,
  withoutTimes,
} from './views.ts';

/** One client of the workload: its SDK client, its random source and what it owns. */
export interface LoadClient {
  /** Its number, 0-based. */
  index: number;
  /** The mock's origin. */
  url: string;
  /** The `fetch` to call it with; default the global one. */
  fetch?: typeof fetch;
  /** The platform client. */
  roj: RojClient;
  /** Uniform in [0, 1), seeded. */
  random: () => number;
  /** Its instances that are not archived. */
  live: string[];
  /** Its archived instances. */
  archived: string[];
  /** Its resources. */
  resources: string[];
  /** A counter for unique names and slugs. */
  serial: number;
}

/** An operation of the workload. */
export interface Operation {
  /** Its name in the counts, e.g. `instances.create`. */
  name: string;
  /** How often it is picked, relative to the others. */
  weight: number;
  /** Whether the client has what it needs (an instance of its own, a resource…). */
  ready(client: LoadClient, model: LoadModel): boolean;
  /**
   * Runs it and records what was acknowledged in the model.
   *
   * @throws {MismatchError} When an answer contradicts the model.
   * @throws {RojApiError} When a call fails.
   */
  run(client: LoadClient, model: LoadModel): Promise<void>;
}

const vcsTypes = ['none', 'github', 'gitLocal'] as const;

/** Every operation of the workload. */
export const operations: readonly Operation[] = [
  {
    name: 'instances.create',
    weight: 8,
    ready: () => true,
    async run(client, model) {
      const n = client.serial++;
      const auto = client.random() < 0.25;
      const input = {
        templateSlug: 'starter',
        name: `load ${client.index}.${n} ${pick(client, ['', 'é', '日本', '🚀'])}`.trim(),
        vcsType: pick(client, vcsTypes),
        ...(client.random() < 0.5 ? { metadata: randomMetadata(client, n) } : {}),
        ...(auto
          ? { autoCreateSession: { presetId: 'default', blocking: client.random() < 0.5 } }
          : {}),
      };
      model.createIssued();
      const created = await client.roj.instances.create(input);
      expect(auto === (created.sessionId !== undefined), 'sessionId is there iff auto-created');
      try {
        model.instanceCreated({
          id: created.instanceId,
          name: input.name,
          vcsType: input.vcsType,
          metadata: input.metadata ?? null,
          owner: client.index,
        });
      } catch (error) {
        throw new MismatchError((error as Error).message);
      }
      if (created.sessionId !== undefined) {
        model.sessionCreated(created.instanceId, created.sessionId);
      }
      client.live.push(created.instanceId);
      // Read your own write at once.
      checkInstance(await client.roj.instances.get(created.instanceId), model, {
        settled: true,
        archivedAtStart: false,
      });
    },
  },
  {
    name: 'instances.get',
    weight: 25,
    ready: (_, model) => model.instanceIds.length > 0,
    async run(client, model) {
      const id = pick(client, model.instanceIds);
      const instance = model.instances.get(id)!;
      const archivedAtStart = instance.archived;
      checkInstance(await client.roj.instances.get(id), model, {
        settled: instance.owner === client.index,
        archivedAtStart,
      });
    },
  },
  {
    name: 'instances.list',
    weight: 15,
    ready: () => true,
    async run(client, model) {
      const limit = 1 + Math.floor(client.random() * 100);
      const { createsAcked, archivesAcked } = model.counters();
      const live = createsAcked - archivesAcked;
      const offset = Math.floor(client.random() * (live + 20));
      const start = model.counters();
      const tick = model.tick();
      const page = await client.roj.instances.list({ limit, offset });
      const { min, max } = model.liveBounds(start, model.counters());
      expect(
        page.total >= min && page.total <= max,
        `total ${page.total} is outside [${min}, ${max}]`,
      );
      const length = Math.max(0, Math.min(limit, page.total - offset));
      expect(
        page.instances.length === length,
        `limit ${limit} offset ${offset} of total ${page.total} gave ${page.instances.length} instances, not ${length}`,
      );
      for (const got of page.instances) {
        expect(got.status !== 'archived', `${got.instanceId} is listed while archived`);
        const known = model.instances.get(got.instanceId);
        if (known === undefined) continue; // Its create has not answered yet.
        expect(
          known.archivedTick === undefined || known.archivedTick > tick,
          `${got.instanceId} is listed after its archive answered`,
        );
        checkInstance(got, model, {
          settled: known.owner === client.index,
          archivedAtStart: false,
        });
      }
    },
  },
  {
    name: 'instances.archive',
    weight: 3,
    ready: (client) => client.live.length > 2 || client.archived.length > 0,
    async run(client, model) {
      const again = client.archived.length > 0 &&
        (client.live.length <= 2 || client.random() < 0.1);
      if (again) {
        // Archiving again answers ok and changes nothing.
        const id = pick(client, client.archived);
        expectEqual(await client.roj.instances.archive(id), { ok: true }, 'archive again');
        return;
      }
      const [id] = client.live.splice(Math.floor(client.random() * client.live.length), 1);
      model.archiveIssued();
      expectEqual(await client.roj.instances.archive(id), { ok: true }, 'archive');
      model.instanceArchived(id);
      client.archived.push(id);
    },
  },
  {
    name: 'instances.status',
    weight: 3,
    ready: (client) => client.live.length + client.archived.length > 0,
    async run(client, model) {
      const instance = model.instances.get(pick(client, ownInstances(client)))!;
      const status = await client.roj.instances.getStatus(instance.id);
      expect(
        (status.status === 'archived') === instance.archived,
        `${instance.id}: status ${status.status}`,
      );
      expectEqual(status.sessions.map((s) => s.id), instance.sessions, `${instance.id} sessions`);
      const events = status.lifecycleEvents.map((e) => e.event);
      expect(
        events.includes('instance.archived') === instance.archived,
        `${instance.id}: lifecycle ${events.join(', ')}`,
      );
      expect(
        events.filter((e) => e === 'session.created').length === instance.sessions.length,
        `${instance.id}: ${instance.sessions.length} sessions but events ${events.join(', ')}`,
      );
    },
  },
  {
    name: 'sessions.create',
    weight: 8,
    ready: (client) => client.live.length > 0,
    async run(client, model) {
      const instanceId = pick(client, client.live);
      const blocking = client.random() < 0.5;
      const created = await client.roj.sessions.create({
        instanceId,
        presetId: 'default',
        blocking,
      });
      if (blocking) expect(created.status === 'active', `blocking session is ${created.status}`);
      model.sessionCreated(instanceId, created.sessionId);
    },
  },
  {
    name: 'sessions.list',
    weight: 12,
    ready: (_, model) => model.instanceIds.length > 0,
    async run(client, model) {
      const instance = model.instances.get(pick(client, model.instanceIds))!;
      const before = [...instance.sessions];
      const { sessions } = await client.roj.sessions.list(instance.id);
      const ids = sessions.map((s) => s.id);
      if (instance.owner === client.index) {
        expectEqual(ids, before, `${instance.id} sessions`);
      } else {
        // Its owner may have a create in flight: what was acknowledged comes first, in order.
        expectEqual(ids.slice(0, before.length), before, `${instance.id} sessions`);
      }
    },
  },
  {
    name: 'tokens.create',
    weight: 6,
    ready: (client) => client.live.length > 0,
    async run(client, model) {
      const instanceId = pick(client, client.live);
      const expiresIn = 3600 + Math.floor(client.random() * 600_000);
      const sent = Date.now();
      const minted = await client.roj.tokens.create({ instanceId, expiresIn });
      const expiresAt = Date.parse(minted.expiresAt);
      expect(
        expiresAt >= sent + expiresIn * 1000 - 1000 &&
          expiresAt <= Date.now() + expiresIn * 1000 + 1000,
        `a token for ${expiresIn} s expires at ${minted.expiresAt}`,
      );
      model.tokenCreated(instanceId, minted.token);
    },
  },
  {
    name: 'token.use',
    weight: 5,
    ready: (client, model) =>
      ownInstances(client).some((id) => model.instances.get(id)!.tokens.length > 0),
    async run(client, model) {
      const owned = ownInstances(client).filter((id) => model.instances.get(id)!.tokens.length > 0);
      const instance = model.instances.get(pick(client, owned))!;
      const outcome = await useToken(instance, pick(client, instance.tokens), client);
      expectEqual(outcome, tokenOutcome(instance), `a token of ${instance.id}`);
    },
  },
  {
    name: 'resources.create',
    weight: 3,
    ready: () => true,
    async run(client, model) {
      const n = client.serial++;
      const file = await upload(client, n);
      const slug = `load-${client.index}-${n}`;
      const name = `Resource ${client.index}.${n}`;
      const created = await client.roj.resources.create({
        slug,
        name,
        fileId: file.id,
        label: 'v1',
      });
      const resource: ModelResource = {
        id: created.resourceId,
        slug,
        name,
        owner: client.index,
        revisions: [{ id: created.revisionId, label: 'v1', file }],
      };
      try {
        model.resourceCreated(resource);
      } catch (error) {
        throw new MismatchError((error as Error).message);
      }
      client.resources.push(resource.id);
    },
  },
  {
    name: 'resources.addRevision',
    weight: 1,
    ready: (client) => client.resources.length > 0,
    async run(client, model) {
      const resource = model.resources.get(pick(client, client.resources))!;
      const file = await upload(client, client.serial++);
      const label = `v${resource.revisions.length + 1}`;
      const by = client.random() < 0.5
        ? { resourceId: resource.id }
        : { resourceSlug: resource.slug };
      const { revisionId } = await client.roj.resources.addRevision({
        ...by,
        fileId: file.id,
        label,
      });
      model.revisionAdded(resource.id, { id: revisionId, label, file });
    },
  },
  {
    name: 'resources.get',
    weight: 3,
    ready: (client) => client.resources.length > 0,
    async run(client, model) {
      const resource = model.resources.get(pick(client, client.resources))!;
      const by = client.random() < 0.5
        ? { resourceId: resource.id }
        : { resourceSlug: resource.slug };
      const got = await client.roj.resources.get(by);
      expectEqual(withoutTimes(got), resourceView(resource), resource.id);
    },
  },
  {
    name: 'resources.list',
    weight: 3,
    ready: () => true,
    async run(client, model) {
      const limit = 1 + Math.floor(client.random() * 100);
      const offset = Math.floor(client.random() * (model.resources.size + 20));
      const tick = model.tick();
      const { resources } = await client.roj.resources.list({ limit, offset });
      expect(resources.length <= limit, `${resources.length} resources for limit ${limit}`);
      for (const got of resources) {
        const deleted = model.deletedResources.get(got.id);
        expect(deleted === undefined || deleted > tick, `${got.id} is listed after its delete`);
        const known = model.resources.get(got.id);
        if (known?.owner === client.index) {
          expectEqual(withoutTimes(got), resourceView(known), got.id);
        }
      }
    },
  },
  {
    name: 'resources.delete',
    weight: 1,
    ready: (client) => client.resources.length > 3,
    async run(client, model) {
      const [id] = client.resources.splice(
        Math.floor(client.random() * client.resources.length),
        1,
      );
      expectEqual(await client.roj.resources.delete(id), { ok: true }, `delete ${id}`);
      model.resourceDeleted(id);
      const gone = await client.roj.resources.get({ resourceId: id }).then(
        () => 'found',
        (error) => error instanceof RojApiError ? error.type : String(error),
      );
      expect(gone === 'not_found', `${id} after its delete: ${gone}`);
    },
  },
];

async function upload(client: LoadClient, n: number): Promise<ModelRevision['file']> {
  const size = 1 + Math.floor(client.random() * 2048);
  const bytes = new Uint8Array(size).map(() => Math.floor(client.random() * 256));
  const mimeType = pick(client, ['application/octet-stream', 'text/plain']);
  const filename = `load-${client.index}-${n}.bin`;
  const uploaded = await client.roj.files.upload(new Blob([bytes], { type: mimeType }), filename);
  const file = { id: uploaded.fileId, filename, mimeType, size };
  expectEqual(
    { filename: uploaded.filename, mimeType: uploaded.mimeType, size: uploaded.size },
    { filename, mimeType, size },
    `upload of ${filename}`,
  );
  return file;
}

function ownInstances(client: LoadClient): string[] {
  return [...client.live, ...client.archived];
}

function randomMetadata(client: LoadClient, n: number): Record<string, unknown> {
  return {
    client: client.index,
    n,
    tag: pick(client, ['a', 'é', '"quoted"', '\\', '🚀', '']),
    nested: { ratio: Math.round(client.random() * 1e6) / 1e3, flags: [true, false, null] },
  };
}

function pick<T>(client: LoadClient, items: readonly T[]): T {
  return items[Math.floor(client.random() * items.length)];
}
