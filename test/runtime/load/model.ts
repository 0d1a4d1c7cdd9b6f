/**
 * The model of what the mock acknowledged during a load run: every create that answered ok, every
 * archive, session, token, upload, resource revision and resource delete. Only acknowledged writes
 * enter it, so at the end the mock's state must equal it exactly: a record the model has and the
 * mock lacks is a lost write, one the mock has and the model lacks is a phantom.
 *
 * It also keeps the counters that bound what a concurrent read may see (see
 * {@linkcode LoadModel.liveBounds}).
 *
 * @module
 */

/** An instance as acknowledged. */
export interface ModelInstance {
  /** Its id, from `instances.create`. */
  id: string;
  /** The name it was created with. */
  name: string;
  /** The version control it was created with. */
  vcsType: 'github' | 'gitLocal' | 'none';
  /** The metadata it was created with, or `null`. */
  metadata: Record<string, unknown> | null;
  /** The client that created it; only that client writes to it. */
  owner: number;
  /** Whether an `instances.archive` of it answered ok. */
  archived: boolean;
  /** The model's {@linkcode LoadModel.tick} when that archive answered. */
  archivedTick?: number;
  /** Its sessions, in the order their creates were acknowledged (its owner creates them in turn). */
  sessions: string[];
  /** Instance tokens minted for it. */
  tokens: string[];
}

/** A resource as acknowledged. */
export interface ModelResource {
  /** Its id. */
  id: string;
  /** Its slug. */
  slug: string;
  /** Its name. */
  name: string;
  /** The client that created it. */
  owner: number;
  /** Its revisions, oldest first: the last is the one `resources.get` shows. */
  revisions: ModelRevision[];
}

/** A resource revision as acknowledged, with the upload it points at. */
export interface ModelRevision {
  /** The revision id. */
  id: string;
  /** Its label. */
  label: string;
  /** The uploaded file. */
  file: { id: string; filename: string; mimeType: string; size: number };
}

/** Counters of instance creates and first archives, issued and acknowledged. */
export interface LiveCounters {
  /** `instances.create` calls sent. */
  createsIssued: number;
  /** `instances.create` calls that answered ok. */
  createsAcked: number;
  /** First archives of an instance sent. */
  archivesIssued: number;
  /** First archives of an instance that answered ok. */
  archivesAcked: number;
}

/**
 * Everything a load run had acknowledged, and the counters of writes in flight.
 *
 * @example Record a create and an archive
 * ```ts
 * import assert from 'node:assert/strict';
 * import { LoadModel } from './model.ts';
 * const model = new LoadModel();
 * model.createIssued();
 * model.instanceCreated({ id: 'ins_1', name: 'a', vcsType: 'none', metadata: null, owner: 0 });
 * assert.deepEqual(model.liveBounds(model.counters(), model.counters()), { min: 1, max: 1 });
 * model.archiveIssued();
 * model.instanceArchived('ins_1');
 * assert.equal(model.liveInstances().length, 0);
 * ```
 */
export class LoadModel {
  /** Instances by id, archived ones included. */
  readonly instances: Map<string, ModelInstance> = new Map();
  /** Their ids in the order their creates answered, to pick from at random. */
  readonly instanceIds: string[] = [];
  /** Resources by id, deleted ones removed. */
  readonly resources: Map<string, ModelResource> = new Map();
  /** Ids of resources whose delete was acknowledged, with the tick it answered at. */
  readonly deletedResources: Map<string, number> = new Map();
  #tick = 0;
  #counters: LiveCounters = {
    createsIssued: 0,
    createsAcked: 0,
    archivesIssued: 0,
    archivesAcked: 0,
  };

  /** Counts an `instances.create` about to be sent. */
  createIssued(): void {
    this.#counters.createsIssued++;
  }

  /**
   * Records an acknowledged `instances.create`.
   *
   * @param instance The instance as created; it has no sessions or tokens yet.
   * @throws {Error} When the id was acknowledged before: two creates answered the same id.
   */
  instanceCreated(instance: Omit<ModelInstance, 'archived' | 'sessions' | 'tokens'>): void {
    if (this.instances.has(instance.id)) {
      throw new Error(`Two acknowledged creates answered the id ${instance.id}`);
    }
    this.instances.set(instance.id, { ...instance, archived: false, sessions: [], tokens: [] });
    this.instanceIds.push(instance.id);
    this.#counters.createsAcked++;
  }

  /** Counts the first `instances.archive` of an instance, about to be sent. */
  archiveIssued(): void {
    this.#counters.archivesIssued++;
  }

  /**
   * Records an acknowledged first archive.
   *
   * @param id The instance.
   * @throws {Error} When the instance is unknown or already archived.
   */
  instanceArchived(id: string): void {
    const instance = this.#instance(id);
    if (instance.archived) throw new Error(`Instance ${id} was archived twice as a first archive`);
    instance.archived = true;
    instance.archivedTick = ++this.#tick;
    this.#counters.archivesAcked++;
  }

  /**
   * Records an acknowledged session.
   *
   * @param instanceId Its instance.
   * @param sessionId The session.
   * @throws {Error} When the instance is unknown.
   */
  sessionCreated(instanceId: string, sessionId: string): void {
    this.#instance(instanceId).sessions.push(sessionId);
  }

  /**
   * Records an acknowledged instance token.
   *
   * @param instanceId Its instance.
   * @param token The token.
   * @throws {Error} When the instance is unknown.
   */
  tokenCreated(instanceId: string, token: string): void {
    this.#instance(instanceId).tokens.push(token);
  }

  /**
   * Records an acknowledged `resources.create`.
   *
   * @param resource The resource with its first revision.
   * @throws {Error} When the id was acknowledged before.
   */
  resourceCreated(resource: ModelResource): void {
    if (this.resources.has(resource.id) || this.deletedResources.has(resource.id)) {
      throw new Error(`Two acknowledged creates answered the resource id ${resource.id}`);
    }
    this.resources.set(resource.id, resource);
  }

  /**
   * Records an acknowledged `resources.addRevision`.
   *
   * @param resourceId The resource.
   * @param revision The new latest revision.
   * @throws {Error} When the resource is unknown.
   */
  revisionAdded(resourceId: string, revision: ModelRevision): void {
    this.#resource(resourceId).revisions.push(revision);
  }

  /**
   * Records an acknowledged `resources.delete`.
   *
   * @param resourceId The resource.
   * @throws {Error} When the resource is unknown.
   */
  resourceDeleted(resourceId: string): void {
    this.#resource(resourceId);
    this.resources.delete(resourceId);
    this.deletedResources.set(resourceId, ++this.#tick);
  }

  /**
   * The instances that are not archived.
   *
   * @returns Them, in no particular order.
   */
  liveInstances(): ModelInstance[] {
    return [...this.instances.values()].filter((i) => !i.archived);
  }

  /**
   * The number of acknowledged archives and resource deletes so far: a read sent at tick `t` must
   * not show an instance archived, or a resource deleted, at a tick up to `t` as live.
   *
   * @returns The tick now.
   */
  tick(): number {
    return this.#tick;
  }

  /**
   * A copy of the counters, to take before and after a concurrent read.
   *
   * @returns The counters now.
   */
  counters(): LiveCounters {
    return { ...this.#counters };
  }

  /**
   * The range `instances.list`'s `total` must fall in, for a call that started when the counters
   * were `start` and answered when they were `end`. The mock answers at one instant between the
   * two, when every create acknowledged before the start had happened and no create sent after
   * the end had; likewise for first archives.
   *
   * @param start The counters when the call was sent.
   * @param end The counters when it answered.
   * @returns The least and greatest `total` a correct mock can answer.
   */
  liveBounds(start: LiveCounters, end: LiveCounters): { min: number; max: number } {
    return {
      min: start.createsAcked - end.archivesIssued,
      max: end.createsIssued - start.archivesAcked,
    };
  }

  #instance(id: string): ModelInstance {
    const instance = this.instances.get(id);
    if (instance === undefined) throw new Error(`The model has no instance ${id}`);
    return instance;
  }

  #resource(id: string): ModelResource {
    const resource = this.resources.get(id);
    if (resource === undefined) throw new Error(`The model has no resource ${id}`);
    return resource;
  }
}
