/**
 * What the suite must know of a target it cannot learn from the API: the
 * templates, bundles and presets it was seeded with, and its upload size
 * limit. The reference mock is built from the same, so both sides start from
 * the same catalogue. The defaults fit the mock's defaults.
 *
 * @module
 */
import { defaultSeed, type MockSeed } from '../mock-server/roj/seed.ts';

/** The target's catalogue and limits. */
export interface ConformanceConfig extends MockSeed {
  /** The target's upload body limit in bytes. Default: 25 MiB, the mock's. */
  uploadLimitBytes?: number;
}

/**
 * The default configuration: the mock's default seed and limits.
 *
 * @returns A fresh copy.
 *
 * @example Describe a target whose upload limit is smaller than the mock's
 * ```ts
 * import assert from 'node:assert/strict';
 * import { defaultConfig } from './config.ts';
 * const config = { ...defaultConfig(), uploadLimitBytes: 1024 * 1024 };
 * assert.equal(config.templates[0]?.slug, 'starter');
 * assert.notEqual(defaultConfig().uploadLimitBytes, config.uploadLimitBytes);
 * ```
 */
export function defaultConfig(): ConformanceConfig {
  return { ...defaultSeed(), uploadLimitBytes: 25 * 1024 * 1024 };
}

/**
 * Builds the reference mock's options from a configuration.
 *
 * @param config The configuration.
 * @returns The seed and limits to create the reference with.
 */
export function referenceOptions(
  config: ConformanceConfig,
): { seed: MockSeed; limits: { uploadBytes: number } } {
  const { templates, bundles, presets } = config;
  return {
    seed: { templates, bundles, presets },
    limits: { uploadBytes: config.uploadLimitBytes ?? 25 * 1024 * 1024 },
  };
}
