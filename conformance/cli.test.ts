import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createMockServer } from '../mock-server/mod.ts';
import { type CliIo, runConformanceCli } from './cli.ts';
import { mutants } from './mutants/mod.ts';

type FetchLike = NonNullable<CliIo['fetch']>;

/** Runs the command line in process; `hosts` answer for `http://<host>`. */
async function cli(
  args: string[],
  hosts: Record<string, FetchLike> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runConformanceCli(args, {
    stdout: (text) => stdout += text,
    stderr: (text) => stderr += text,
    fetch: (input, init) => {
      const request = new Request(input, init);
      const host = hosts[new URL(request.url).host];
      if (!host) return Promise.reject(new TypeError('fetch failed'));
      return host(request);
    },
  });
  return { code, stdout, stderr };
}

const target = ['--target', 'http://target.test', '--api-key', 'roj_dev_key'];
const wrongStatus = mutants.find((m) => m.name === 'get-unknown-400')!;

let dir: string;
before(async () => dir = await mkdtemp(join(tmpdir(), 'conformance-cli-')));
after(() => rm(dir, { recursive: true, force: true }));

describe('usage errors exit 2 with one line and no stack trace', () => {
  const cases: Array<[string, { given: string[]; want: string }]> = [
    ['no target', { given: ['--api-key', 'k'], want: 'Missing --target URL' }],
    ['no key', { given: ['--target', 'http://t.test'], want: 'Missing --api-key KEY' }],
    ['bad URL', {
      given: ['--target', 'ftp://x', '--api-key', 'k'],
      want: '--target must be an http or https URL, not "ftp://x"',
    }],
    ['bad runs', {
      given: [...target, '--runs', '0'],
      want: '--runs must be a whole number, 1 or more, not "0"',
    }],
    ['path without seed', {
      given: [...target, '--path', '1:2'],
      want: '--path needs the --seed it was found with',
    }],
    ['malformed path', {
      given: [...target, '--seed', '1', '--path', 'a'],
      want: '--path must be numbers separated by colons, as a report prints it',
    }],
    ['negative seed without =', {
      given: [...target, '--seed', '-5'],
      want: 'Option --seed has a value starting with "-": write it as --seed=VALUE',
    }],
    ['unknown flag', { given: [...target, '--rounds', '3'], want: 'Unknown option --rounds' }],
    ['bad rate', {
      given: [...target, '--rate', 'fast'],
      want: '--rate must be a number of requests per second above 0, not "fast"',
    }],
  ];
  for (const [name, { given, want }] of cases) {
    test(name, async () => {
      const { code, stdout, stderr } = await cli(given);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.ok(stderr.startsWith(`conformance: ${want}`), stderr);
      assert.equal(stderr.trimEnd().split('\n').length, 1, stderr);
    });
  }
});

test('--help prints the options and exits 0', async () => {
  const { code, stdout } = await cli(['--help']);
  assert.equal(code, 0);
  for (const flag of ['--target', '--api-key', '--reference', '--seed', '--path', '--junit']) {
    assert.ok(stdout.includes(flag), flag);
  }
});

test('an unreachable target exits 2 before running anything', async () => {
  const { code, stdout, stderr } = await cli(target);
  assert.equal(code, 2);
  assert.equal(stdout, '');
  assert.equal(
    stderr,
    'conformance: Cannot reach the target at http://target.test: fetch failed\n',
  );
});

test('a refused API key exits 2', async () => {
  const mock = createMockServer();
  const { code, stderr } = await cli(['--target', 'http://target.test', '--api-key', 'nope'], {
    'target.test': mock.fetch,
  });
  assert.equal(code, 2);
  assert.equal(
    stderr,
    'conformance: The API key was refused by the target at http://target.test (HTTP 401)\n',
  );
});

test('a target that is not a Roj platform exits 2', async () => {
  const { code, stderr } = await cli(target, {
    'target.test': () => Promise.resolve(new Response('<h1>Hello</h1>', { status: 200 })),
  });
  assert.equal(code, 2);
  assert.match(stderr, /does not answer as a Roj platform: POST \/api\/v1\/rpc gave HTTP 200\n$/);
});

test('an invalid configuration exits 2, naming every problem', async () => {
  const file = join(dir, 'bad.json');
  await writeFile(file, JSON.stringify({ templates: [], presets: [], extra: true }));
  const { code, stderr } = await cli([...target, '--config', file]);
  assert.equal(code, 2);
  assert.equal(
    stderr,
    [
      'conformance: Invalid configuration',
      `${file}: /extra: Unexpected property; allowed: templates, bundles, presets, uploadLimitBytes`,
      `${file}: /presets: Name at least one preset`,
      `${file}: /templates: Name at least one template`,
      '',
    ].join('\n'),
  );
});

test('a conforming target exits 0 and writes JUnit and JSON', async () => {
  const mock = createMockServer();
  const junit = join(dir, 'ok.xml');
  const json = join(dir, 'ok.json');
  const { code, stdout } = await cli(
    [...target, '--runs', '10', '--seed', '9', '--junit', junit, '--json', json],
    { 'target.test': mock.fetch },
  );
  assert.equal(code, 0, stdout);
  assert.match(stdout, /^The target conforms: \d+ runs, \d+ commands .*seed 9\n$/);
  assert.match(await readFile(junit, 'utf8'), /failures="0" errors="0"/);
  assert.equal(JSON.parse(await readFile(json, 'utf8')).ok, true);
});

test('a divergence exits 1 with the replay, and the printed command line replays it', async () => {
  const junit = join(dir, 'bad.xml');
  const first = await cli([...target, '--seed', '3', '--junit', junit], {
    'target.test': wrongStatus.build().fetch,
  });
  assert.equal(first.code, 1, first.stderr);
  assert.match(first.stdout, /^The target diverges from the reference/);
  const replay = first.stdout.trimEnd().split('\n').at(-1)!.trim();
  assert.match(
    replay,
    /^deno task conformance --target http:\/\/target\.test --api-key roj_dev_key --seed 3 --path \d+(:\d+)*@\S+$/,
  );
  assert.match(await readFile(junit, 'utf8'), /<failure type="divergence"/);

  // The printed line, run as is: one sequence, the same divergence.
  const again = await cli(replay.split(' ').slice(3), { 'target.test': wrongStatus.build().fetch });
  assert.equal(again.code, 1, again.stderr + again.stdout);
  assert.match(again.stdout, /^The target diverges from the reference \(1 runs/);
  const steps = (text: string) => text.slice(text.indexOf('\n'));
  assert.equal(steps(again.stdout), steps(first.stdout));
});

test('--reference compares with a mock reached over fetch, seeded from --config', async () => {
  const file = join(dir, 'catalogue.json');
  await writeFile(
    file,
    JSON.stringify({
      templates: [{ slug: 'web', name: 'Web', bundleSlug: 'web' }],
      bundles: [{ slug: 'web', name: null, description: null, revisions: [{ version: '1' }] }],
    }),
  );
  const reference = createMockServer();
  const seeded = createMockServer({
    seed: {
      templates: [{ slug: 'web', name: 'Web', bundleSlug: 'web' }],
      bundles: [{ slug: 'web', name: null, description: null, revisions: [{ version: '1' }] }],
      presets: reference.runtime.state.seed.presets,
    },
  });
  const { code, stdout, stderr } = await cli(
    [...target, '--reference', 'http://reference.test', '--config', file, '--runs', '10'],
    { 'target.test': seeded.fetch, 'reference.test': reference.fetch },
  );
  assert.equal(code, 0, stdout + stderr);
  assert.deepEqual(reference.runtime.state.seed.templates.map((t) => t.slug), ['web']);
});

test('an unreachable reference exits 2', async () => {
  const mock = createMockServer();
  const { code, stderr } = await cli([...target, '--reference', 'http://reference.test'], {
    'target.test': mock.fetch,
  });
  assert.equal(code, 2);
  assert.equal(
    stderr,
    'conformance: Cannot reach the reference at http://reference.test: fetch failed\n',
  );
});

test('a target that goes away mid-run exits 2 with one line', async () => {
  const mock = createMockServer();
  let calls = 0;
  const flaky: FetchLike = (input, init) =>
    ++calls > 20 ? Promise.reject(new TypeError('fetch failed')) : mock.fetch(input, init);
  const { code, stdout, stderr } = await cli([...target, '--seed', '1'], { 'target.test': flaky });
  assert.equal(code, 2, stdout + stderr);
  assert.equal(stdout, '');
  assert.match(stderr, /^conformance: .*fetch failed[^\n]*\n$/);
});

test('--budget stops the run with exit 2', async () => {
  const mock = createMockServer();
  const { code, stderr } = await cli([...target, '--budget', '5', '--seed', '1'], {
    'target.test': mock.fetch,
  });
  assert.equal(code, 2);
  assert.match(stderr, /^conformance: .*budget of 5 requests is spent[^\n]*\n$/);
});
