/**
 * The values the Roj examples of the docs page use, read from the mock's state when the page
 * asks: the seeded template, preset, service and bundle, and the newest instance, session,
 * sandbox, file and resource. Where none exists yet, the id the mock gives the next one (ids
 * are sequential, `ins_000001`…), so running the examples in their natural order (create an
 * instance, then read it) works on a fresh mock without edits. No id is written by hand, and no
 * secret (token, key) is ever among them.
 *
 * @module
 */
import { nextId, type RojState } from '../roj/state.ts';

/**
 * Optional properties the Roj examples show anyway: the id of the "by id or slug" inputs
 * (`resources.get`, `resources.addRevision`, `bundles.delete`), which need one of the two.
 */
export const rojOfferOptional: ReadonlySet<string> = new Set(['resourceId', 'bundleId']);

/**
 * The known values of the Roj examples, by property name.
 *
 * @param state The mock's state; only read.
 * @returns Values for `templateSlug`, `presetId`, `serviceType`, `bundleId`, `bundleSlug`,
 * `bundleRevisionId`, `instanceId`, `sessionId`, `sandboxId`, `fileId`, `resourceId`, `slug`,
 * `name` and `command`, those the seed lacks left out.
 *
 * @example On a fresh mock, the ids the first records will get
 * ```ts
 * import assert from 'node:assert/strict';
 * import { createState } from '../roj/state.ts';
 * import { defaultSeed } from '../roj/seed.ts';
 * import { rojKnownValues } from './roj-known.ts';
 * const known = rojKnownValues(createState(defaultSeed(), 0));
 * assert.equal(known.templateSlug, 'starter');
 * assert.equal(known.instanceId, 'ins_000001');
 * ```
 */
export function rojKnownValues(state: RojState): Record<string, unknown> {
  const known: Record<string, unknown> = { name: 'Example', command: 'echo hello' };
  const [template] = state.templates.values();
  if (template) known.templateSlug = template.slug;
  const [preset] = state.presets.values();
  if (preset) {
    known.presetId = preset.id;
    if (preset.services[0]) known.serviceType = preset.services[0].serviceType;
  }
  const bundleId = state.bundleOrder[0];
  const bundle = bundleId === undefined ? undefined : state.bundles.get(bundleId);
  if (bundle) {
    known.bundleId = bundle.id;
    known.bundleSlug = bundle.slug;
    const revision = bundle.revisions.at(-1);
    if (revision) known.bundleRevisionId = revision.id;
  }
  const instanceId = state.liveInstanceOrder.at(-1);
  const instance = instanceId === undefined ? undefined : state.instances.get(instanceId);
  known.instanceId = instance?.id ?? upcomingId(state, 'ins');
  known.sessionId = instance?.sessionIds.at(-1) ?? upcomingId(state, 'ses');
  known.sandboxId = instance?.sandboxId ?? upcomingId(state, 'sbx');
  known.fileId = lastKey(state.files) ?? upcomingId(state, 'fil');
  known.resourceId = state.resourceOrder.at(-1) ?? upcomingId(state, 'res');
  known.slug = freeSlug(state);
  return known;
}

/** The id the mock will give the next record with this prefix; the state is left as it is. */
function upcomingId(state: RojState, prefix: string): string {
  return nextId({ ...state, sequences: new Map(state.sequences) }, prefix);
}

function lastKey<K>(map: ReadonlyMap<K, unknown>): K | undefined {
  let last: K | undefined;
  for (const key of map.keys()) last = key;
  return last;
}

/** A resource slug not taken yet, so `resources.create` succeeds. */
function freeSlug(state: RojState): string {
  if (!state.resourceIdBySlug.has('example')) return 'example';
  for (let n = 2;; n++) {
    if (!state.resourceIdBySlug.has(`example-${n}`)) return `example-${n}`;
  }
}
