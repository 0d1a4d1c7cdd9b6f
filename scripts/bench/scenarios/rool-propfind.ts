/**
 * The Rool `PROPFIND` rows: `Depth: 1` over a drive collection of 10,000
 * files, with an empty body (`allprop`, RFC 4918 §9.1: the SDK's default and
 * the largest answer), timed request by request from the benchmark process.
 * The budget is under 50 ms; it is held against the median, and the 99th
 * percentile is reported against the same limit.
 *
 * @module
 */
import type { BenchServer } from '../process.ts';
import { type BenchRow, limitRow } from '../report.ts';
import type { BenchContext } from '../scenario.ts';
import { expectMultiStatus, timedDav } from './rool-dav.ts';
import { describeLatency, summarize } from './rool-stats.ts';

/** The space a PROPFIND lists: its ID and how many files its drive root holds. */
export interface PropfindTarget {
  /** The space. */
  spaceId: string;
  /** Files directly under `/rool-drive`. */
  files: number;
}

/**
 * Times `PROPFIND Depth: 1` of `/rool-drive` and gives its two rows.
 *
 * @param ctx The run's context (quick mode, progress).
 * @param server The WebDAV benchmark server.
 * @param target The seeded space.
 * @returns The median row and the 99th-percentile row, both against 50 ms.
 * @throws {Error} When an answer is not the full multistatus.
 */
export async function measurePropfind(
  ctx: BenchContext,
  server: BenchServer,
  target: PropfindTarget,
): Promise<BenchRow[]> {
  const count = ctx.quick ? 20 : 50;
  const deadline = performance.now() + (ctx.quick ? 5_000 : 20_000);
  const request = {
    method: 'PROPFIND',
    spaceId: target.spaceId,
    path: '/rool-drive',
    headers: { depth: '1' },
  };
  const what = `PROPFIND Depth 1 of ${target.files} files`;
  let bytes = 0;
  // The first answers warm the JIT and the connection; they are checked, not counted.
  for (let i = 0; i < 3; i++) {
    const answer = await timedDav(server, request);
    expectMultiStatus(what, answer, target.files + 1);
    bytes = answer.text.length;
  }
  const samples: number[] = [];
  while (samples.length < count && performance.now() < deadline) {
    const answer = await timedDav(server, request);
    expectMultiStatus(what, answer, target.files + 1);
    samples.push(answer.ms);
  }
  const summary = summarize(samples);
  ctx.progress(`${what}: ${describeLatency(summary)}`);
  const name = `Rool: PROPFIND Depth 1, ${target.files.toLocaleString('en-US')} entries`;
  const notes = `${summary.count} sequential requests after 3 warm-up ones, allprop, ` +
    `${(bytes / 1e6).toFixed(1)} MB answer; ${describeLatency(summary)}`;
  return [
    limitRow({
      scenario: 'rool',
      name: `${name}, median`,
      figure: { value: summary.p50, unit: 'ms' },
      limit: 50,
      label: '< 50 ms (median)',
      notes,
    }),
    limitRow({
      scenario: 'rool',
      name: `${name}, p99`,
      figure: { value: summary.p99, unit: 'ms' },
      limit: 50,
      label: '< 50 ms',
      notes,
    }),
  ];
}
