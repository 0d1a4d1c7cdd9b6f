import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatJson, formatJUnit, formatReport, replayCommand } from './report.ts';
import type { ConformanceResult } from './run.ts';
import type { Exchange } from './side.ts';

const progress = { runs: 31, commands: 120, commandsPerSecond: 1200.4, seconds: 0.1 };

function exchange(status: number, body: unknown): Exchange {
  return {
    request: { path: '/api/v1/rpc', headers: {}, body: '{}', input: {} },
    status,
    body,
    sentAt: 0,
    receivedAt: 1,
  };
}

const created = { ok: true, value: { instanceId: 'ins_000001', status: 'created' } };
const divergent: ConformanceResult = {
  ok: false,
  seed: 1234,
  progress,
  divergence: {
    commands: ['instances.create({})', 'instances.list({})'],
    path: '3:2:4',
    message: 'instances.list({}): value.total: Differs',
    steps: [
      {
        call: 'instances.create({"templateSlug":"starter"})',
        target: exchange(200, created),
        reference: exchange(200, created),
        differences: [],
      },
      {
        call: 'instances.list({})',
        target: exchange(200, { ok: true, value: { instances: [], total: 2 } }),
        reference: exchange(200, { ok: true, value: { instances: [], total: 1 } }),
        differences: [
          { path: 'value.total', message: 'Differs', target: 2, reference: 1 },
          { path: 'schema.value', message: 'Breaks PlatformInstancesListSuccess', target: {} },
        ],
      },
    ],
  },
};

test('a divergence is printed as a replay: each step, both answers, the differing fields', () => {
  const report = formatReport(divergent, { target: 'http://127.0.0.1:8787' });
  const lines = report.split('\n');
  assert.match(lines[0], /^The target diverges from the reference \(31 runs, 120 commands/);
  assert.match(report, /Shrunk to 2 steps: instances\.list\(\{\}\): value\.total: Differs/);
  assert.ok(lines.includes('✓ 1. instances.create({"templateSlug":"starter"})'));
  assert.ok(lines.includes('✗ 2. instances.list({})'));
  assert.ok(lines.includes(`     target     200  ${JSON.stringify(created)}`));
  assert.ok(lines.includes('     target     200  {"ok":true,"value":{"instances":[],"total":2}}'));
  assert.ok(lines.includes('     reference  200  {"ok":true,"value":{"instances":[],"total":1}}'));
  // The differing fields side by side: field, target value, reference value, why.
  const header = lines.findIndex((l) => l.includes('field') && l.includes('reference'));
  assert.ok(header > 0, report);
  assert.match(lines[header + 1], /^ {5}> value\.total +2 +1 +Differs$/);
  assert.match(lines[header + 2], /^ {5}> schema\.value +\{\} +— +Breaks/);
  assert.equal(
    lines.at(-1),
    '  deno task conformance --target http://127.0.0.1:8787 --api-key roj_dev_key --seed 1234 --path 3:2:4',
  );
});

test('long bodies are cut, and colour is only added when asked', () => {
  const long = structuredClone(divergent);
  long.divergence!.steps[0].target = exchange(200, { ok: true, value: { text: 'x'.repeat(1000) } });
  const report = formatReport(long, { target: 'http://t.test', maxBodyChars: 50 });
  assert.match(report, /target {5}200 {2}.{50}… \(\d+ more characters\)\n/);
  assert.ok(!report.includes('\x1b['));
  assert.ok(formatReport(long, { target: 'http://t.test', color: true }).includes('\x1b[31m'));
});

test('the replay line never shows an API key other than the public development key', () => {
  const line = replayCommand(divergent, {
    target: 'https://staging.example.com',
    apiKey: 's3cret',
  });
  assert.ok(!line.includes('s3cret'));
  assert.match(line, /--api-key "\$ROJ_API_KEY"/);
});

test('the replay line carries the options that shape the sequences, quoted for a shell', () => {
  const line = replayCommand({ ...divergent, seed: -77 }, {
    target: 'http://127.0.0.1:8787',
    reference: 'http://127.0.0.1:9999',
    config: 'my config.json',
    only: 'instances.*',
    maxCommands: 10,
  });
  assert.equal(
    line,
    "deno task conformance --target http://127.0.0.1:8787 --api-key roj_dev_key --reference http://127.0.0.1:9999 --config 'my config.json' --only 'instances.*' --max-commands 10 --seed=-77 --path 3:2:4",
  );
});

test('a conforming run and an aborted one read as one line each', () => {
  assert.equal(
    formatReport({ ok: true, seed: 5, progress }, { target: 'http://t.test' }),
    'The target conforms: 31 runs, 120 commands in 0.1 s (1200 commands/s), seed 5',
  );
  assert.match(
    formatReport({ ok: false, seed: 5, progress, error: 'The budget is spent' }, {
      target: 'http://t.test',
    }),
    /^The suite could not finish: The budget is spent\n/,
  );
});

test('JUnit: one suite, one test case, the replay in the failure, XML-escaped', () => {
  const xml = formatJUnit(divergent, { target: 'http://t.test/?a=1&b=<2>' });
  assert.match(
    xml,
    /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuite name="roj-conformance" tests="1" failures="1" errors="0"/,
  );
  assert.equal(xml.match(/<testsuite /g)?.length, 1);
  assert.equal(xml.match(/<testcase /g)?.length, 1);
  assert.match(xml, /<property name="seed" value="1234"\/>/);
  assert.match(xml, /<property name="path" value="3:2:4"\/>/);
  assert.match(xml, /name="conformance of http:\/\/t\.test\/\?a=1&amp;b=&lt;2&gt;"/);
  const failure = xml.match(/<failure type="divergence" message="([^"]*)">([^<]*)<\/failure>/);
  assert.ok(failure, xml);
  assert.equal(failure[1], 'instances.list({}): value.total: Differs');
  assert.match(failure[2], /--seed 1234 --path 3:2:4/);
  assert.match(failure[2], /&gt; value\.total/);
  const ok = formatJUnit({ ok: true, seed: 1, progress }, { target: 'http://t.test' });
  assert.match(ok, /failures="0" errors="0"/);
  assert.ok(!ok.includes('<failure'));
});

test('JSON: the result object, with multipart bodies named by their fields', () => {
  const form = new FormData();
  form.append('file', new Blob(['abc']), 'a.txt');
  const withUpload = structuredClone(divergent);
  withUpload.divergence!.steps[0].target.request.body = form;
  const parsed = JSON.parse(formatJson(withUpload));
  assert.equal(parsed.seed, 1234);
  assert.equal(parsed.divergence.path, '3:2:4');
  assert.deepEqual(parsed.divergence.steps[0].target.request.body, { multipart: ['file'] });
  assert.deepEqual(parsed.divergence.steps[1].differences[0], {
    path: 'value.total',
    message: 'Differs',
    target: 2,
    reference: 1,
  });
});

test('secrets stay out of reports: tokens in bodies, credentials in headers', () => {
  const leaky = structuredClone(divergent);
  const step = leaky.divergence!.steps[0];
  step.target = exchange(200, { ok: true, value: { token: 'rjt_abc', expiresAt: 'x' } });
  step.target.request.headers = { authorization: 'Bearer sk_live_123', cookie: 'a=b' };
  step.reference = exchange(200, { ok: true, value: { stdout: 'ROJ_SANDBOX_TOKEN=rjs_xyz\n' } });
  const report = formatReport(leaky, { target: 'http://t.test' });
  const json = formatJson(leaky);
  for (const text of [report, json]) {
    for (const secret of ['rjt_abc', 'rjs_xyz', 'sk_live_123']) assert.ok(!text.includes(secret));
  }
  assert.ok(report.includes('{"ok":true,"value":{"token":"<secret>","expiresAt":"x"}}'));
  assert.ok(report.includes('ROJ_SANDBOX_TOKEN=<secret>'));
});
