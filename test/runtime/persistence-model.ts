/**
 * What clients of a `--data` mock were told, and the check that the mock
 * still holds it (./persistence.ts). Each writer runs its writes one after
 * another: a Roj instance create, a Rool object update (its `n` counts up),
 * a WebDAV file create, a WebDAV overwrite of one file (its content counts
 * up). A write whose answer arrived is acknowledged and must survive; one
 * that failed (the process was killed under it) may survive, whole, or not;
 * whichever a restart shows must then hold from there on.
 *
 * @module
 */
import assert from 'node:assert/strict';

/** A running mock. */
export interface Target {
  /** Its origin. */
  url: string;
}

/** A created thing: must be there, may be there (write unacknowledged), or must not be. */
type Presence = 'must' | 'maybe' | 'absent';

/** A counter's possible values: from the last acknowledged (or seen) to the last attempted. */
interface Range {
  lo: number;
  hi: number;
}

const apiKey = 'Bearer roj_dev_key';
const alice = 'Bearer rool_alice_token';

/** The model of what the clients were told. */
export class PersistModel {
  #spaceId: string | undefined;
  #instances = new Map<string, Presence>();
  #files = new Map<string, Presence>();
  #objects: Range[] = [];
  #overwrites: Range[] = [];
  #next: number[] = [];
  #acknowledged = 0;
  #unacknowledged = 0;
  #kept = 0;

  /**
   * Creates the Rool space the writers write to, with collection `body`.
   *
   * @param target The mock.
   */
  async createSpace(target: Target): Promise<void> {
    const created = await rool(target, 'spaces.create', { name: 'Persisted' });
    this.#spaceId = created.id;
    await rool(target, 'channels.open', { spaceId: created.id, channelId: 'main' });
    const def = { fields: [] };
    await rool(target, 'collections.create', {
      spaceId: created.id,
      channelId: 'main',
      name: 'body',
      def,
    });
    this.#acknowledged += 3;
  }

  /**
   * Writes until the stop flag is set, a write fails, or `count` writes were acknowledged.
   *
   * @param target The mock.
   * @param w The writer's number.
   * @param stop Set once the mock was killed.
   * @param count Most writes.
   */
  async write(target: Target, w: number, stop: { now: boolean }, count = Infinity): Promise<void> {
    this.#objects[w] ??= { lo: -1, hi: -1 };
    this.#overwrites[w] ??= { lo: -1, hi: -1 };
    for (let done = 0; done < count && !stop.now; done++) {
      const n = this.#next[w] = (this.#next[w] ?? 0) + 1;
      const acknowledge = this.#start(w, n);
      try {
        await this.#send(target, w, n);
      } catch (error) {
        if (error instanceof assert.AssertionError) throw error;
        this.#unacknowledged++;
        return;
      }
      acknowledge();
      this.#acknowledged++;
    }
  }

  /** Records a write as attempted; returns how to record it as acknowledged. */
  #start(w: number, n: number): () => void {
    switch (n % 4) {
      case 0:
        this.#instances.set(`w${w}-${n}`, 'maybe');
        return () => this.#instances.set(`w${w}-${n}`, 'must');
      case 1:
        this.#objects[w].hi = n;
        return () => this.#objects[w].lo = n;
      case 2:
        this.#files.set(`w${w}-${n}`, 'maybe');
        return () => this.#files.set(`w${w}-${n}`, 'must');
      default:
        this.#overwrites[w].hi = n;
        return () => this.#overwrites[w].lo = n;
    }
  }

  async #send(target: Target, w: number, n: number): Promise<void> {
    const spaceId = this.#spaceId!;
    const signal = AbortSignal.timeout(10_000);
    if (n % 4 === 0) {
      await roj(
        target,
        'instances.create',
        { templateSlug: 'starter', name: `w${w}-${n}` },
        signal,
      );
    } else if (n % 4 === 1) {
      const path = `/space/body/w${w}.json`;
      await rool(target, 'objects.put', { spaceId, channelId: 'main', path, body: { n } }, signal);
    } else {
      const path = n % 4 === 2 ? `/rool-drive/w${w}-${n}` : `/rool-drive/w${w}`;
      const response = await dav(target, spaceId, 'PUT', path, { body: String(n), signal });
      await response.body?.cancel();
      assert.ok(
        response.status === 201 || response.status === 204,
        `PUT ${path}: ${response.status}`,
      );
    }
  }

  /**
   * Checks that the mock holds every acknowledged write, and of the others either all or nothing
   * of each; then takes what it holds as known.
   *
   * @param target The restarted mock.
   * @param context Where in the test, for messages.
   */
  async check(target: Target, context: string): Promise<void> {
    const names = await listInstances(target);
    this.#settle(this.#instances, names, `${context}: instance`);
    if (this.#spaceId === undefined) return;
    const files = await listDrive(target, this.#spaceId);
    const counted = [...files].filter((name) => name.includes('-'));
    this.#settle(this.#files, new Set(counted), `${context}: drive file`);
    for (const name of counted) {
      const text: string = await (await dav(target, this.#spaceId, 'GET', `/rool-drive/${name}`))
        .text();
      assert.equal(text, name.split('-')[1], `${context}: ${name} holds a write whole`);
    }
    for (const [w, range] of this.#objects.entries()) {
      const got = await rool(target, 'objects.get', {
        spaceId: this.#spaceId,
        path: `/space/body/w${w}.json`,
      });
      const n = (got.object?.body.n as number | undefined) ?? -1;
      settleRange(range, n, `${context}: object of writer ${w}`);
    }
    for (const [w, range] of this.#overwrites.entries()) {
      const response = await dav(target, this.#spaceId, 'GET', `/rool-drive/w${w}`);
      const n = response.status === 404 ? -1 : Number(await response.text());
      if (response.status === 404) await response.body?.cancel();
      settleRange(range, n, `${context}: overwritten file of writer ${w}`);
    }
  }

  #settle(model: Map<string, Presence>, found: Set<string>, what: string): void {
    for (const name of found) assert.ok(model.has(name), `${what} ${name} was never written`);
    for (const [name, presence] of model) {
      const there = found.has(name);
      if (presence === 'must') assert.ok(there, `${what} ${name} was acknowledged but is lost`);
      if (presence === 'absent') assert.ok(!there, `${what} ${name} was lost, then came back`);
      if (presence === 'maybe') {
        model.set(name, there ? 'must' : 'absent');
        if (there) this.#kept++;
      }
    }
  }

  /**
   * The figures of the run so far.
   *
   * @returns Writes acknowledged, writes that failed with the process, how many of those the
   * restart kept, and acknowledged writes lost (a failed check throws before counting one).
   */
  figures(): { acknowledged: number; inFlight: number; kept: number; lost: number } {
    return {
      acknowledged: this.#acknowledged,
      inFlight: this.#unacknowledged,
      kept: this.#kept,
      lost: 0,
    };
  }
}

function settleRange(range: Range, n: number, what: string): void {
  assert.ok(
    n >= range.lo && n <= range.hi,
    `${what} is ${n}: the last acknowledged value is ${range.lo}, the last attempted ${range.hi}`,
  );
  range.lo = range.hi = n;
}

async function call(
  target: Target,
  path: string,
  authorization: string,
  method: string,
  input: unknown,
  signal?: AbortSignal,
  // deno-lint-ignore no-explicit-any -- answers of several methods, read loosely
): Promise<any> {
  const response = await fetch(`${target.url}${path}`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ method, input }),
    signal,
  });
  const body = await response.json();
  assert.ok(body.ok, `${method}: ${response.status} ${JSON.stringify(body)}`);
  return body.value;
}

function roj(target: Target, method: string, input: unknown, signal?: AbortSignal) {
  return call(target, '/api/v1/rpc', apiKey, method, input, signal);
}

function rool(target: Target, method: string, input: unknown, signal?: AbortSignal) {
  return call(target, '/rool/v1/rpc', alice, method, input, signal);
}

function dav(
  target: Target,
  spaceId: string,
  method: string,
  path: string,
  init: { body?: string; signal?: AbortSignal; headers?: Record<string, string> } = {},
): Promise<Response> {
  return fetch(`${target.url}/rool/v1/spaces/${spaceId}/dav${path}`, {
    method,
    headers: { authorization: alice, ...init.headers },
    body: init.body,
    signal: init.signal,
  });
}

async function listInstances(target: Target): Promise<Set<string>> {
  const names = new Set<string>();
  for (let offset = 0;; offset += 100) {
    const page = await roj(target, 'instances.list', { limit: 100, offset });
    for (const instance of page.instances) {
      assert.ok(!names.has(instance.name), `instance ${instance.name} is listed twice`);
      names.add(instance.name);
    }
    if (offset + 100 >= page.total) {
      assert.equal(names.size, page.total, 'instances.list total matches the instances listed');
      return names;
    }
  }
}

async function listDrive(target: Target, spaceId: string): Promise<Set<string>> {
  const response = await dav(target, spaceId, 'PROPFIND', '/rool-drive', {
    headers: { depth: '1' },
    body: '<D:propfind xmlns:D="DAV:"><D:prop><D:getetag/></D:prop></D:propfind>',
  });
  const text = await response.text();
  assert.equal(response.status, 207, text);
  const names = new Set<string>();
  for (const [, href] of text.matchAll(/<D:href>[^<]*\/rool-drive\/([^<\/]+)<\/D:href>/g)) {
    names.add(decodeURIComponent(href));
  }
  return names;
}
