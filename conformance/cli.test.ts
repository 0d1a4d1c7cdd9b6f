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
  terminal: Partial<CliIo> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runConformanceCli(args, {
    ...terminal,
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

describe('usage errors exit 2 with an error line and a hint, and no stack trace', () => {
  const cases: Array<[string, { given: string[]; want: string; hint?: string }]> = [
    ['no target', {
      given: ['--api-key', 'k'],
      want: 'Missing --target URL',
      hint: 'Name the deployment to check, e.g. --target http://127.0.0.1:8787 for ' +
        '`deno task mock`',
    }],
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
      want: 'Option --seed has a value starting with "-"',
      hint: 'Write it as --seed=VALUE',
    }],
    ['unknown flag', {
      given: [...target, '--rnus', '3'],
      want: 'Unknown option --rnus',
      hint: 'Did you mean --runs? Run with --help to see the options',
    }],
    ['bad rate', {
      given: [...target, '--rate', 'fast'],
      want: '--rate must be a number of requests per second above 0, not "fast"',
    }],
  ];
  for (const [name, { given, want, hint }] of cases) {
    test(name, async () => {
      const { code, stdout, stderr } = await cli(given);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      const lines = stderr.trimEnd().split('\n');
      assert.equal(lines.length, 2, stderr);
      assert.equal(lines[0], `error: ${want}`);
      assert.match(lines[1], /^hint: \S/);
      if (hint) assert.equal(lines[1], `hint: ${hint}`);
    });
  }
});

test('--help prints the options, examples and exit codes, and exits 0', async () => {
  const { code, stdout } = await cli(['--help']);
  assert.equal(code, 0);
  for (
    const flag of ['--target', '--api-key', '--reference', '--seed', '--path', '--junit', '--quiet']
  ) {
    assert.ok(stdout.includes(flag), flag);
  }
  assert.match(stdout, /\nExamples:\n[^]*\n {2}deno task conformance --target /);
  assert.match(stdout, /\nExit codes:\n {2}0 {2}The target conforms\n {2}1 {2}A divergence/);
});

test('--version and -V print roj-conformance and the version of deno.json', async () => {
  const { version } = JSON.parse(await readFile(new URL('../deno.json', import.meta.url), 'utf8'));
  for (const flag of ['--version', '-V']) {
    assert.deepEqual(await cli([flag]), {
      code: 0,
      stdout: `roj-conformance ${version}\n`,
      stderr: '',
    });
  }
});

test('an unreachable target exits 2 before running anything', async () => {
  const { code, stdout, stderr } = await cli(target);
  assert.equal(code, 2);
  assert.equal(stdout, '');
  assert.equal(
    stderr,
    'error: Cannot reach the target at http://target.test: fetch failed\n' +
      'hint: Check that the deployment is up and --target is its origin, e.g. ' +
      'http://127.0.0.1:8787 for `deno task mock`\n',
  );
});

test('--verbose adds the cause of a connection error and its stack', async () => {
  const plain = await cli(target);
  const { code, stderr } = await cli([...target, '--verbose']);
  assert.equal(code, 2);
  assert.ok(stderr.startsWith(plain.stderr), stderr);
  assert.match(stderr, /\ncaused by: TypeError: fetch failed\n/);
  assert.match(stderr, /\n\s+at /);
});

test('a refused API key exits 2', async () => {
  const mock = createMockServer();
  const { code, stderr } = await cli(['--target', 'http://target.test', '--api-key', 'nope'], {
    'target.test': mock.fetch,
  });
  assert.equal(code, 2);
  assert.equal(
    stderr,
    'error: The API key was refused by the target at http://target.test (HTTP 401)\n' +
      'hint: Pass a key the target accepts with --api-key (roj_dev_key for `deno task mock`)\n',
  );
});

test('a failing run never echoes the keys or tokens it was given', async () => {
  const key = 'rk_live_do_not_print';
  const referenceKey = 'ref_key_do_not_print';
  const mock = createMockServer();
  const refusing: FetchLike = (input, init) =>
    Promise.reject(
      new TypeError(`fetch failed for ${new Request(input, init).headers.get('authorization')}`),
    );
  const runs = [
    await cli(['--target', 'http://target.test', '--api-key', key], { 'target.test': mock.fetch }),
    await cli(['--target', 'http://target.test', '--api-key', key, '--verbose'], {
      'target.test': refusing,
    }),
    await cli(['--target', 'http://target.test', '--api-key', key, key, '--verbose']),
    await cli([
      ...target,
      '--reference',
      'http://reference.test',
      `--reference-key=${referenceKey}`,
      '--verbose',
    ], { 'target.test': mock.fetch }),
    await cli([
      '--product',
      'rool',
      '--target',
      'http://r.test/rool',
      '--token',
      key,
      '--token',
      referenceKey,
      '--verbose',
    ]),
  ];
  for (const { code, stdout, stderr } of runs) {
    assert.equal(code, 2, stderr);
    for (const secret of [key, referenceKey]) {
      assert.ok(!stdout.includes(secret) && !stderr.includes(secret), stderr);
    }
  }
  assert.match(
    runs[1].stderr,
    /fetch failed for Bearer \*\*\*/,
    'the masked secret is shown masked',
  );
  assert.match(runs[2].stderr, /^error: Unexpected argument "\*\*\*"\n/);
});

test('a target that is not a Roj platform exits 2', async () => {
  const { code, stderr } = await cli(target, {
    'target.test': () => Promise.resolve(new Response('<h1>Hello</h1>', { status: 200 })),
  });
  assert.equal(code, 2);
  assert.match(
    stderr,
    /does not answer as a Roj platform: POST \/api\/v1\/rpc gave HTTP 200\nhint: Point --target at the origin of a Roj platform, without a path\n$/,
  );
});

test('an invalid configuration exits 2, naming every problem', async () => {
  const file = join(dir, 'bad.json');
  await writeFile(file, JSON.stringify({ templates: [], presets: [], extra: true }));
  const { code, stderr } = await cli([...target, '--config', file]);
  assert.equal(code, 2);
  assert.equal(
    stderr,
    [
      `error: Invalid configuration ${file}`,
      `  ${file}: /extra: Unexpected property; allowed: templates, bundles, presets, uploadLimitBytes`,
      `  ${file}: /presets: Name at least one preset`,
      `  ${file}: /templates: Name at least one template`,
      "hint: Fix the file: the target's templates, bundles, presets and uploadLimitBytes, as the " +
      'README describes',
      '',
    ].join('\n'),
  );
});

describe('progress on stderr', () => {
  const run = (terminal: Partial<CliIo>, extra: string[] = []) =>
    cli([...target, '--runs', '5', '--seed', '4', ...extra], {
      'target.test': createMockServer().fetch,
    }, terminal);

  test('a terminal gets a bar redrawn in place, cleared before the verdict', async () => {
    const { code, stdout, stderr } = await run({ stderrIsTerminal: true, env: {}, columns: 100 });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^The target conforms: /);
    assert.match(stderr, /^conformance: 5 runs against http:\/\/target\.test, seed 4\n/);
    assert.match(
      stderr.replaceAll('\x1b', '<ESC>'),
      /\r<ESC>\[2Kconformance █+░* +\d+% \d\/5 \d+ commands, \d+\/s, [\d.]+ s/,
    );
    assert.ok(stderr.endsWith('\r\x1b[2K'), JSON.stringify(stderr.slice(-40)));
  });

  test('CI=true on a terminal, or a pipe, gets one line and no carriage return', async () => {
    for (const terminal of [{ stderrIsTerminal: true, env: { CI: 'true' } }, {}]) {
      const { code, stderr } = await run(terminal);
      assert.equal(code, 0, stderr);
      assert.equal(stderr, 'conformance: 5 runs against http://target.test, seed 4\n');
    }
  });

  test('--quiet shows none', async () => {
    const { code, stdout, stderr } = await run({ stderrIsTerminal: true, env: {} }, ['--quiet']);
    assert.equal(code, 0);
    assert.match(stdout, /^The target conforms: /);
    assert.equal(stderr, '');
  });
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
    'error: Cannot reach the reference at http://reference.test: fetch failed\n' +
      'hint: Start a mock there (`deno task mock`), or leave out --reference for an in-process ' +
      'one\n',
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
  assert.match(
    stderr,
    /^conformance: 100 runs against http:\/\/target\.test, seed 1\nerror: [^\n]*fetch failed[^\n]*\nhint: [^\n]+\n$/,
  );
});

test('--budget stops the run with exit 2', async () => {
  const mock = createMockServer();
  const { code, stderr } = await cli([...target, '--budget', '5', '--seed', '1'], {
    'target.test': mock.fetch,
  });
  assert.equal(code, 2);
  assert.match(
    stderr,
    /\nerror: [^\n]*budget of 5 requests is spent[^\n]*\nhint: Raise --budget, or lower --runs or --max-commands\n$/,
  );
});

test('the replay is coloured on a terminal, unless NO_COLOR; never in a pipe', async () => {
  const diverge = (terminal: Partial<CliIo>) =>
    cli(
      [...target, '--seed', '3', '--quiet'],
      { 'target.test': wrongStatus.build().fetch },
      terminal,
    );
  const tty = await diverge({ stdoutIsTerminal: true, env: {} });
  assert.equal(tty.code, 1);
  assert.ok(tty.stdout.includes('\x1b[31m'), tty.stdout);
  for (const terminal of [{ stdoutIsTerminal: true, env: { NO_COLOR: '1' } }, {}]) {
    const plain = await diverge(terminal);
    assert.equal(plain.code, 1);
    assert.ok(!plain.stdout.includes('\x1b['), plain.stdout);
  }
});
