/**
 * The Roj conformance suite, as a library: property-based, differential
 * testing of a Roj deployment against the contract. Random command sequences
 * run on the target and on a reference (a fresh in-process mock by default);
 * every answer is compared field by field under declared rules and checked
 * against the OpenAPI document. A divergence is shrunk to a minimal sequence,
 * which {@linkcode formatReport} prints as a replay with the command line
 * that reproduces it.
 *
 * Run it from the command line with `deno task conformance`, or inside your
 * own Deno, Bun or `node:test` tests with {@linkcode runConformance}.
 *
 * @example In a test, against an in-process mock
 * ```ts
 * import assert from 'node:assert/strict';
 * import { formatReport, runConformance } from './mod.ts';
 * import { createMockServer } from '../mock-server/mod.ts';
 *
 * const mock = createMockServer();
 * const target = { url: 'http://target.test', apiKey: 'roj_dev_key', fetch: mock.fetch };
 * const result = await runConformance({ target, runs: 10, seed: 42 });
 * assert.ok(result.ok, formatReport(result, { target: target.url }));
 * ```
 *
 * @example Against a deployment, with a JUnit report
 * ```ts ignore
 * import { writeFile } from 'node:fs/promises';
 * import { formatJUnit, formatReport, runConformance } from '@roj/sdk/conformance';
 *
 * const target = { url: 'https://staging.example.com', apiKey: process.env.ROJ_API_KEY! };
 * const result = await runConformance({ target, ratePerSecond: 20, budget: 5_000 });
 * await writeFile('conformance.xml', formatJUnit(result, { target: target.url }));
 * if (!result.ok) throw new Error(formatReport(result, { target: target.url }));
 * ```
 *
 * @module
 */
export {
  type ConformanceOptions,
  type ConformanceResult,
  type Endpoint,
  type Progress,
  runConformance,
} from './run.ts';
export type { ProductName } from './products/mod.ts';
export { type ConformanceConfig, defaultConfig } from './config.ts';

export {
  formatJson,
  formatJUnit,
  formatReport,
  replayCommand,
  type ReportOptions,
} from './report.ts';
export type { Step } from './pair.ts';
export type { Exchange } from './side.ts';
export type { ConcreteRequest } from './call.ts';
export type { Difference } from './compare.ts';
export type {
  MockSeed,
  SeedBundle,
  SeedBundleRevision,
  SeedPreset,
  SeedService,
  SeedTemplate,
} from '../mock-server/roj/seed.ts';
