/**
 * Seed data: the templates, bundles and presets a mock starts with. The
 * default seed makes the README examples work as written.
 *
 * @module
 */

/** A template instances are created from. */
export interface SeedTemplate {
  /**
   * Unique slug, passed as `templateSlug`.
   * @minLength 1
   * @maxLength 100
   */
  slug: string;
  /** Display name. */
  name: string;
  /** Slug of the bundle an instance of this template deploys by default. */
  bundleSlug: string;
}

/** A revision of a bundle. */
export interface SeedBundleRevision {
  /**
   * Revision id; generated when absent.
   * @maxLength 100
   */
  id?: string;
  /** Version label, e.g. `1.0.0`. */
  version: string | null;
}

/** A deployable bundle. */
export interface SeedBundle {
  /**
   * Bundle id; generated when absent.
   * @maxLength 100
   */
  id?: string;
  /**
   * Unique slug.
   * @minLength 1
   * @maxLength 100
   */
  slug: string;
  /** Display name. */
  name: string | null;
  /** Description. */
  description: string | null;
  /**
   * Revisions, oldest first; the last is the latest.
   * @maxItems 1000
   */
  revisions: SeedBundleRevision[];
}

/** A service a session of a preset exposes. */
export interface SeedService {
  /**
   * Kind of service, e.g. `preview`.
   * @minLength 1
   * @maxLength 50
   */
  serviceType: string;
  /**
   * Port inside the sandbox.
   * @integer
   * @minimum 1
   * @maximum 65535
   */
  port: number;
}

/** A session preset. */
export interface SeedPreset {
  /**
   * Unique id, passed as `presetId`.
   * @minLength 1
   * @maxLength 100
   */
  id: string;
  /** Display name. */
  name: string;
  /**
   * Services every session of this preset exposes.
   * @maxItems 20
   */
  services: SeedService[];
}

/** Everything a mock starts with. */
export interface MockSeed {
  /**
   * Templates.
   * @maxItems 1000
   */
  templates: SeedTemplate[];
  /**
   * Bundles.
   * @maxItems 1000
   */
  bundles: SeedBundle[];
  /**
   * Session presets.
   * @maxItems 1000
   */
  presets: SeedPreset[];
}

/**
 * The default seed: template `starter`, bundle `starter` with one revision, and
 * preset `default` exposing a `preview` service on port 3000.
 *
 * @returns A fresh copy.
 *
 * @example Start a mock with one more template
 * ```ts
 * import assert from 'node:assert/strict';
 * import { createMockServer, defaultSeed } from '../mod.ts';
 * const seed = defaultSeed();
 * seed.templates.push({ ...seed.templates[0], slug: 'python' });
 * const mock = createMockServer({ seed });
 * const response = await mock.fetch(new Request('http://mock.test/api/v1/rpc', {
 *   method: 'POST',
 *   headers: { authorization: 'Bearer roj_dev_key', 'content-type': 'application/json' },
 *   body: JSON.stringify({ method: 'instances.create', input: { templateSlug: 'python', name: 'py' } }),
 * }));
 * assert.equal((await response.json()).ok, true);
 * await mock.close();
 * ```
 */
export function defaultSeed(): MockSeed {
  return {
    templates: [{ slug: 'starter', name: 'Starter', bundleSlug: 'starter' }],
    bundles: [{
      id: 'bun_starter',
      slug: 'starter',
      name: 'Starter',
      description: 'The starter bundle',
      revisions: [{ id: 'rev_starter_1', version: '1.0.0' }],
    }],
    presets: [{
      id: 'default',
      name: 'Default',
      services: [{ serviceType: 'preview', port: 3000 }, { serviceType: 'terminal', port: 7681 }],
    }],
  };
}
