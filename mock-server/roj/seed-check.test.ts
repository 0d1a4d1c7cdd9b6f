import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkSeed } from './seed-check.ts';
import { defaultSeed, type MockSeed } from './seed.ts';

function seedWith(change: (seed: MockSeed) => void): MockSeed {
  const seed = defaultSeed();
  change(seed);
  return seed;
}

describe('checkSeed', () => {
  test('accepts the default seed', () => {
    assert.deepEqual(checkSeed(defaultSeed()), { ok: true, seed: defaultSeed() });
  });

  test('accepts a seed without ids, which the mock generates', () => {
    const seed = seedWith((s) => {
      delete s.bundles[0]!.id;
      delete s.bundles[0]!.revisions[0]!.id;
    });
    assert.equal(checkSeed(seed).ok, true);
  });

  const rejected: [string, { given: unknown; want: { path: string; message: RegExp }[] }][] = [
    ['a value that is not an object', {
      given: [],
      want: [{ path: '', message: /^Expected object/ }],
    }],
    ['a missing list', {
      given: { templates: [], bundles: [] },
      want: [{ path: '/presets', message: /^Missing required property/ }],
    }],
    ['a port out of range, by the generated validator', {
      given: seedWith((s) => s.presets[0]!.services[0]!.port = 70000),
      want: [{ path: '/presets/0/services/0/port', message: /./ }],
    }],
    ['a template whose bundle does not exist', {
      given: seedWith((s) => s.templates[0]!.bundleSlug = 'gone'),
      want: [{ path: '/templates/0/bundleSlug', message: /^No bundle has slug "gone"$/ }],
    }],
    ['duplicate template slugs', {
      given: seedWith((s) => s.templates.push({ ...s.templates[0]! })),
      want: [{
        path: '/templates/1/slug',
        message: /^Duplicate template slug "starter" \(also at \/templates\/0\/slug\)$/,
      }],
    }],
    ['duplicate bundle slugs and ids', {
      given: seedWith((s) => s.bundles.push({ ...s.bundles[0]!, revisions: [] })),
      want: [
        { path: '/bundles/1/id', message: /^Duplicate bundle id "bun_starter"/ },
        { path: '/bundles/1/slug', message: /^Duplicate bundle slug "starter"/ },
      ],
    }],
    ['duplicate revision ids across bundles', {
      given: seedWith((s) =>
        s.bundles.push({
          slug: 'b2',
          name: null,
          description: null,
          revisions: [{ id: 'rev_starter_1', version: null }],
        })
      ),
      want: [{
        path: '/bundles/1/revisions/0/id',
        message: /^Duplicate revision id "rev_starter_1"/,
      }],
    }],
    ['an id in the generated form', {
      given: seedWith((s) => s.bundles[0]!.id = 'bun_000001'),
      want: [{ path: '/bundles/0/id', message: /has the form of a generated id/ }],
    }],
    ['duplicate preset ids', {
      given: seedWith((s) => s.presets.push({ id: 'default', name: 'Again', services: [] })),
      want: [{ path: '/presets/1/id', message: /^Duplicate preset id "default"/ }],
    }],
    ['a service type twice in one preset', {
      given: seedWith((s) => s.presets[0]!.services.push({ serviceType: 'preview', port: 1 })),
      want: [{
        path: '/presets/0/services/2/serviceType',
        message: /^Duplicate service type in this preset "preview"/,
      }],
    }],
  ];
  for (const [name, { given, want }] of rejected) {
    test(`rejects ${name}`, () => {
      const result = checkSeed(given);
      assert.ok(!result.ok, 'Expected issues');
      assert.deepEqual(result.issues.map((i) => i.path), want.map((w) => w.path));
      result.issues.forEach((issue, i) => assert.match(issue.message, want[i]!.message));
    });
  }

  test('reports every cross-reference problem at once, in path order', () => {
    const result = checkSeed(seedWith((s) => {
      s.templates.push({ slug: 'b', name: 'B', bundleSlug: 'missing' });
      s.templates.push({ slug: 'b', name: 'B', bundleSlug: 'starter' });
    }));
    assert.ok(!result.ok);
    assert.deepEqual(result.issues.map((i) => i.path), [
      '/templates/1/bundleSlug',
      '/templates/2/slug',
    ]);
  });
});
