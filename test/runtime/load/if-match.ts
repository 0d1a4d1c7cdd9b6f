/**
 * Concurrent conditional writes to one Rool drive file over WebDAV (docs/rool-webdav.md §4): in
 * each round, every writer sends `PUT` with `If-Match` naming the file's current ETag, all at once.
 * Exactly one may win (2xx); every other must get 412 Precondition Failed (RFC 9110 §13.1.1), and
 * the file must then hold the winner's bytes under the ETag its answer gave. Anything else is a
 * lost update: a write that answered success but did not survive, or a write that overwrote a
 * version its sender never saw.
 *
 * @module
 */

/** Options of {@linkcode ifMatchRounds}. */
export interface IfMatchOptions {
  /** The mock's origin. */
  url: string;
  /** A Rool user's bearer token. */
  token: string;
  /** Rounds, 1–1000. */
  rounds: number;
  /** Concurrent writers per round, 2–256. */
  writers: number;
  /** Bytes per write, 64–1 MiB; large enough that the mock reads each body in several chunks. */
  bytes: number;
  /** The pause in the middle of each body, in milliseconds. Default 25. */
  pauseMs?: number;
  /** The `fetch` to call it with; default the global one. */
  fetch?: typeof fetch;
}

/** What the rounds gave. */
export interface IfMatchResult {
  /** `PUT`s sent. */
  puts: number;
  /** Answers 2xx, over every round. */
  winners: number;
  /** Answers 412. */
  refused: number;
  /** Answers other than 2xx and 412, one line each. */
  unexpected: string[];
  /** Rounds whose file did not end as the single winner wrote it, one line each. */
  lostUpdates: string[];
  /** Writes that answered 2xx but do not survive: every winner past one, in every round. */
  lostWrites: number;
}

/**
 * Creates a space, writes the file, then runs the rounds.
 *
 * @param options The mock, the user, and the size of the contest.
 * @returns The counts.
 * @throws {RangeError} When an option is out of range.
 * @throws {Error} When the space or the first version cannot be created, or a round's file
 * cannot be read.
 *
 * @example Against the mock in process
 * ```ts
 * import assert from 'node:assert/strict';
 * import { createMockServer } from '../../../mock-server/mod.ts';
 * import { ifMatchRounds } from './if-match.ts';
 * const mock = createMockServer();
 * const result = await ifMatchRounds({
 *   url: 'http://mock.test', token: 'rool_alice_token', rounds: 2, writers: 4, bytes: 100,
 *   fetch: (input, init) => mock.fetch(new Request(input, init)),
 * });
 * assert.equal(result.puts, 8);
 * ```
 */
export async function ifMatchRounds(options: IfMatchOptions): Promise<IfMatchResult> {
  check('rounds', options.rounds, 1, 1000);
  check('writers', options.writers, 2, 256);
  // At least 64, so that every writer's bytes differ from every other's (see `content`).
  check('bytes', options.bytes, 64, 1 << 20);
  const call = options.fetch ?? fetch;
  const auth = { authorization: `Bearer ${options.token}` };
  const created = await call(`${options.url}/rool/v1/rpc`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ method: 'spaces.create', input: { name: 'If-Match contest' } }),
  });
  const space = await created.json();
  if (!space.ok) throw new Error(`spaces.create answered ${created.status}`);
  const file = `${options.url}/rool/v1/spaces/${space.value.id}/dav/rool-drive/contested.bin`;
  const first = await call(file, { method: 'PUT', headers: auth, body: content(0, 0, 16) });
  await first.body?.cancel();
  let etag = first.headers.get('etag');
  if (first.status !== 201 || etag === null) {
    throw new Error(`The first PUT answered ${first.status} with ETag ${etag}`);
  }

  const result: IfMatchResult = {
    puts: 0,
    winners: 0,
    refused: 0,
    unexpected: [],
    lostUpdates: [],
    lostWrites: 0,
  };
  for (let round = 1; round <= options.rounds; round++) {
    const bodies = Array.from(
      { length: options.writers },
      (_, writer) => content(round, writer, options.bytes),
    );
    const answers = await Promise.all(bodies.map(async (body) => {
      const response = await call(file, {
        method: 'PUT',
        headers: {
          ...auth,
          'if-match': etag!,
          'content-type': 'application/octet-stream',
          'content-length': String(body.length),
        },
        body: slowly(body, options.pauseMs ?? 25),
        duplex: 'half',
      } as RequestInit);
      await response.body?.cancel();
      return { status: response.status, etag: response.headers.get('etag') };
    }));
    result.puts += answers.length;
    const won = answers.flatMap((a, writer) => a.status >= 200 && a.status < 300 ? [writer] : []);
    result.winners += won.length;
    result.refused += answers.filter((a) => a.status === 412).length;
    for (const a of answers) {
      if (a.status !== 412 && (a.status < 200 || a.status >= 300)) {
        result.unexpected.push(`round ${round}: ${a.status}`);
      }
    }
    const current = await call(file, { headers: auth });
    const bytes = new Uint8Array(await current.arrayBuffer());
    if (current.status !== 200) {
      throw new Error(`GET after round ${round} answered ${current.status}`);
    }
    const holder = bodies.findIndex((body) => equalBytes(body, bytes));
    result.lostWrites += won.filter((writer) => writer !== holder).length;
    if (won.length !== 1) {
      result.lostUpdates.push(
        `round ${round}: ${won.length} writers won (${won.join(', ')}); the file holds ${
          holder === -1 ? 'none of the writes' : `writer ${holder}'s`
        }`,
      );
    } else if (holder !== won[0]) {
      result.lostUpdates.push(
        `round ${round}: writer ${won[0]} won but the file holds ${
          holder === -1 ? 'none of the writes' : `writer ${holder}'s`
        }`,
      );
    } else if (current.headers.get('etag') !== answers[won[0]].etag) {
      result.lostUpdates.push(`round ${round}: the file's ETag is not the winner's`);
    }
    etag = current.headers.get('etag');
    if (etag === null) throw new Error(`GET after round ${round} gave no ETag`);
  }
  return result;
}

/**
 * The body in two halves with a pause between: every writer's request has reached the server, and
 * had its preconditions checked, before any body is complete. That is the window in which a server
 * that checks `If-Match` and writes later lets two writers win.
 */
function slowly(body: Uint8Array<ArrayBuffer>, pauseMs: number): ReadableStream<Uint8Array> {
  const half = body.length >> 1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return new ReadableStream({
    async pull(controller) {
      if (timer === undefined) {
        controller.enqueue(body.slice(0, half));
        await new Promise<void>((resolve) => timer = setTimeout(resolve, pauseMs));
        return;
      }
      controller.enqueue(body.slice(half));
      controller.close();
    },
    cancel() {
      clearTimeout(timer);
    },
  });
}

// Distinct bytes per round and writer, so the file shows whose write it holds.
function content(round: number, writer: number, size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  const label = new TextEncoder().encode(`round ${round} writer ${writer} `);
  for (let i = 0; i < size; i++) bytes[i] = label[i % label.length];
  return bytes;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function check(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
}
