/**
 * The normalisation rules, declared once per product: how each field of a
 * response is compared between target and reference. This file holds the rule
 * kinds and Roj's table; Rool's is in `rool/rules.ts`. Everything not listed is
 * compared exactly. The HTTP status and `error.type` are always compared; `error.path`
 * too; `error.message` never (wording is free).
 *
 * @module
 */

import type { EntityKind } from './model.ts';

/** How a field is compared. */
export type Rule =
  /** Equal values. */
  | { kind: 'exact' }
  /** Generated IDs: paired in creation order; the pairing must stay a bijection. */
  | { kind: 'id' }
  /** Opaque secrets: a non-empty string on both sides; compared by how they behave later. */
  | { kind: 'secret' }
  /** ISO 8601 UTC times: well-formed on both sides, not after the response arrived. */
  | { kind: 'timestamp' }
  /** Epoch-millisecond times: a number on both sides, not after the response arrived. */
  | { kind: 'epochMs' }
  /** Time of the request plus a TTL in seconds taken from the input (or a default). */
  | { kind: 'expiresAt'; ttlField: string; defaultSeconds: number }
  /** A pattern both values must match, e.g. a commit SHA. */
  | { kind: 'pattern'; pattern: RegExp }
  /** Strings embedding IDs: target IDs are rewritten to reference IDs, then compared. */
  | { kind: 'translate' }
  /**
   * URLs on each side's own origin: compared by path, with IDs rewritten. When both paths
   * have the form of `template`, its `{id}` segments are opaque IDs and are paired instead
   * (a service code may first appear inside a URL).
   */
  | { kind: 'url'; template?: string }
  /**
   * Text that may reveal a side's secret in a known form: `secret` (global, one capture group)
   * finds each side's secrets, which are paired in order, so they are compared by how they
   * behave later; then the text is compared as `translate`. A shell's `env` output and
   * `echo ROJ_SANDBOX_TOKEN=$ROJ_SANDBOX_TOKEN` reveal the sandbox token this way.
   */
  | { kind: 'revealing'; secret: RegExp }
  /** Progress states: equal, or both in `states` (a slower or faster deployment is fine). */
  | { kind: 'progress'; states: readonly string[] }
  /** Not compared. */
  | { kind: 'ignore' }
  /**
   * A page of a list that may hold foreign items (a long-lived target): the
   * run's own items come first, newest first, and match the reference's page;
   * foreign items fill the rest; the page's length follows from the baseline.
   */
  | { kind: 'ownPage'; idField: string; baseline: string; entity: EntityKind }
  /** A total that counts foreign items: the baseline plus the reference's total. */
  | { kind: 'baselineTotal'; baseline: string }
  /** A list of configured, seeded items: compared for the keys both sides have. */
  | { kind: 'seededList'; keyField: string }
  /**
   * An event log, compared item by item once the `optional` events are left out on both
   * sides: those a slower or faster deployment may not have reached yet, or orders elsewhere.
   */
  | { kind: 'events'; eventField: string; optional: readonly string[] }
  /** A time in either form (Rool): ISO 8601 UTC strings as `timestamp`, numbers as `epochMs`. */
  | { kind: 'anyTime' }
  /**
   * Free text a real deployment words its own way (an agent's answer): compared exactly only
   * when the call's input has the field `exactWhen` (a `responseSchema` makes it JSON), else a
   * string on both sides is enough.
   */
  | { kind: 'freeText'; exactWhen: string }
  /**
   * An object keyed by IDs (Rool's `interactions` by interaction ID): each target key is
   * translated through the ID pairing, then the objects are compared key by key, values under
   * the path `<path>{}`; the items of an array so named, too.
   */
  | { kind: 'keyedById' }
  /**
   * An object shared with what the run did not make (a user's storage on a long-lived target):
   * only keys starting with `conformance-<runTag>` are compared.
   */
  | { kind: 'runKeys' }
  /**
   * A list per caller that may hold foreign items (Rool's `spaces.list`): the run's own items
   * (IDs paired in this run) come first and match the reference's list in order; the number of
   * foreign items is the baseline `<baseline><caller index>` measured at the start.
   */
  | { kind: 'ownList'; idField: string; baseline: string };

const id: Rule = { kind: 'id' };
const timestamp: Rule = { kind: 'timestamp' };
const secret: Rule = { kind: 'secret' };
const translate: Rule = { kind: 'translate' };
const ignore: Rule = { kind: 'ignore' };
// A sandbox token as `env` prints it (contract §5.1): `ROJ_SANDBOX_TOKEN=<token>` on a line.
const shellText: Rule = { kind: 'revealing', secret: /^ROJ_SANDBOX_TOKEN=(.+)$/gm };
const instanceProgress: Rule = { kind: 'progress', states: ['created', 'initializing', 'ready'] };
const sessionProgress: Rule = { kind: 'progress', states: ['creating', 'active'] };

/** A product's rules: by field name, and by method and path (which win). */
export interface RuleTable {
  /** Rules by field name, wherever the field appears in a successful value. */
  fields: Readonly<Record<string, Rule>>;
  /**
   * Rules by method and path (`value.instances[].status`), which win over field rules.
   * Paths use `[]` for any array index.
   */
  paths: Readonly<Record<string, Readonly<Record<string, Rule>>>>;
}

/** Roj's rules by field name, wherever the field appears in a successful value. */
export const fieldRules: Readonly<Record<string, Rule>> = {
  id,
  instanceId: id,
  sessionId: id,
  sandboxId: id,
  fileId: id,
  resourceId: id,
  revisionId: id,
  bundleRevisionId: id,
  code: id,
  createdAt: timestamp,
  lastActivityAt: timestamp,
  expiresAt: timestamp,
  token: secret,
  wsToken: secret,
  commitSha: { kind: 'pattern', pattern: /^[0-9a-f]{40}$/ },
  // The only URLs are service URLs: `<origin>/services/<code>/` (contract §3, services.getUrl).
  url: { kind: 'url', template: '/services/{id}/' },
  r2Key: translate,
  // Opaque (contract §5): a deployment's E2B id need not embed the sandbox id.
  e2bId: id,
  detail: translate,
  logs: translate,
};

/** Roj's rules by method and path, which win over field rules. */
export const pathRules: Readonly<Record<string, Readonly<Record<string, Rule>>>> = {
  'instances.create': { 'value.status': instanceProgress },
  'instances.get': { 'value.status': instanceProgress },
  'instances.status': {
    'value.status': instanceProgress,
    'value.sessions[].status': sessionProgress,
    // The derived `instance.ready` event appears once the instance is ready: a progress detail.
    // Every other event must be there, in order (contract §3, instances.status).
    'value.lifecycleEvents': { kind: 'events', eventField: 'event', optional: ['instance.ready'] },
  },
  'instances.list': {
    'value.instances': {
      kind: 'ownPage',
      idField: 'instanceId',
      baseline: 'instances',
      entity: 'instance',
    },
    'value.instances[].status': instanceProgress,
    'value.total': { kind: 'baselineTotal', baseline: 'instances' },
  },
  'sessions.create': { 'value.status': sessionProgress },
  'sessions.list': { 'value.sessions[].status': sessionProgress },
  'listSessions': {
    'value.sessions[].status': sessionProgress,
    'value.sessions[].createdAt': { kind: 'epochMs' },
  },
  'execInSandbox': { 'value.stdout': shellText, 'value.stderr': shellText },
  'tokens.create': {
    'value.expiresAt': { kind: 'expiresAt', ttlField: 'expiresIn', defaultSeconds: 86400 },
  },
  'resources.list': {
    'value.resources': {
      kind: 'ownPage',
      idField: 'id',
      baseline: 'resources',
      entity: 'resource',
    },
  },
  'bundles.list': {
    'value.bundles': { kind: 'seededList', keyField: 'slug' },
    // A deployment's bundles carry its own names, versions and storage keys.
    'value.bundles[].name': ignore,
    'value.bundles[].description': ignore,
    'value.bundles[].latestRevision.version': ignore,
    'value.bundles[].latestRevision.r2Key': ignore,
  },
};

/** Roj's rules. */
export const rojRules: RuleTable = { fields: fieldRules, paths: pathRules };

/**
 * The rule for a field.
 *
 * @param table The product's rules.
 * @param at The call's label (method name), and the field's path with `[]` for array indices.
 * @returns The rule.
 */
export function ruleFor(table: RuleTable, at: { label: string; path: string }): Rule {
  const { label, path } = at;
  const byPath = table.paths[label]?.[path];
  if (byPath) return byPath;
  const field = path.slice(path.lastIndexOf('.') + 1).replace(/\[\]$/, '');
  return table.fields[field] ?? { kind: 'exact' };
}
