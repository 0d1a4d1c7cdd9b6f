/**
 * The rows of the `memory` scenario, from its readings: the mock's RSS with
 * a large store against the 250 MB budget, and the heap it keeps per instance
 * against the bare baseline's wire records.
 *
 * Per-record figures are differences between two servers of one run, a store
 * and an empty one, so the runtime's own footprint cancels out.
 *
 * @module
 */
import { type BenchRow, limitRow, row } from '../report.ts';

/** What one server held, read once it was seeded and had settled. */
export interface StoreReading {
  /** Instances in its store. */
  instances: number;
  /** Sessions in its store. */
  sessions: number;
  /** Resident set size, in bytes. */
  rssBytes: number;
  /** V8 heap in use after a full collection, in bytes. */
  heapUsedBytes: number;
  /** How long seeding took, in milliseconds. */
  seedMs?: number;
}

/** The readings of one run of the scenario. */
export interface MemoryReadings {
  /** The mock on Deno: empty, with instances only, and with instances and sessions. */
  deno: { empty: StoreReading; instances: StoreReading; full: StoreReading };
  /** The bare baseline's store on Deno: empty, and with as many instances. */
  bare: { empty: StoreReading; full: StoreReading };
  /** The mock on Bun with the full store, when measured. */
  bun?: StoreReading;
}

/** Options of {@linkcode memoryRows}. */
export interface MemoryRowsOptions {
  /** The scenario's name. */
  scenario: string;
  /** Whether the store is the one the budget is about (full runs); else RSS is informative. */
  budgeted: boolean;
  /** The RSS budget, in MB (10⁶ bytes). */
  limitMB: number;
}

const MB = 1e6;

/**
 * Computes the rows.
 *
 * @param readings The servers' readings.
 * @param options The scenario's name, whether the RSS rows carry the budget, and the budget.
 * @returns The RSS row for Deno, the RSS row for Bun when read, and the heap-per-instance row.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { memoryRows } from './memory-rows.ts';
 * const r = (instances: number, sessions: number, rssMB: number, heapMB: number) => ({
 *   instances, sessions, rssBytes: rssMB * 1e6, heapUsedBytes: heapMB * 1e6,
 * });
 * const rows = memoryRows({
 *   deno: { empty: r(0, 0, 70, 10), instances: r(1e5, 0, 280, 80), full: r(1e5, 1e5, 360, 120) },
 *   bare: { empty: r(0, 0, 50, 4), full: r(1e5, 0, 80, 24) },
 * }, { scenario: 'memory', budgeted: true, limitMB: 250 });
 * assert.equal(rows[0].figure.value, 360);
 * assert.equal(rows[0].pass, false);
 * assert.equal(rows[1].figure.value, 700);
 * assert.equal(rows[1].comparison.value, 200);
 * ```
 */
export function memoryRows(readings: MemoryReadings, options: MemoryRowsOptions): BenchRow[] {
  const { deno, bare } = readings;
  const rows: BenchRow[] = [rssRow('Deno', deno.full, options, deno.empty)];
  if (readings.bun) rows.push(rssRow('Bun', readings.bun, options));
  const perInstance = perRecord(
    deno.instances.heapUsedBytes,
    deno.empty.heapUsedBytes,
    deno.instances.instances,
  );
  const perSession = perRecord(
    deno.full.heapUsedBytes,
    deno.instances.heapUsedBytes,
    deno.full.sessions,
  );
  const pairRss = perRecord(deno.full.rssBytes, deno.empty.rssBytes, deno.full.instances);
  rows.push(row({
    scenario: options.scenario,
    name: 'Deno: mock heap per instance',
    figure: { value: perInstance, unit: 'B' },
    comparison: {
      name: 'bare Map of wire records',
      value: perRecord(bare.full.heapUsedBytes, bare.empty.heapUsedBytes, bare.full.instances),
      unit: 'B',
    },
    notes: `V8 heap in use after a full GC, (${count(deno.instances.instances)} instances − ` +
      `empty) / ${count(deno.instances.instances)}, against the bare baseline's store of ` +
      `instances.get answers measured the same way; per session ${Math.round(perSession)} B ` +
      `more; RSS per instance + session ${Math.round(pairRss)} B`,
  }));
  return rows;
}

/**
 * What each record of a store costs: the difference between a store and a smaller one of the
 * same run, divided by the records between them.
 *
 * @param bigBytes The reading with the records.
 * @param smallBytes The reading without them.
 * @param records How many records the big store has more.
 * @returns Bytes per record.
 * @throws {RangeError} When `records` is not positive.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { perRecord } from './memory-rows.ts';
 * assert.equal(perRecord(80e6, 10e6, 1e5), 700);
 * ```
 */
export function perRecord(bigBytes: number, smallBytes: number, records: number): number {
  if (!(records > 0)) throw new RangeError(`Records must be positive, got ${records}`);
  return (bigBytes - smallBytes) / records;
}

/**
 * A store's size for row names: `100k instances + 100k sessions`.
 *
 * @param instances Instances.
 * @param sessions Sessions.
 * @returns The label.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { storeLabel } from './memory-rows.ts';
 * assert.equal(storeLabel(10_000, 10_000), '10k instances + 10k sessions');
 * assert.equal(storeLabel(1_500, 0), '1.5k instances');
 * ```
 */
export function storeLabel(instances: number, sessions: number): string {
  return sessions > 0
    ? `${count(instances)} instances + ${count(sessions)} sessions`
    : `${count(instances)} instances`;
}

function count(n: number): string {
  return n >= 1000 ? `${n / 1000}k` : String(n);
}

function rssRow(
  runtime: string,
  full: StoreReading,
  options: MemoryRowsOptions,
  empty?: StoreReading,
): BenchRow {
  const name = `${runtime}: mock RSS, ${storeLabel(full.instances, full.sessions)}`;
  const figure = { value: full.rssBytes / MB, unit: 'MB' };
  const notes = [
    'RSS from /proc once settled, after seeding through the RPC endpoint and a full GC',
    empty ? `empty mock ${(empty.rssBytes / MB).toFixed(0)} MB` : undefined,
    empty ? `heap in use ${(full.heapUsedBytes / MB).toFixed(0)} MB` : undefined,
    full.seedMs === undefined ? undefined : `seeding ${(full.seedMs / 1000).toFixed(1)} s`,
    'MB = 10⁶ bytes',
  ].filter((n) => n !== undefined).join('; ');
  if (options.budgeted) {
    return limitRow({
      scenario: options.scenario,
      name,
      figure,
      limit: options.limitMB,
      label: `< ${options.limitMB} MB`,
      notes,
    });
  }
  if (empty === undefined) {
    throw new Error(`${runtime}: an informative RSS row needs the empty mock's reading`);
  }
  return row({
    scenario: options.scenario,
    name: `${name} (quick: informative)`,
    figure,
    comparison: { name: 'empty mock', value: empty.rssBytes / MB, unit: 'MB' },
    notes: `${notes}; the ${options.limitMB} MB budget is for the full run's 100k store`,
  });
}
