/**
 * The Rool `sync-collection` rows (RFC 6578): a sync since a token costs the
 * changes since it, not the size of the tree.
 *
 * The same 10 changes are synced in a small tree and in a tree 10 or 100
 * times larger, one request of each in turn so noise falls on both alike;
 * the row is the large tree's median over the small one's, at most 1.5×. The
 * two answers are the same size, so anything the tree's size costs shows as
 * the ratio: an O(n) scan of the larger tree would put it at 10–100×, while
 * 1.5× leaves room for what a larger heap costs a sub-millisecond request
 * (cache misses, a longer log to binary-search) and for timer noise.
 *
 * A second row, without a budget, shows the cost following the changes:
 * 1,000 changes against 10 in the same large tree.
 *
 * @module
 */
import type { BenchServer } from '../process.ts';
import { type BenchRow, row } from '../report.ts';
import type { BenchContext } from '../scenario.ts';
import { expectMultiStatus, timedDav } from './rool-dav.ts';
import { describeLatency, summarize } from './rool-stats.ts';

/** A seeded tree, as the WebDAV benchmark server reports it (../servers/rool-webdav.ts). */
export interface SyncTree {
  /** The space. */
  spaceId: string;
  /** Files directly under `/rool-drive`. */
  files: number;
  /** A token taken before every change. */
  allChangesToken: string;
  /** A token taken before the last few changes. */
  recentChangesToken: string;
}

/** The trees and how many changes each token is behind. */
export interface SyncTargets {
  /** The small tree. */
  small: SyncTree;
  /** The large tree. */
  large: SyncTree;
  /** Changes since `allChangesToken`. */
  changes: number;
  /** Changes since `recentChangesToken`. */
  recent: number;
}

/**
 * A sync-collection body: the immediate members changed since a token, with their ETags (what a
 * syncing client asks for).
 *
 * @param token The sync token.
 * @returns The XML.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { syncBody } from './rool-sync.ts';
 * assert.match(syncBody('urn:t:1'), /<D:sync-token>urn:t:1<\/D:sync-token><D:sync-level>1</);
 * ```
 */
export function syncBody(token: string): string {
  return '<?xml version="1.0" encoding="utf-8"?><D:sync-collection xmlns:D="DAV:">' +
    `<D:sync-token>${token}</D:sync-token><D:sync-level>1</D:sync-level>` +
    '<D:prop><D:getetag/></D:prop></D:sync-collection>';
}

/**
 * Times the syncs and gives the two rows.
 *
 * @param ctx The run's context (quick mode, progress).
 * @param server The WebDAV benchmark server.
 * @param targets The two trees and their tokens.
 * @returns The size row (with its budget) and the changes row (informative).
 * @throws {Error} When an answer is not the expected changes.
 */
export async function measureSync(
  ctx: BenchContext,
  server: BenchServer,
  targets: SyncTargets,
): Promise<BenchRow[]> {
  const rounds = ctx.quick ? 20 : 50;
  const deadline = performance.now() + (ctx.quick ? 4_000 : 15_000);
  const sync = async (tree: SyncTree, token: string, changes: number) => {
    const answer = await timedDav(server, {
      method: 'REPORT',
      spaceId: tree.spaceId,
      path: '/rool-drive',
      headers: { depth: '0', 'content-type': 'application/xml' },
      body: syncBody(token),
    });
    expectMultiStatus(
      `sync-collection of ${changes} changes in ${tree.files} files`,
      answer,
      changes,
    );
    return answer.ms;
  };
  const { small, large, changes, recent } = targets;
  const times = { small: [] as number[], large: [] as number[], many: [] as number[] };
  // Warm-up, checked, not counted.
  for (let i = 0; i < 3; i++) {
    await sync(small, small.recentChangesToken, recent);
    await sync(large, large.recentChangesToken, recent);
    await sync(large, large.allChangesToken, changes);
  }
  for (let i = 0; i < rounds && performance.now() < deadline; i++) {
    // The two trees swap places each round, so whatever the previous request left (garbage to
    // collect) falls on each of them alike.
    const order = i % 2 === 0 ? ['small', 'large'] as const : ['large', 'small'] as const;
    for (const which of order) {
      const tree = which === 'small' ? small : large;
      times[which].push(await sync(tree, tree.recentChangesToken, recent));
    }
    times.many.push(await sync(large, large.allChangesToken, changes));
  }
  const [s, l, m] = [summarize(times.small), summarize(times.large), summarize(times.many)];
  const size = (n: number) => n.toLocaleString('en-US');
  ctx.progress(`sync of ${recent} changes, ${size(small.files)} files: ${describeLatency(s)}`);
  ctx.progress(`sync of ${recent} changes, ${size(large.files)} files: ${describeLatency(l)}`);
  ctx.progress(`sync of ${changes} changes, ${size(large.files)} files: ${describeLatency(m)}`);
  const inTurn = `medians of ${s.count} requests each, taken in turn`;
  return [
    row({
      scenario: 'rool',
      name: `Rool: sync-collection of ${recent} changes, ${size(large.files)}-entry tree`,
      figure: { value: l.p50, unit: 'ms' },
      comparison: { name: `${size(small.files)}-entry tree`, value: s.p50, unit: 'ms' },
      budget: { kind: 'at-most', ratio: 1.5, label: '≤ 1.5× (O(changes))' },
      notes: `${inTurn}; large ${describeLatency(l)}; small ${describeLatency(s)}`,
    }),
    row({
      scenario: 'rool',
      name: `Rool: sync-collection of ${size(changes)} changes, ${size(large.files)}-entry tree`,
      figure: { value: m.p50, unit: 'ms' },
      comparison: { name: `${recent} changes`, value: l.p50, unit: 'ms' },
      notes: `${inTurn}; grows with the changes (${changes / recent}× as many); ` +
        describeLatency(m),
    }),
  ];
}
