/**
 * Checks seed data before a mock starts from it: the shape, with the
 * generated `MockSeed` validator, then what a schema cannot say: slugs and ids
 * are unique, and every template's bundle exists.
 *
 * @module
 */
import type { ValidationIssue } from '../../src/rpc/validation.ts';
import { componentValidators } from './_generated/validators.ts';
import type { MockSeed } from './seed.ts';

/** What {@linkcode checkSeed} found: the seed, or every problem with its JSON Pointer. */
export type SeedCheck = { ok: true; seed: MockSeed } | { ok: false; issues: ValidationIssue[] };

/**
 * Validates seed data.
 *
 * The shape is checked first; cross-references only once the shape is right, so each reported
 * path points into a well-formed seed.
 *
 * @param value Parsed JSON.
 * @param quote Quotes a seed value for a message. Default: JSON. The control endpoint passes one
 * that redacts secrets, since its caller may have pasted one into the seed.
 * @returns The seed, or the issues, each with a JSON Pointer `path` and a `message`.
 *
 * @example A template whose bundle does not exist
 * ```ts
 * import assert from 'node:assert/strict';
 * import { checkSeed } from './seed-check.ts';
 * const result = checkSeed({
 *   templates: [{ slug: 'web', name: 'Web', bundleSlug: 'missing' }],
 *   bundles: [],
 *   presets: [],
 * });
 * assert.deepEqual(result, {
 *   ok: false,
 *   issues: [{ path: '/templates/0/bundleSlug', message: 'No bundle has slug "missing"' }],
 * });
 * ```
 */
export function checkSeed(
  value: unknown,
  quote: (value: string) => string = JSON.stringify,
): SeedCheck {
  const shape = componentValidators.MockSeed!(value);
  if (!shape.ok) return { ok: false, issues: shape.issues };
  const seed = value as MockSeed;
  const issues: ValidationIssue[] = [];

  const repeats = (entries: readonly Entry[], what: string) =>
    unique(entries, what, { issues, quote });
  repeats(seed.templates.map((t, i) => [t.slug, `/templates/${i}/slug`]), 'template slug');
  repeats(seed.bundles.map((b, i) => [b.slug, `/bundles/${i}/slug`]), 'bundle slug');
  repeats(seed.presets.map((p, i) => [p.id, `/presets/${i}/id`]), 'preset id');
  const bundleIds: Entry[] = seed.bundles.flatMap((b, i) =>
    b.id === undefined ? [] : [[b.id, `/bundles/${i}/id`] as const]
  );
  repeats(bundleIds, 'bundle id');
  const revisionIds: Entry[] = seed.bundles.flatMap((b, i) =>
    b.revisions.flatMap((r, j) =>
      r.id === undefined ? [] : [[r.id, `/bundles/${i}/revisions/${j}/id`] as const]
    )
  );
  repeats(revisionIds, 'revision id');
  // Ids left out are generated in this form, so a seeded one could collide with them.
  for (const [id, path] of [...bundleIds, ...revisionIds]) {
    if (/^(bun|rev)_\d{6}$/.test(id)) {
      issues.push({
        path,
        message: `Id ${quote(id)} has the form of a generated id; choose another`,
      });
    }
  }
  seed.presets.forEach((preset, i) => {
    const services: Entry[] = preset.services.map((s, j) =>
      [s.serviceType, `/presets/${i}/services/${j}/serviceType`] as const
    );
    repeats(services, 'service type in this preset');
  });

  const bundleSlugs = new Set(seed.bundles.map((b) => b.slug));
  seed.templates.forEach((template, i) => {
    if (!bundleSlugs.has(template.bundleSlug)) {
      issues.push({
        path: `/templates/${i}/bundleSlug`,
        message: `No bundle has slug ${quote(template.bundleSlug)}`,
      });
    }
  });
  issues.sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }));
  return issues.length === 0 ? { ok: true, seed } : { ok: false, issues };
}

/** A value and the JSON Pointer it was found at. */
type Entry = readonly [value: string, path: string];

/** Reports every repeat of a value, naming where it first appeared. */
function unique(
  entries: readonly Entry[],
  what: string,
  { issues, quote }: { issues: ValidationIssue[]; quote: (value: string) => string },
): void {
  const first = new Map<string, string>();
  for (const [value, path] of entries) {
    const earlier = first.get(value);
    if (earlier === undefined) first.set(value, path);
    else {issues.push({
        path,
        message: `Duplicate ${what} ${quote(value)} (also at ${earlier})`,
      });}
  }
}
