import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMockServer, defaultApiKey } from '../mod.ts';

// Found by the fuzzing suite (test/fuzz/): the seed checks quoted values as they were.
describe('mock.loadSeed refusals', () => {
  it('never quote a secret pasted into the seed', async () => {
    const mock = createMockServer();
    const response = await mock.fetch('http://mock.test/_mock/rpc', {
      method: 'POST',
      headers: { authorization: `Bearer ${defaultApiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        method: 'mock.loadSeed',
        input: {
          seed: {
            templates: [{ slug: 'web', name: 'Web', bundleSlug: defaultApiKey }],
            bundles: [],
            presets: [],
          },
        },
      }),
    });
    assert.equal(response.status, 400);
    const { error } = await response.json();
    assert.equal(error.message, 'No bundle has slug "<redacted>" at /seed/templates/0/bundleSlug');
    assert.equal(error.path, '/seed/templates/0/bundleSlug');
  });
});
