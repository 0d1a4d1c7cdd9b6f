// Outside OpenAPI tools drive the generated documents.
//
// - Redocly CLI 2 lints every document codegen writes (3.1 and 3.2, each target) under the
//   recommended ruleset (redocly.yaml): zero errors and zero warnings.
// - Prism 5 serves the Roj 3.1 document and validates requests with its schemas: a valid
//   envelope gets a 2xx, one with a wrong-typed field gets Prism's validation refusal.
//
// Both come from npm through npx (no other network). Run by the `openapi-tools` stage of
// scripts/test.ts; the name avoids the `*.test.*` globs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { targets } from '../../codegen.config.ts';
import type { LoadRequest } from '../../scripts/bench/load.ts';
import { startPrism } from '../../scripts/bench/prism.ts';
import type { BenchServer } from '../../scripts/bench/process.ts';
import { runProcess } from '../helpers/mock-process.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
// Redocly is pinned to a minor: 2.77 is the last that states Node 20 support (later 2.x releases
// announce Node 22.12). Telemetry and the update check would reach past npm: both are off.
const redocly = ['-y', '@redocly/cli@~2.77.0'];
const redoclyEnv = { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };

// What codegen writes: two documents per target.
const documents = targets.flatMap((t) =>
  ['openapi.json', 'openapi-3.2.json'].map((file) => join(t.out, file))
).sort();

describe('Redocly lint (recommended ruleset)', () => {
  test('redocly.yaml lists every document codegen writes', () => {
    const config = readFileSync(join(root, 'redocly.yaml'), 'utf8');
    const listed = [...config.matchAll(/^\s+root: \.\/(\S+)$/gm)].map((m) => m[1]).sort();
    assert.deepEqual(listed, documents);
  });

  test('every document lints with zero errors and zero warnings', async () => {
    const result = await runProcess('npx', [...redocly, 'lint', '--format=github-actions'], {
      cwd: root,
      env: redoclyEnv,
    });
    // One `::error …` or `::warning …` line per problem, on stdout.
    const problems = result.stdout.split('\n').filter((line) => line.startsWith('::'))
      .map((line) => decodeURIComponent(line.replaceAll('%0A', ' ')));
    assert.deepEqual(problems, [], result.output);
    assert.equal(result.code, 0, result.output);
    for (const document of documents) {
      assert.ok(result.stderr.includes(`validating ${document}`), `${document} was not linted`);
    }
  });
});

describe('Prism 5 serving the Roj 3.1 document', () => {
  const document = join(root, 'src/roj/_generated/openapi.json');
  const call = (input: unknown): LoadRequest => ({
    method: 'POST',
    path: '/api/v1/rpc',
    headers: { 'content-type': 'application/json', authorization: 'Bearer roj_dev_key' },
    body: JSON.stringify({ method: 'instances.get', input }),
  });
  let prism: BenchServer;
  before(async () => {
    prism = await startPrism(document, { probe: call({ instanceId: 'inst_probe' }) });
  });
  after(() => prism?.stop());

  async function send(request: LoadRequest) {
    const response = await fetch(`${prism.url}${request.path}`, {
      method: request.method,
      headers: request.headers,
      body: request.body,
    });
    return { response, body: await response.json() };
  }

  test('a valid instances.get envelope is accepted', async () => {
    const { response, body } = await send(call({ instanceId: 'inst_1' }));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('sl-violations'), null);
    assert.equal(body.ok, true);
  });

  test('a wrong-typed field is refused by validation against our schema', async () => {
    const { response, body } = await send(call({ instanceId: 42 }));
    // Prism answers the operation's 422, else its 400 (mocker: [422, 400]); ours declares 400,
    // which is what the Roj API sends for `validation_error`.
    assert.equal(response.status, 400);
    assert.equal(body.ok, false);
    const violations = JSON.parse(response.headers.get('sl-violations') ?? '[]') as {
      location: string[];
      message: string;
    }[];
    assert.ok(
      violations.some((v) =>
        v.location.join('.') === 'request.body.input.instanceId' && /must be string/.test(v.message)
      ),
      JSON.stringify(violations),
    );
  });

  test('a request without the API key is refused as the security scheme says', async () => {
    const { authorization: _, ...headers } = call({ instanceId: 'inst_1' }).headers;
    const { response } = await send({ ...call({ instanceId: 'inst_1' }), headers });
    assert.equal(response.status, 401);
  });
});
