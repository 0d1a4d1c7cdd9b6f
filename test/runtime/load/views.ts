/**
 * What the mock must answer for a record of the load model (./model.ts), and the checks that
 * compare an answer with it. The workload (./operations.ts) checks answers as they come; the
 * final comparison (./compare.ts) uses the same views.
 *
 * @module
 */
import { isDeepStrictEqual } from 'node:util';
import {
  createRojInstanceClient,
  type GetInstanceOutput,
  type GetResourceOutput,
  RojApiError,
} from '../../../mod.ts';
import type { LoadModel, ModelInstance, ModelResource } from './model.ts';
import { MismatchError } from './stats.ts';

/**
 * What `resources.get` must answer for a resource of the model, but for the times.
 *
 * @param resource The resource.
 * @returns The answer without `createdAt` fields.
 */
export function resourceView(resource: ModelResource): unknown {
  const latest = resource.revisions.at(-1)!;
  return {
    id: resource.id,
    slug: resource.slug,
    name: resource.name,
    description: null,
    latestRevision: { id: latest.id, label: latest.label, file: latest.file },
  };
}

/**
 * A resource answer without its times, to compare with {@linkcode resourceView}.
 *
 * @param got The answer.
 * @returns It without `createdAt` fields.
 */
export function withoutTimes(got: GetResourceOutput): unknown {
  const { createdAt: _, latestRevision, ...rest } = got;
  if (latestRevision === null) return { ...rest, latestRevision };
  const { createdAt: __, ...revision } = latestRevision;
  return { ...rest, latestRevision: revision };
}

/**
 * What using one of an instance's tokens on the instance endpoint must give: its sessions while
 * it is live, a conflict once it is archived (docs/roj-contract.md §2).
 *
 * @param instance The instance.
 * @returns The session ids, or the error type.
 */
export function tokenOutcome(instance: ModelInstance): string[] | string {
  return instance.archived ? 'conflict' : instance.sessions;
}

/**
 * Calls `listSessions` on the instance endpoint with a token.
 *
 * @param instance The instance.
 * @param token The token.
 * @param target The mock's origin, and the `fetch` to call it with.
 * @returns The session ids, or the error type.
 * @throws {RojApiError} When the call fails other than with a documented error answer.
 */
export async function useToken(
  instance: ModelInstance,
  token: string,
  target: { url: string; fetch?: typeof fetch },
): Promise<string[] | string> {
  const client = createRojInstanceClient({
    url: target.url,
    fetch: target.fetch,
    instanceId: instance.id,
    token,
    timeout: 30_000,
  });
  try {
    const { sessions } = await client.sessions.list();
    return sessions.map((s) => s.id);
  } catch (error) {
    if (error instanceof RojApiError && error.status >= 400 && error.status < 500) {
      return error.type;
    }
    throw error;
  }
}

/**
 * Compares an instance as the mock gave it with the model.
 *
 * @param got The mock's answer.
 * @param model The model.
 * @param when `settled`: the reader owns it, so its status is known; `archivedAtStart`: its
 * archive had answered when the read was sent.
 * @throws {MismatchError} When they differ.
 */
export function checkInstance(
  got: GetInstanceOutput,
  model: LoadModel,
  when: { settled: boolean; archivedAtStart: boolean },
): void {
  const want = model.instances.get(got.instanceId);
  if (want === undefined) throw new MismatchError(`${got.instanceId} is not in the model`);
  expectEqual(instanceView(got), expectedView(want), got.instanceId);
  const archived = got.status === 'archived';
  if (when.settled) expect(archived === want.archived, `${want.id}: status ${got.status}`);
  else if (when.archivedAtStart) expect(archived, `${want.id} is ${got.status} after its archive`);
  if (!archived) expect(got.status === 'ready', `${want.id}: status ${got.status}`);
}

/**
 * The fields of an instance that never change after its create.
 *
 * @param got An instance as the mock gives it.
 * @returns Its id, name, template, bundle, revision, version control and metadata.
 */
export function instanceView(got: GetInstanceOutput): unknown {
  const { instanceId, name, templateSlug, bundleSlug, bundleRevisionId, vcsType, metadata } = got;
  return { instanceId, name, templateSlug, bundleSlug, bundleRevisionId, vcsType, metadata };
}

/**
 * What {@linkcode instanceView} must give for an instance of the model (default seed).
 *
 * @param want The instance in the model.
 * @returns The view.
 */
export function expectedView(want: ModelInstance): unknown {
  return {
    instanceId: want.id,
    name: want.name,
    templateSlug: 'starter',
    bundleSlug: 'starter',
    bundleRevisionId: 'rev_starter_1',
    vcsType: want.vcsType,
    metadata: want.metadata,
  };
}

/**
 * Throws a mismatch unless the condition holds.
 *
 * @param condition What must hold.
 * @param message What is wrong when it does not.
 * @throws {MismatchError} When it does not hold.
 */
export function expect(condition: boolean, message: string): asserts condition {
  if (!condition) throw new MismatchError(message);
}

/**
 * Throws a mismatch unless two values are deeply equal.
 *
 * @param actual What the mock answered.
 * @param expected What the model says.
 * @param what Names the record, for the message.
 * @throws {MismatchError} When they differ, with both values.
 */
export function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (!isDeepStrictEqual(actual, expected)) {
    throw new MismatchError(
      `${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`,
    );
  }
}
