// The RPC client, and the Roj and Rool clients built on it, against a real misbehaving server
// on a loopback socket: every fault ends the call with `transport_error` or `timeout` within the
// timeout, reads are retried only when configured, writes never, and the credential shows up in
// no error and no log line.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { inspect } from 'node:util';
import { createRpcClient, type RpcCallError, type RpcResult } from './client.ts';
import { isReadMethod, methodNames, type MethodRegistry } from './definition.ts';
import { type ReadRetry, retryReads } from './retry.ts';
import { createRojClient } from '../roj/client.ts';
import { RojApiError } from '../roj/errors.ts';
import { instanceMethods } from '../roj/instance-methods.ts';
import { type PlatformMethods, platformMethods } from '../roj/methods.ts';
import { RoolClient } from '../rool/client.ts';
import { RoolError } from '../rool/errors.ts';
import type { Logger } from '../rool/logger.ts';
import { roolMethods } from '../rool/methods.ts';
import { TokenAuthProvider } from '../rool/token-auth.ts';
import {
  type Fault,
  type FaultServer,
  faultUrl,
  startFaultServer,
} from '../../test/helpers/fault-server.ts';

/** The timeout of every call here, in ms: long enough for a loaded CI machine to answer. */
const timeoutMs = 400;
/** How late after the timeout a call may end: event-loop and teardown slack on a busy machine. */
const marginMs = 300;

const apiKey = 'rk_live_9d8c7b6a5f4e3d2c1b0a';
const roolToken = 'rool_secret_token_3e1f0a9b7c';

/** What each fault must become: the error type and the status seen (0: no response head). */
const expected: [Fault, RpcCallError['type'], number[]][] = [
  // The head arrives before the reset or the early end, so the status seen is 200.
  ['reset', 'transport_error', [200]],
  ['bad-gateway', 'transport_error', [502]],
  ['empty', 'transport_error', [200]],
  ['trickle', 'timeout', [200]],
  ['stall', 'timeout', [200]],
  ['half-close', 'transport_error', [0]],
  ['truncated', 'transport_error', [200]],
  ['invalid-json', 'transport_error', [200]],
  ['never', 'timeout', [0]],
];

/** How long a call may run before the test stops waiting and fails it as hung. */
const hungAfterMs = timeoutMs + marginMs + 1_000;

/** Runs `call` and measures it; a call still running after `hungAfterMs` fails the test. */
async function timed<T>(call: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Call still running after ${hungAfterMs} ms`)),
      hungAfterMs,
    );
  });
  try {
    const value = await Promise.race([call(), hung]);
    return { value, ms: performance.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

/** Asserts the call ended by the timeout plus the margin, and a timeout not before the timeout. */
function assertPromptly(fault: Fault, type: string, ms: number): void {
  assert.ok(ms < timeoutMs + marginMs, `${fault}: ended after ${Math.round(ms)} ms`);
  if (type === 'timeout') assert.ok(ms >= timeoutMs - 5, `${fault}: ended early at ${ms} ms`);
}

/** Everything an error shows a reader: message, JSON, and a deep inspection with its cause. */
function everythingIn(value: unknown): string {
  const parts = [inspect(value, { depth: Infinity, showHidden: true })];
  if (value instanceof Error) {
    parts.push(value.message, String(value.stack), JSON.stringify(value));
    const cause: unknown = value.cause;
    if (cause instanceof Error) parts.push(cause.message, String(cause.stack));
    else parts.push(String(cause));
  } else {
    parts.push(JSON.stringify(value, (_key, v) => (v instanceof Error ? String(v.stack) : v)));
  }
  return parts.join('\n');
}

/** A logger that keeps every line, each argument inspected as a console would print it. */
function recordingLogger(): Logger & { lines: string[]; logged(prefix: string): Promise<void> } {
  const lines: string[] = [];
  const waiting: [string, () => void][] = [];
  const record = (level: string) => (...args: unknown[]) => {
    const line = `${level} ${
      args.map((a) => typeof a === 'string' ? a : everythingIn(a)).join(' ')
    }`;
    lines.push(line);
    for (const [prefix, resolve] of waiting) if (line.startsWith(prefix)) resolve();
  };
  return {
    lines,
    logged: (prefix) =>
      lines.some((line) => line.startsWith(prefix))
        ? Promise.resolve()
        : new Promise((resolve) => waiting.push([prefix, resolve])),
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
}

let server: FaultServer;
before(async () => {
  server = await startFaultServer();
});
after(async () => {
  await server.close();
});

describe('each fault ends the call with transport_error or timeout, within the timeout', () => {
  test('the RPC client', async () => {
    const outcomes = await Promise.all(expected.map(async ([fault]) => {
      const client = createRpcClient<PlatformMethods>(`${faultUrl(server, fault)}/api/v1`, {
        headers: { Authorization: `Bearer ${apiKey}` },
        timeout: timeoutMs,
      });
      return await timed(() => client.call('instances.get', { instanceId: 'inst_1' }));
    }));
    for (const [i, [fault, type, statuses]] of expected.entries()) {
      const { value: result, ms } = outcomes[i];
      assert.equal(result.ok, false, fault);
      if (result.ok) continue;
      assert.equal(result.error.type, type, `${fault}: ${result.error.message}`);
      assert.ok(statuses.includes(result.error.status), `${fault}: status ${result.error.status}`);
      assertPromptly(fault, type, ms);
      assert.ok(!everythingIn(result.error).includes(apiKey), `${fault} leaked the key`);
    }
  });

  test('the Roj client: a RojApiError whose message, cause and toJSON() never hold the API key', async () => {
    const faults: Fault[] = [...expected.map(([fault]) => fault), 'echo-secret'];
    const outcomes = await Promise.all(faults.map(async (fault) => {
      const roj = createRojClient({ url: faultUrl(server, fault), apiKey, timeout: timeoutMs });
      return await timed(() =>
        roj.instances.get('inst_1').then(() => undefined, (e: unknown) => e)
      );
    }));
    for (const [i, fault] of faults.entries()) {
      const { value: error, ms } = outcomes[i];
      assert.ok(error instanceof RojApiError, `${fault}: ${error}`);
      const want = expected.find(([f]) => f === fault)?.[1] ?? 'unauthorized';
      assert.equal(error.type, want, `${fault}: ${error.message}`);
      assertPromptly(fault, want, ms);
      assert.ok(!everythingIn(error).includes(apiKey), `${fault} leaked the key`);
      assert.ok(!JSON.stringify(error.toJSON()).includes(apiKey), `${fault} leaked the key`);
    }
    // The key did travel, so the checks above had something to find.
    const sent = server.requests.filter((r) => r.path.startsWith('/fault/echo-secret/'));
    assert.ok(sent.some((r) => r.headers.authorization === `Bearer ${apiKey}`));
    const echoed = outcomes[faults.indexOf('echo-secret')].value as RojApiError;
    assert.equal(echoed.message, 'Credential Bearer [redacted] is not valid');
  });

  test('the Rool client: no error and no log line holds the token', async () => {
    const logger = recordingLogger();
    const faults: Fault[] = [...expected.map(([fault]) => fault), 'echo-secret'];
    const outcomes = await Promise.all(faults.map(async (fault) => {
      const rool = new RoolClient({
        apiUrl: faultUrl(server, fault),
        authProvider: new TokenAuthProvider(roolToken),
        logger,
        timeoutMs,
      });
      const outcome = await timed(() => rool.listSpaces().then(() => undefined, (e: unknown) => e));
      rool.destroy();
      return outcome;
    }));
    for (const [i, fault] of faults.entries()) {
      const { value: error, ms } = outcomes[i];
      assert.ok(error instanceof RoolError, `${fault}: ${error}`);
      const want = expected.find(([f]) => f === fault)?.[1] ?? 'unauthorized';
      assert.equal(error.type, want, `${fault}: ${error.message}`);
      assertPromptly(fault, want, ms);
      assert.ok(!everythingIn(error).includes(roolToken), `${fault} leaked the token`);
    }
    // A failed logout is logged with its error: the server echoed the token into it.
    const rool = new RoolClient({
      apiUrl: faultUrl(server, 'echo-secret'),
      authProvider: new TokenAuthProvider(roolToken),
      logger,
      timeoutMs,
    });
    rool.logout();
    // A logout that never logs its failure fails here rather than hanging the run.
    await timed(() => logger.logged('warn Could not revoke the token'));
    rool.destroy();
    assert.ok(logger.lines.some((line) => line.startsWith('debug Rool call spaces.list')));
    assert.ok(logger.lines.some((line) => line.startsWith('warn Could not revoke the token')));
    assert.ok(logger.lines.some((line) => line.includes('[redacted]')));
    for (const line of logger.lines) assert.ok(!line.includes(roolToken), `logged: ${line}`);
    assert.ok(server.requests.some((r) => r.headers.authorization === `Bearer ${roolToken}`));
  });
});

describe('retries over a real socket', () => {
  const policy = { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 };
  const retry = retryReads(platformMethods, policy);
  const client = (options: { retry?: ReadRetry } = {}) =>
    createRpcClient<PlatformMethods>(`${server.url}/api/v1`, {
      headers: { Authorization: `Bearer ${apiKey}` },
      timeout: timeoutMs,
      ...options,
    });
  const methodsSent = (from: number) =>
    server.requests.slice(from).map((r) => (JSON.parse(r.body) as { method: string }).method);

  test('a read is retried through a reset, a 502 and a 503, and returns the success', async () => {
    const from = server.requests.length;
    server.plan(['reset', 'bad-gateway', 'unavailable'], 'ok');
    const result = await client({ retry }).call('instances.get', { instanceId: 'inst_1' });
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.deepEqual(methodsSent(from), Array(4).fill('instances.get'));
    assert.deepEqual(server.requests.slice(from).map((r) => r.fault), [
      'reset',
      'bad-gateway',
      'unavailable',
      'ok',
    ]);
  });

  test('a read is retried after a timeout, and gives up after `attempts` with the last error', async () => {
    const from = server.requests.length;
    server.plan(['stall'], 'gateway-timeout');
    const { value: result, ms } = await timed(() =>
      client({ retry }).call('instances.list', { limit: 10 })
    );
    assert.deepEqual(result.ok ? 'ok' : [result.error.type, result.error.status], [
      'transport_error',
      504,
    ]);
    assert.equal(methodsSent(from).length, policy.attempts);
    assert.ok(ms < policy.attempts * (timeoutMs + policy.maxDelayMs) + marginMs, `took ${ms} ms`);
  });

  test('a write is never retried: the server sees exactly one request', async () => {
    const faults: Fault[] = ['reset', 'half-close', 'bad-gateway', 'unavailable', 'empty', 'never'];
    for (const fault of faults) {
      const from = server.requests.length;
      server.plan([fault], 'ok');
      const result: RpcResult<unknown> = await client({ retry }).call('instances.create', {
        templateSlug: 'starter',
        name: 'demo',
      });
      assert.equal(result.ok, false, fault);
      assert.deepEqual(methodsSent(from), ['instances.create'], fault);
    }
  });

  test('without a retry policy a read is sent once', async () => {
    const from = server.requests.length;
    server.plan(['bad-gateway'], 'ok');
    const result = await client().call('instances.get', { instanceId: 'inst_1' });
    assert.deepEqual(result.ok ? 'ok' : [result.error.type, result.error.status], [
      'transport_error',
      502,
    ]);
    assert.deepEqual(methodsSent(from), ['instances.get']);
  });

  test('a 4xx is not retried', async () => {
    const from = server.requests.length;
    server.plan(['not-found-html', 'echo-secret'], 'ok');
    for (let i = 0; i < 2; i++) {
      const result = await client({ retry }).call('instances.get', { instanceId: 'inst_1' });
      assert.equal(result.ok, false);
    }
    assert.deepEqual(methodsSent(from), ['instances.get', 'instances.get']);
  });
});

describe('the read markers', () => {
  // Reads change nothing, so a retried one is harmless; a write marked as one could apply twice.
  const reads = (methods: MethodRegistry) =>
    methodNames(methods).filter((m) => isReadMethod(methods, m));

  test('mark exactly the methods that only read', () => {
    assert.deepEqual(reads(platformMethods), [
      'instances.get',
      'instances.list',
      'instances.status',
      'sessions.list',
      'services.getUrl',
      'bundles.list',
      'resources.get',
      'resources.list',
    ]);
    assert.deepEqual(reads(instanceMethods), [
      'getAgentLogs',
      'validateSandboxToken',
      'listSessions',
      'getServiceUrl',
      'getServiceUrls',
    ]);
    assert.deepEqual(reads(roolMethods), [
      'user.get',
      'user.search',
      'storage.get',
      'spaces.list',
      'spaces.get',
      'members.list',
      'channels.list',
      'objects.get',
      'objects.getMany',
      'objects.stat',
      'schema.get',
      'metadata.get',
      'conversations.list',
      'conversations.get',
      'checkpoints.status',
      'checkpoints.history',
    ]);
  });
});
