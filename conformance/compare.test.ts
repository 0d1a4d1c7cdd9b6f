import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareExchanges } from './compare.ts';
import { rojRules } from './rules.ts';
import { roolRules } from './rool/rules.ts';
import { createModel, record } from './model.ts';
import type { Exchange } from './side.ts';

const now = Date.parse('2026-11-21T08:00:00.000Z');

function exchange(status: number, body: unknown): Exchange {
  return {
    request: { path: '/', headers: {}, body: '' },
    status,
    body,
    sentAt: now,
    receivedAt: now + 5,
  };
}

function compare(
  label: string,
  t: [number, unknown],
  r: [number, unknown],
  options: {
    input?: Record<string, unknown>;
    setup?: (m: ReturnType<typeof createModel>) => void;
  } = {},
) {
  const model = createModel({ baseline: { instances: 3, resources: 0 }, runTag: 'x' });
  options.setup?.(model);
  const diffs = compareExchanges(exchange(...t), exchange(...r), {
    label,
    input: options.input ?? {},
    model,
    skewMs: 1000,
    rules: rojRules,
  });
  return diffs.map((d) => `${d.path}: ${d.message}`);
}

const ok = (value: unknown) => ({ ok: true, value });
const fail = (type: string, path?: string) => ({
  ok: false,
  error: { type, message: `anything ${Math.random()}`, path },
});

describe('compareExchanges', () => {
  const cases: [
    string,
    {
      label: string;
      t: [number, unknown];
      r: [number, unknown];
      input?: Record<string, unknown>;
      want: string[];
    },
  ][] = [
    ['equal values agree', {
      label: 'x',
      t: [200, ok({ a: 1 })],
      r: [200, ok({ a: 1 })],
      want: [],
    }],
    ['the status is always compared', {
      label: 'x',
      t: [400, fail('validation_error')],
      r: [404, fail('validation_error')],
      want: ['status: HTTP status differs'],
    }],
    ['error type and path are compared, messages are not', {
      label: 'x',
      t: [400, fail('validation_error', '/a')],
      r: [400, fail('validation_error', '/b')],
      want: ['error.path: Error path differs'],
    }],
    ['a missing field and an extra field are both reported', {
      label: 'x',
      t: [200, ok({ a: 1, extra: true })],
      r: [200, ok({ a: 1, gone: 2 })],
      want: ['value.gone: Missing on the target', 'value.extra: Only on the target'],
    }],
    ['generated IDs pair instead of comparing', {
      label: 'instances.create',
      t: [200, ok({ instanceId: 'A', status: 'created' })],
      r: [200, ok({ instanceId: 'ins_000001', status: 'created' })],
      want: [],
    }],
    ['progress states may differ within their path, not beyond', {
      label: 'instances.get',
      t: [200, ok({ status: 'initializing' })],
      r: [200, ok({ status: 'archived' })],
      want: ['value.status: State differs beyond progress (created → initializing → ready)'],
    }],
    ['secrets compare by presence, not value', {
      label: 'tokens.create',
      t: [200, ok({ token: 'abc', expiresAt: new Date(now + 60_000).toISOString() })],
      r: [200, ok({ token: 'xyz', expiresAt: new Date(now + 60_000).toISOString() })],
      input: { expiresIn: 60 },
      want: [],
    }],
    ['expiresAt must be the request time plus the TTL', {
      label: 'tokens.create',
      t: [200, ok({ token: 'abc', expiresAt: new Date(now + 3_600_000).toISOString() })],
      r: [200, ok({ token: 'xyz', expiresAt: new Date(now + 86_400_000).toISOString() })],
      want: ['value.expiresAt: Expected request time + 86400 s'],
    }],
    ['timestamps must be ISO 8601 UTC', {
      label: 'instances.get',
      t: [200, ok({ createdAt: '2026-11-21 08:00' })],
      r: [200, ok({ createdAt: '2026-11-21T08:00:00.000Z' })],
      want: ['value.createdAt: Not an ISO 8601 UTC time'],
    }],
    ['a commit SHA must look like one', {
      label: 'sessions.publish',
      t: [200, ok({ ok: true, pushed: true, commitSha: 'abc' })],
      r: [200, ok({ ok: true, pushed: true, commitSha: 'a'.repeat(40) })],
      want: ['value.commitSha: Does not match /^[0-9a-f]{40}$/'],
    }],
    ["service URLs compare by path on each side's own origin", {
      label: 'services.getUrl',
      t: [200, ok({ url: 'https://staging.example/services/svc_1_0/' })],
      r: [200, ok({ url: 'http://reference.invalid/services/svc_1_0/' })],
      want: [],
    }],
  ];
  for (const [name, c] of cases) {
    test(name, () => assert.deepEqual(compare(c.label, c.t, c.r, { input: c.input }), c.want));
  }

  test('IDs seen twice must keep their partner', () => {
    const diffs = compare('instances.get', [200, ok({ instanceId: 'A' })], [
      200,
      ok({ instanceId: 'r2' }),
    ], {
      setup: (m) => void record(m, 'instance', { target: 'A', reference: 'r1' }),
    });
    assert.deepEqual(diffs, [
      'value.instanceId: ID pairing broken: target ID A was paired with reference ID r1, now with r2',
    ]);
  });

  describe('pages of lists with foreign items (baseline 3)', () => {
    const item = (id: string) => ({ instanceId: id, status: 'ready' });
    const own = (m: ReturnType<typeof createModel>) => {
      record(m, 'instance', { target: 'A', reference: 'ins_000001' });
      record(m, 'instance', { target: 'B', reference: 'ins_000002' });
    };
    const list = (t: unknown[], r: unknown[], input: Record<string, unknown>, totals = [5, 2]) =>
      compare('instances.list', [200, ok({ instances: t, total: totals[0] })], [
        200,
        ok({ instances: r, total: totals[1] }),
      ], { input, setup: own });

    test('own items first, then foreign ones, agree', () => {
      assert.deepEqual(
        list([item('B'), item('A'), item('old1')], [item('ins_000002'), item('ins_000001')], {
          limit: 3,
        }),
        [],
      );
    });
    test('a page past the own items holds only foreign ones', () => {
      assert.deepEqual(list([item('old2'), item('old3')], [], { offset: 3 }), []);
    });
    test('a short page is caught', () => {
      assert.deepEqual(
        list([item('B'), item('A')], [item('ins_000002'), item('ins_000001')], { limit: 3 }),
        [
          'value.instances: Page length should be 3 (limit 3, offset 0, 3 foreign + 2 own items)',
        ],
      );
    });
    test('a foreign item ahead of own ones is caught', () => {
      assert.deepEqual(
        list([item('old1'), item('B'), item('A')], [item('ins_000002'), item('ins_000001')], {
          limit: 3,
        }),
        [
          "value.instances: An item the run did not create is listed before the run's own (newer) items",
        ],
      );
    });
    test('own items in the wrong order are caught', () => {
      assert.deepEqual(
        list([item('A'), item('B')], [item('ins_000002'), item('ins_000001')], { limit: 2 }),
        [
          'value.instances[0].instanceId: ID pairing broken: target ID A was paired with reference ID ins_000001, now with ins_000002',
          'value.instances[1].instanceId: ID pairing broken: target ID B was paired with reference ID ins_000002, now with ins_000001',
        ],
      );
    });
    test('the total counts the baseline', () => {
      assert.deepEqual(
        list([item('B'), item('A')], [item('ins_000002'), item('ins_000001')], { limit: 2 }, [
          4,
          2,
        ]),
        [
          "value.total: Expected the reference's total plus the 3 foreign items seen at the start",
        ],
      );
    });
  });

  test('seeded lists compare the configured items the target has, ignoring deployment details', () => {
    const t = ok({
      bundles: [{ id: 'b9', slug: 'other', name: 'x' }, {
        id: 'b1',
        slug: 'starter',
        name: 'Prod name',
      }],
    });
    const r = ok({ bundles: [{ id: 'bun_starter', slug: 'starter', name: 'Starter' }] });
    assert.deepEqual(compare('bundles.list', [200, t], [200, r]), []);
    const missing = ok({ bundles: [{ id: 'b9', slug: 'other' }] });
    assert.deepEqual(compare('bundles.list', [200, missing], [200, r]), [
      'value.bundles[0]: No slug "starter" on the target',
    ]);
  });

  describe('shell output and service URLs', () => {
    const exec = (stdout: string) => ok({ stdout, stderr: '', success: true });

    test('a revealed sandbox token is paired, kept out of reports, and must keep its partner', () => {
      const model = createModel({ baseline: { instances: 0, resources: 0 }, runTag: 'x' });
      const diffs = (t: string, r: string) =>
        compareExchanges(exchange(200, exec(t)), exchange(200, exec(r)), {
          label: 'execInSandbox',
          input: {},
          model,
          skewMs: 1000,
          rules: rojRules,
        });
      model.ids.pair('sbx_000009', 'sbx_000001');
      assert.deepEqual(
        diffs(
          'HOME=/home/user\nROJ_SANDBOX_ID=sbx_000009\nROJ_SANDBOX_TOKEN=rjs_T1\n',
          'HOME=/home/user\nROJ_SANDBOX_ID=sbx_000001\nROJ_SANDBOX_TOKEN=rjs_R1\n',
        ),
        [],
      );
      assert.equal(model.ids.translate('rjs_T1'), 'rjs_R1');
      const reused = diffs('ROJ_SANDBOX_TOKEN=rjs_T1\nx\n', 'ROJ_SANDBOX_TOKEN=rjs_R2\ny\n');
      assert.deepEqual(reused.map((d) => `${d.path}: ${d.message}`), [
        'value.stdout: A secret revealed here was seen before with another partner',
        'value.stdout: Differs (IDs and secrets translated)',
      ]);
      assert.doesNotMatch(JSON.stringify(reused), /rjs_/);
    });

    test('a service URL pairs its code, and must keep the form /services/<code>/', () => {
      const url = (path: string) => ok({ url: `http://side.test${path}` });
      const setup = (m: ReturnType<typeof createModel>) => m.ids.pair('ses_000009', 'ses_000001');
      assert.deepEqual(
        compare('getServiceUrl', [200, url('/services/svc_000009_1/')], [
          200,
          url('/services/svc_000001_1/'),
        ], { setup }),
        [],
      );
      assert.deepEqual(
        compare('getServiceUrl', [200, url('/service/svc_000009_1/')], [
          200,
          url('/services/svc_000001_1/'),
        ], { setup }),
        ['value.url: URL path differs (IDs translated)'],
      );
    });
  });
});

describe('compareExchanges: the rule kinds Rool adds', () => {
  const rool = (
    label: string,
    t: unknown,
    r: unknown,
    options: { input?: Record<string, unknown>; caller?: number; pair?: [string, string][] } = {},
  ) => {
    const model = createModel({ baseline: { spaces0: 1, spaces1: 0, storage0: 10 }, runTag: 'x' });
    for (const [a, b] of options.pair ?? []) model.ids.pair(a, b);
    return compareExchanges(exchange(200, ok(t)), exchange(200, ok(r)), {
      label,
      input: options.input ?? {},
      model,
      skewMs: 1000,
      rules: roolRules,
      caller: options.caller,
    }).map((d) => `${d.path}: ${d.message}`);
  };

  test('anyTime takes ISO strings and epoch ms, each checked by form', () => {
    assert.deepEqual(rool('x', { createdAt: now - 10 }, { createdAt: now - 3 }), []);
    assert.deepEqual(
      rool('x', { createdAt: '2026-11-21T07:00:00Z' }, { createdAt: '2026-11-21T07:59:00Z' }),
      [],
    );
    assert.deepEqual(rool('x', { createdAt: 'yesterday' }, { createdAt: '2026-11-21T07:59:00Z' }), [
      'value.createdAt: Not an ISO 8601 UTC time',
    ]);
    assert.deepEqual(rool('x', { createdAt: now + 60_000 }, { createdAt: now }), [
      'value.createdAt: Time is after the response arrived',
    ]);
  });

  test("freeText ignores the agent's wording unless a responseSchema asks for JSON", () => {
    assert.deepEqual(rool('ai.prompt', { message: 'I see a space' }, { message: 'It holds' }), []);
    assert.deepEqual(
      rool('ai.prompt', { message: '{"a":1}' }, { message: '{"a":2}' }, {
        input: { responseSchema: {} },
      }),
      ['value.message: Differs'],
    );
  });

  test('keyedById translates keys through the ID pairing', () => {
    const entry = (id: string, input: string) => ({ [id]: { id, input } });
    assert.deepEqual(
      rool('conversations.get', { conversation: { interactions: entry('int_t1', 'a') } }, {
        conversation: { interactions: entry('int_r1', 'a') },
      }, { pair: [['int_t1', 'int_r1']] }),
      [],
    );
    assert.deepEqual(
      rool('conversations.get', { conversation: { interactions: entry('int_t1', 'a') } }, {
        conversation: { interactions: entry('int_r2', 'a') },
      }, { pair: [['int_t1', 'int_r1']] }),
      [
        'value.conversation.interactions.int_r2: Missing on the target',
        'value.conversation.interactions.int_t1: Only on the target',
      ],
    );
  });

  test("runKeys compares the run's own storage keys only", () => {
    const mine = { 'conformance-x-k0': 1 };
    assert.deepEqual(
      rool('storage.get', { storage: { ...mine, theirs: 2 }, usedBytes: 30 }, {
        storage: mine,
        usedBytes: 20,
      }),
      [],
    );
    assert.deepEqual(
      rool('storage.get', { storage: {}, usedBytes: 10 }, { storage: mine, usedBytes: 0 }),
      [
        'value.storage.conformance-x-k0: Missing on the target',
      ],
    );
  });

  test("ownList: own items first and as the reference's, foreign ones as the caller's baseline", () => {
    const space = (id: string) => ({ id, name: id });
    const pair: [string, string][] = [['spc_t1', 'spc_r1']];
    assert.deepEqual(
      rool('spaces.list', { spaces: [space('spc_t1'), space('spc_old')] }, {
        spaces: [space('spc_r1')],
      }, { pair, caller: 0 }),
      ['value.spaces[0].name: Differs'],
    );
    assert.deepEqual(
      rool('spaces.list', { spaces: [space('spc_old'), space('spc_t1')] }, {
        spaces: [space('spc_r1')],
      }, { pair, caller: 1 }),
      [
        "value.spaces: An item the run did not create is listed before the run's own items",
        'value.spaces[0].name: Differs',
        "value.spaces: Expected the 0 foreign items seen at the start besides the run's own",
      ],
    );
  });
});
