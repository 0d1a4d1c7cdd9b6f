/**
 * Sends fuzzed requests to a target one by one and checks each answer: the
 * response invariants (./invariants.ts), no unexpected error reported by the
 * mock, the state digest of the request's product unchanged by a refusal or
 * a read (a read-only RPC method, a safe WebDAV method) and, after a batch of
 * refusals, both products' unchanged; no built-in prototype polluted. Counts
 * what it sent.
 *
 * @module
 */
import process from 'node:process';
import { rojStateDigest, roolStateDigest } from '../helpers/state-digest.ts';
import { checkResponse, InvariantError } from './invariants.ts';
import { bodyBytes, type FuzzRequest, resolveRefs, toRequest } from './request.ts';
import { type FuzzTarget, productOf } from './target.ts';
import { fuzzOrigin } from './fixtures.ts';

/** How a request reaches the mock: in process, or over a socket. */
export type Send = (request: Request) => Promise<Response>;

/** What a run sent and how it was answered, and what it cost. */
export class FuzzStats {
  /** Requests sent. */
  requests = 0;
  /** Requests accepted (2xx, 304). */
  accepted = 0;
  /** Answers by status. */
  readonly byStatus: Map<number, number> = new Map();
  /** Milliseconds spent sending and checking, generation aside. */
  ms = 0;
  #started = performance.now();
  #cpu = process.cpuUsage();

  /**
   * A one-line summary: requests, rates of the whole run (generation included) in wall and CPU
   * time, and the statuses seen.
   *
   * @param name What was fuzzed.
   * @returns The summary.
   */
  summary(name: string): string {
    const wall = (performance.now() - this.#started) / 1000;
    const { user, system } = process.cpuUsage(this.#cpu);
    const cpu = (user + system) / 1e6;
    const statuses = [...this.byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
    return `fuzz ${name}: ${this.requests} requests in ${wall.toFixed(1)} s ` +
      `(${Math.round(this.requests / wall)}/s; ${cpu.toFixed(1)} s CPU, ` +
      `${Math.round(this.requests / cpu)}/s of CPU; sending and checking ${
        (this.ms / 1000).toFixed(1)
      } s), ${this.accepted} accepted; ${statuses.join(' ')}`;
  }
}

/** How long one answer may take before the mock is deemed stuck. */
export const answerTimeoutMs = 10_000;

const safeDavMethods = new Set(['GET', 'HEAD', 'OPTIONS', 'PROPFIND', 'REPORT']);
const prototypeKeys = {
  object: Object.getOwnPropertyNames(Object.prototype).join(),
  array: Object.getOwnPropertyNames(Array.prototype).join(),
  function: Object.getOwnPropertyNames(Function.prototype).join(),
};

/**
 * Sends a batch of requests from the fixtures' state and checks every answer.
 *
 * @param target The mock under fuzzing; its state is restored first if an earlier batch changed it.
 * @param requests The requests, in order.
 * @param options How to send, the stats to count into, the origin to address, and whether the
 * runtime's server may refuse a request before the mock sees it.
 * @returns Once every answer was checked.
 * @throws {InvariantError} For the first broken invariant, naming the request.
 */
export async function runBatch(
  target: FuzzTarget,
  requests: readonly FuzzRequest[],
  options: {
    send: Send;
    stats: FuzzStats;
    origin?: string;
    /** Whether the runtime's server may refuse a request before the mock sees it. */
    runtimeMayRefuse?: (request: FuzzRequest) => boolean;
  },
): Promise<void> {
  const { send, stats } = options;
  await target.restore();
  const carried = new Set<string>();
  const started = performance.now();
  const atStart = { roj: target.digest('roj'), rool: target.digest('rool') };
  let changed = false;
  // Refusals known in advance, whose digests are compared together at the next checkpoint.
  const deferred: { where: () => string; secrets: readonly string[] }[] = [];
  const deferredProducts = new Set<'roj' | 'rool'>();
  const checkpoint = () => {
    if (deferred.length === 0) return;
    for (const product of deferredProducts) {
      const before = target.digest(product);
      const after = digestOf(target, product);
      if (after === before) continue;
      const { secrets } = deferred[deferred.length - 1];
      throw new InvariantError(
        `One of ${deferred.length} refusals changed the ${product} state (${
          firstDifference(before, after, secrets)
        }) on ${deferred.map((d) => d.where()).join('\n  or ')}`,
      );
    }
    deferred.length = 0;
    deferredProducts.clear();
  };
  try {
    for (const [index, request] of requests.entries()) {
      const where = () => `request ${index + 1} of ${requests.length}: ${request}`;
      const product = productOf(request.path);
      const pristine = target.pristine(product);
      // A refusal the generator is sure of (checked below) need not be digested on its own: the
      // next checkpoint, before any request that may be accepted, covers it exactly.
      const sure = pristine && request.expect !== undefined && request.expect.status >= 400;
      if (!sure) checkpoint();
      const fixtures = target.fixtures;
      const before = target.digest(product);
      const secrets = target.secrets();
      const passwords = target.passwords;
      noteCarried(request, fixtures, [...secrets, ...passwords], carried);
      // Built outside the guard: a request the runtime refuses to build is the generator's fault.
      const built = toRequest(request, options.origin ?? fuzzOrigin, fixtures);
      const checked = effectiveFormat(request, built);
      const runtimeMayRefuse = options.runtimeMayRefuse?.(request) ?? false;
      const response = await withTimeout(send(built), where).catch((error) => {
        if (error instanceof InvariantError) throw error;
        // A server that closes on headers past its limits is the runtime's refusal.
        if (runtimeMayRefuse) return undefined;
        throw new InvariantError(`The mock threw (${error}) on ${where()}`, { cause: error });
      });
      let verdict;
      try {
        verdict = response === undefined
          ? { accepted: false, status: 0 }
          : await checkResponse(checked, response, {
            secrets,
            passwords,
            carried,
            pristine,
            runtimeMayRefuse,
          });
      } catch (error) {
        if (error instanceof InvariantError) {
          throw new InvariantError(`${error.message}\n  on ${where()}`, { cause: error });
        }
        throw error;
      }
      stats.requests++;
      stats.byStatus.set(verdict.status, (stats.byStatus.get(verdict.status) ?? 0) + 1);
      if (verdict.accepted) stats.accepted++;
      const errors = target.takeErrors();
      if (errors.length > 0) {
        throw new InvariantError(`The mock reported an unexpected error on ${where()}`, {
          cause: errors[0],
        });
      }
      if (sure) {
        deferred.push({ where, secrets });
        deferredProducts.add(product);
        continue;
      }
      const readOnly = request.readOnly ||
        (request.format === 'dav' && safeDavMethods.has(request.method));
      if (verdict.accepted && !readOnly) {
        changed = true;
        target.touched(product);
        // The control API's reset and loadSeed replace both products' state.
        if (request.path.startsWith('/_mock/')) target.touched(product === 'roj' ? 'rool' : 'roj');
        continue;
      }
      const after = digestOf(target, product);
      if (after !== before) {
        throw new InvariantError(
          `A ${verdict.status} ${
            verdict.accepted ? 'read' : 'refusal'
          } changed the ${product} state (${
            firstDifference(before, after, secrets)
          }) on ${where()}`,
        );
      }
    }
    checkpoint();
    // Each request was checked against its own product's state; a batch that changed nothing
    // must also have left the other product's alone.
    if (!changed) {
      for (const product of ['roj', 'rool'] as const) {
        if (digestOf(target, product) !== atStart[product]) {
          throw new InvariantError(`A batch of refusals changed the ${product} state`);
        }
      }
    }
  } finally {
    stats.ms += performance.now() - started;
  }
  checkPrototypes();
}

const davRoute = /^\/rool\/v1\/spaces\/[^/]+\/dav(?:\/|$)/;

// The URL parser resolves dot segments (`%2e%2e` too) before routing: a WebDAV path that climbs
// out of `/dav` reaches another route, which answers with the RPC error envelope.
function effectiveFormat(request: FuzzRequest, built: Request): FuzzRequest {
  if (request.format !== 'dav' || davRoute.test(new URL(built.url).pathname)) return request;
  return request.with({ format: 'envelope' });
}

function digestOf(target: FuzzTarget, product: 'roj' | 'rool'): string {
  return product === 'roj'
    ? rojStateDigest(target.mock.runtime.state)
    : roolStateDigest(target.mock.rool.runtime.state);
}

/**
 * Fails when a request added a property to a built-in prototype.
 *
 * @returns Nothing, when no prototype changed since this module loaded.
 * @throws {InvariantError} Naming the prototype.
 */
export function checkPrototypes(): void {
  const now = {
    object: Object.getOwnPropertyNames(Object.prototype).join(),
    array: Object.getOwnPropertyNames(Array.prototype).join(),
    function: Object.getOwnPropertyNames(Function.prototype).join(),
  };
  for (const key of ['object', 'array', 'function'] as const) {
    if (now[key] !== prototypeKeys[key]) {
      throw new InvariantError(`The ${key} prototype was polluted: ${now[key]}`);
    }
  }
  if ((({}) as Record<string, unknown>).fuzzPolluted !== undefined) {
    throw new InvariantError('Object.prototype.fuzzPolluted was set');
  }
}

function noteCarried(
  request: FuzzRequest,
  fixtures: Readonly<Record<string, string>>,
  secrets: readonly string[],
  carried: Set<string>,
): void {
  const values = { ...fixtures, bodyLength: '0' };
  const parts = [resolveRefs(request.path, values)];
  for (const [, value] of request.headers) parts.push(resolveRefs(value, values));
  const bytes = typeof request.body === 'string' ? bodyBytes(request, fixtures) : null;
  if (bytes) parts.push(new TextDecoder().decode(bytes));
  const text = parts.join('\n');
  for (const secret of secrets) if (text.includes(secret)) carried.add(secret);
}

async function withTimeout(answer: Promise<Response>, where: () => string): Promise<Response> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new InvariantError(`No answer within ${answerTimeoutMs} ms on ${where()}`)),
      answerTimeoutMs,
    );
  });
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// Where two digests part, with the secrets the state holds blanked out.
function firstDifference(a: string, b: string, secrets: readonly string[]): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 80);
  let shown = `before …${a.slice(from, i + 80)}… after …${b.slice(from, i + 80)}…`;
  for (const secret of secrets) shown = shown.replaceAll(secret, '<secret>');
  return shown;
}
