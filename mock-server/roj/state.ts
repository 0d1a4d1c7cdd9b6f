/**
 * The mock's in-memory state: every record, its indexes, and the seed it was
 * built from. Handlers read and change it; nothing else does.
 *
 * Times are epoch milliseconds from the injected clock; the wire format
 * (ISO 8601) is produced by the handlers.
 *
 * @module
 */
import type { SandboxState } from '../../src/roj/sandbox-state.ts';
import type { MockSeed } from './seed.ts';

/** An entry of an instance's lifecycle, oldest first. */
export interface LifecycleEvent {
  /** Event name, e.g. `instance.created`, `sandbox.paused`. */
  event: string;
  /** Extra detail, e.g. the sandbox id. */
  detail?: string;
  /** When it happened (ms). */
  at: number;
}

/** An instance. */
export interface InstanceRecord {
  /** The instance id (`ins_…`). */
  id: string;
  /** Display name. */
  name: string;
  /** The template it was created from. */
  templateSlug: string;
  /** The deployed bundle. */
  bundleSlug: string;
  /** The deployed bundle revision. */
  bundleRevisionId: string;
  /** Version control backing its workspace. */
  vcsType: 'github' | 'gitLocal' | 'none';
  /** Metadata given at creation, or `null`. */
  metadata: Record<string, unknown> | null;
  /** Creation time (ms). */
  createdAt: number;
  /** When it becomes `ready`; before that it is `initializing` (see docs/roj-contract.md). */
  readyAt: number;
  /** Set once archived. */
  archivedAt?: number;
  /**
   * Transitions recorded as they happen after creation; `instance.created`, `instance.initializing`
   * and `instance.ready` are derived from `createdAt` and `readyAt` (domain/lifecycle.ts).
   */
  events: LifecycleEvent[];
  /** Its sessions, oldest first. */
  sessionIds: string[];
  /** Its current sandbox, if it ever had one (possibly terminated). */
  sandboxId?: string;
}

/** A session. */
export interface SessionRecord {
  /** The session id (`ses_…`). */
  id: string;
  /** The instance it belongs to. */
  instanceId: string;
  /** The preset it was created with. */
  presetId: string;
  /** Creation time (ms). */
  createdAt: number;
  /** When it becomes `active`; before that it is `creating`. */
  activeAt: number;
}

/** A minted instance token; the token string itself is the map key. */
export interface TokenRecord {
  /** The instance the token grants access to. */
  instanceId: string;
  /** Expiry time (ms). */
  expiresAt: number;
  /** The origin the token is bound to, if any. */
  origin?: string;
  /** Custom claims given at minting. */
  meta?: Record<string, unknown>;
}

/** A node of a sandbox's in-memory file tree. */
export type FsNode = { kind: 'dir'; children: Map<string, FsNode> } | {
  kind: 'file';
  content: string;
};

/** A sandbox. */
export interface SandboxRecord {
  /** The sandbox id (`sbx_…`). */
  id: string;
  /** The instance it belongs to. */
  instanceId: string;
  /** Its lifecycle state. */
  state: SandboxState;
  /** Secret; only `validateSandboxToken` and the shell's `$ROJ_SANDBOX_TOKEN` reveal it. */
  token: string;
  /** The (simulated) provider id. */
  e2bId: string;
  /** Last move or command (ms). */
  lastActivityAt: number;
  /** The agent log, one entry per line. */
  log: string[];
  /** The shell's file tree, rooted at `/`. */
  fs: FsNode & { kind: 'dir' };
  /** The shell's working directory. */
  cwd: string;
}

/** An uploaded file. */
export interface FileRecord {
  /** The file id (`fil_…`). */
  id: string;
  /** The stored filename. */
  filename: string;
  /** The MIME type. */
  mimeType: string;
  /** Size in bytes. */
  size: number;
  /** The storage key. */
  r2Key: string;
  /** The bytes. */
  bytes: Uint8Array;
  /** Upload time (ms). */
  createdAt: number;
}

/** A revision of a resource. */
export interface ResourceRevisionRecord {
  /** The revision id (`rrv_…`). */
  id: string;
  /** Its label, or `null`. */
  label: string | null;
  /** The file it points at. */
  fileId: string;
  /** Creation time (ms). */
  createdAt: number;
}

/** A resource. */
export interface ResourceRecord {
  /** The resource id (`res_…`). */
  id: string;
  /** Its unique slug. */
  slug: string;
  /** Display name, or `null`. */
  name: string | null;
  /** Description, or `null`. */
  description: string | null;
  /** Creation time (ms). */
  createdAt: number;
  /** Oldest first; the last is the latest. */
  revisions: ResourceRevisionRecord[];
}

/** A bundle revision. */
export interface BundleRevisionRecord {
  /** The revision id. */
  id: string;
  /** Version label, or `null`. */
  version: string | null;
  /** The storage key of the bundle archive. */
  r2Key: string;
  /** Creation time (ms). */
  createdAt: number;
}

/** A bundle. */
export interface BundleRecord {
  /** The bundle id. */
  id: string;
  /** Its unique slug. */
  slug: string;
  /** Display name, or `null`. */
  name: string | null;
  /** Description, or `null`. */
  description: string | null;
  /** Creation time (ms). */
  createdAt: number;
  /** Oldest first; the last is the latest. */
  revisions: BundleRevisionRecord[];
}

/** Everything the mock holds. */
export interface RojState {
  /** The seed the state was built from. */
  seed: MockSeed;
  /** Seeded templates by slug. */
  templates: Map<string, MockSeed['templates'][number]>;
  /** Seeded presets by id. */
  presets: Map<string, MockSeed['presets'][number]>;
  /** Bundles by id, deleted ones removed. */
  bundles: Map<string, BundleRecord>;
  /** Bundle ids by slug. */
  bundleIdBySlug: Map<string, string>;
  /** Bundle ids in listing order. */
  bundleOrder: string[];
  /** Every instance by id, archived ones included. */
  instances: Map<string, InstanceRecord>;
  /** Ids of instances that are not archived, oldest first: `instances.list` pages it from the end. */
  liveInstanceOrder: string[];
  /** Sessions by id. */
  sessions: Map<string, SessionRecord>;
  /** Minted instance tokens, keyed by the token. */
  tokens: Map<string, TokenRecord>;
  /** Sandboxes by id. */
  sandboxes: Map<string, SandboxRecord>;
  /** Uploaded files by id. */
  files: Map<string, FileRecord>;
  /** Resources by id. */
  resources: Map<string, ResourceRecord>;
  /** Resource ids by slug. */
  resourceIdBySlug: Map<string, string>;
  /** Resource ids, oldest first. */
  resourceOrder: string[];
  /** Next sequence number per id prefix. */
  sequences: Map<string, number>;
}

/**
 * Builds fresh state from a seed.
 *
 * @param seed The seed; it is copied.
 * @param now The clock reading to stamp seeded records with (ms).
 * @returns The state.
 */
export function createState(seed: MockSeed, now: number): RojState {
  const state: RojState = {
    seed: structuredClone(seed),
    templates: new Map(seed.templates.map((t) => [t.slug, structuredClone(t)])),
    presets: new Map(seed.presets.map((p) => [p.id, structuredClone(p)])),
    bundles: new Map(),
    bundleIdBySlug: new Map(),
    bundleOrder: [],
    instances: new Map(),
    liveInstanceOrder: [],
    sessions: new Map(),
    tokens: new Map(),
    sandboxes: new Map(),
    files: new Map(),
    resources: new Map(),
    resourceIdBySlug: new Map(),
    resourceOrder: [],
    sequences: new Map(),
  };
  for (const b of seed.bundles) {
    const id = b.id ?? nextId(state, 'bun');
    const bundle: BundleRecord = {
      id,
      slug: b.slug,
      name: b.name,
      description: b.description,
      createdAt: now,
      revisions: b.revisions.map((r) => {
        const revisionId = r.id ?? nextId(state, 'rev');
        return {
          id: revisionId,
          version: r.version,
          r2Key: `bundles/${b.slug}/${revisionId}.zip`,
          createdAt: now,
        };
      }),
    };
    state.bundles.set(id, bundle);
    state.bundleIdBySlug.set(b.slug, id);
    state.bundleOrder.push(id);
  }
  return state;
}

/**
 * A new id with a prefix, unique for the state's life: `ins_000001`, `ses_000001`, ...
 *
 * @param state The state holding the sequences.
 * @param prefix The id prefix, e.g. `ins`.
 * @returns The id.
 */
export function nextId(state: RojState, prefix: string): string {
  const n = (state.sequences.get(prefix) ?? 0) + 1;
  state.sequences.set(prefix, n);
  return `${prefix}_${String(n).padStart(6, '0')}`;
}

/**
 * A new secret: a prefix and 32 random bytes, base64url.
 *
 * @param prefix The secret's prefix, e.g. `rjt` for instance tokens.
 * @returns The secret.
 */
export function newSecret(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const b64 = btoa(String.fromCharCode(...bytes)).replaceAll('+', '-').replaceAll('/', '_').replace(
    /=+$/,
    '',
  );
  return `${prefix}_${b64}`;
}

/**
 * Appends to one of a record's short lists (its lifecycle events, its sessions) and gives the
 * list to keep. While a list is short, it is copied at its exact size: a pushed-to array
 * reserves room for 16 more entries, which across 100k records that mostly hold one or two is
 * tens of MB. Past `exactUpTo` entries it is pushed to, so appending stays amortized O(1) for a
 * record that collects thousands.
 *
 * @param list The list.
 * @param item What to append.
 * @returns The list with the item: a copy while short, else `list` itself.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { appendCompact } from './state.ts';
 * let list: number[] = [];
 * for (let i = 0; i < 20; i++) list = appendCompact(list, i);
 * assert.deepEqual(list, Array.from({ length: 20 }, (_, i) => i));
 * ```
 */
export function appendCompact<T>(list: T[], item: T): T[] {
  if (list.length >= exactUpTo) {
    list.push(item);
    return list;
  }
  return [...list, item];
}

const exactUpTo = 8;

/**
 * Compares two secrets in time independent of where they differ.
 *
 * @param a One secret.
 * @param b The other.
 * @returns Whether they are equal.
 */
export function sameSecret(a: string, b: string): boolean {
  // Over UTF-16 code units, without encoding: every request compares its key this way.
  // `charCodeAt` past the end is NaN, and `NaN | 0` is 0, so the loop never branches on content.
  let diff = a.length ^ b.length;
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}

/**
 * Formats a clock reading for the wire.
 *
 * @param ms Epoch milliseconds.
 * @returns ISO 8601 in UTC, e.g. `2026-11-21T07:13:00.000Z`.
 */
export function iso(ms: number): string {
  // Formatting a date costs as much as the rest of an `instances.get` handler, and records
  // share their timestamps (many per millisecond, read again and again): keep recent ones.
  let text = isoCache.get(ms);
  if (text === undefined) {
    text = new Date(ms).toISOString();
    if (isoCache.size >= isoCacheSize) isoCache.clear();
    isoCache.set(ms, text);
  }
  return text;
}

const isoCacheSize = 4096;
const isoCache = new Map<number, string>();
