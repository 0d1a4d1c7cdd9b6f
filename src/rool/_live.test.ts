// The live-event stream against a scripted SSE server of its own: what each attempt sends,
// resuming with Last-Event-ID without losing an event, back-off and its reset, `retry:`, the
// heartbeat watchdog, the state sequence, refusals, and close() leaving nothing running.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { FetchFn } from '../rpc/client.ts';
import type { ConnectionState } from './event-types.ts';
import type { RoolError } from './errors.ts';
import type { Logger } from './logger.ts';
import { LiveStream, type LiveStreamOptions } from './_live.ts';
import type { SseEvent } from './_sse.ts';

const token = 'sk_secret_token_for_tests';
const clientId = 'client_0123456789';

/** One open response stream of the fake server. */
interface Connection {
  send(text: string): void;
  end(): void;
  cancelled: boolean;
}

/** A scripted SSE server: keeps a numbered event log and replays it after `Last-Event-ID`. */
class FakeSseServer {
  requests: Headers[] = [];
  connections: Connection[] = [];
  events: { id: number; name: string; data: string }[] = [];
  /** Answers instead of a stream when set; `null` answers a stream. */
  answer: ((attempt: number) => Response | null) | undefined;
  /** Written first on every stream. */
  preamble = '';

  fetch: FetchFn = (_input, init) => {
    const headers = new Headers(init?.headers);
    this.requests.push(headers);
    const scripted = this.answer?.(this.requests.length);
    if (scripted) return Promise.resolve(scripted);
    const after = Number(headers.get('last-event-id') ?? 0);
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const encoder = new TextEncoder();
    const connection: Connection = {
      cancelled: false,
      send: (text) => {
        if (!connection.cancelled) controller.enqueue(encoder.encode(text));
      },
      end: () => {
        if (!connection.cancelled) {
          connection.cancelled = true;
          controller.close();
        }
      },
    };
    const body = new ReadableStream<Uint8Array>({
      start: (c) => {
        controller = c;
      },
      cancel: () => {
        connection.cancelled = true;
      },
    });
    this.connections.push(connection);
    if (this.preamble) connection.send(this.preamble);
    for (const event of this.events.filter((e) => e.id > after)) {
      connection.send(frame(event));
    }
    return Promise.resolve(
      new Response(body, { headers: { 'Content-Type': 'text/event-stream; charset=utf-8' } }),
    );
  };

  publish(name: string, data: string): void {
    const event = { id: this.events.length + 1, name, data };
    this.events.push(event);
    for (const connection of this.connections) connection.send(frame(event));
  }

  /** Ends every open stream, as a server restart would. */
  dropAll(): void {
    for (const connection of this.connections) connection.end();
  }

  get open(): Connection[] {
    return this.connections.filter((connection) => !connection.cancelled);
  }
}

function frame(event: { id: number; name: string; data: string }): string {
  return `id: ${event.id}\nevent: ${event.name}\ndata: ${event.data}\n\n`;
}

interface Harness {
  stream: LiveStream;
  server: FakeSseServer;
  events: SseEvent[];
  states: ConnectionState[];
  stops: RoolError[];
  opens: boolean[];
  logs: string[];
}

const streams: LiveStream[] = [];
const allLogs: string[] = [];

afterEach(() => {
  for (const stream of streams.splice(0)) stream.close();
});

function setup(overrides: Partial<LiveStreamOptions> = {}, server = new FakeSseServer()): Harness {
  const logs: string[] = [];
  const record = (...args: unknown[]) => {
    const line = args.map((arg) => arg instanceof Error ? arg.message : String(arg)).join(' ');
    logs.push(line);
    allLogs.push(line);
  };
  const logger: Logger = { debug: record, info: record, warn: record, error: record };
  const harness: Omit<Harness, 'stream'> = {
    server,
    events: [],
    states: [],
    stops: [],
    opens: [],
    logs,
  };
  const stream = new LiveStream({
    name: 'test events',
    url: 'http://sse.test/v1/events',
    request: {
      apiUrl: 'http://sse.test',
      fetch: server.fetch,
      clientId,
      getToken: () => Promise.resolve(token),
    },
    settings: { reconnectBaseMs: 8, reconnectMaxMs: 64, heartbeatTimeoutMs: 1_000 },
    logger,
    random: () => 0,
    onEvent: (event) => harness.events.push(event),
    onStateChange: (state) => harness.states.push(state),
    onStop: (error) => harness.stops.push(error),
    onOpen: (resumed) => harness.opens.push(resumed),
    ...overrides,
  });
  streams.push(stream);
  return { ...harness, stream };
}

async function until(check: () => boolean, what: string, ms = 2_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The delays the stream announced, in order. */
function delays(logs: string[]): number[] {
  return logs.flatMap((line) => {
    const match = /reconnecting in (\d+) ms/.exec(line);
    return match ? [Number(match[1])] : [];
  });
}

describe('LiveStream: requests', () => {
  test('each attempt sends the current token, the client ID and Accept', async () => {
    let current = 'first_token_value';
    const h = setup({
      request: {
        apiUrl: 'http://sse.test',
        fetch: (input, init) => h.server.fetch(input, init),
        clientId,
        getToken: () => Promise.resolve(current),
      },
    });
    h.stream.start();
    await until(() => h.states.includes('connected'), 'connected');
    current = 'second_token_value';
    h.server.dropAll();
    await until(() => h.server.requests.length === 2, 'the second attempt');
    const [first, second] = h.server.requests;
    assert.equal(first!.get('authorization'), 'Bearer first_token_value');
    assert.equal(second!.get('authorization'), 'Bearer second_token_value');
    for (const headers of [first!, second!]) {
      assert.equal(headers.get('rool-client-id'), clientId);
      assert.equal(headers.get('accept'), 'text/event-stream');
    }
    assert.equal(first!.get('last-event-id'), null, 'nothing to resume from at first');
  });

  test('events arrive in order with their names, data and IDs', async () => {
    const h = setup();
    h.stream.start();
    await until(() => h.states.includes('connected'), 'connected');
    h.server.publish('spaceRenamed', '{"spaceId":"s1","name":"A"}');
    h.server.publish('spaceRemoved', '{"spaceId":"s2"}');
    await until(() => h.events.length === 2, 'two events');
    assert.deepEqual(h.events, [
      { event: 'spaceRenamed', data: '{"spaceId":"s1","name":"A"}', lastEventId: '1' },
      { event: 'spaceRemoved', data: '{"spaceId":"s2"}', lastEventId: '2' },
    ]);
    assert.equal(h.stream.lastEventId, '2');
  });
});

describe('LiveStream: resuming', () => {
  test('a reconnect sends Last-Event-ID and loses no event published meanwhile', async () => {
    const h = setup();
    h.stream.start();
    await until(() => h.states.includes('connected'), 'connected');
    let published = 0;
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 4; i++) h.server.publish('tick', String(++published));
      h.server.dropAll();
      // Published while no stream is open: only the replay can deliver these.
      for (let i = 0; i < 3; i++) h.server.publish('tick', String(++published));
      await until(() => h.server.open.length === 1, `reconnect ${round + 1}`);
    }
    await until(() => h.events.length === published, 'every event');
    assert.deepEqual(
      h.events.map((event) => Number(event.data)),
      Array.from({ length: published }, (_, i) => i + 1),
      'each event once, in order',
    );
    const resumedFrom = h.server.requests.slice(1).map((headers) => headers.get('last-event-id'));
    assert.deepEqual(resumedFrom, ['4', '11', '18', '25', '32']);
    assert.deepEqual(h.opens, [false, true, true, true, true, true]);
  });

  test('the first connection resumes after the initial ID; later ones after the last seen', async () => {
    const h = setup({ lastEventId: '2' });
    for (let i = 1; i <= 3; i++) h.server.publish('tick', String(i));
    assert.equal(h.stream.lastEventId, '2', 'before any event');
    h.stream.start();
    await until(() => h.events.length === 1, 'the event after the initial ID');
    h.server.publish('tick', '4');
    await until(() => h.events.length === 2, 'the live event');
    h.server.dropAll();
    await until(() => h.server.requests.length === 2 && h.server.open.length === 1, 'reconnected');
    assert.deepEqual(h.events.map((event) => event.data), ['3', '4'], 'nothing before it, once');
    const sent = h.server.requests.map((headers) => headers.get('last-event-id'));
    assert.deepEqual(sent, ['2', '4']);
    assert.deepEqual(h.opens, [true, true]);
  });

  test('an id without data (a heartbeat that names one) also moves the resume point', async () => {
    const h = setup();
    h.server.preamble = 'id: 41\n\n';
    h.stream.start();
    await until(() => h.states.includes('connected'), 'connected');
    await until(() => h.server.open.length === 1, 'open');
    h.server.preamble = '';
    h.server.dropAll();
    await until(() => h.server.requests.length === 2, 'the second attempt');
    assert.equal(h.server.requests[1]!.get('last-event-id'), '41');
  });
  test('an ID no header can carry is not sent back', async () => {
    const h = setup();
    h.server.preamble = 'id: caf\u00e9 \u{1F600}\ndata: {}\n\n';
    h.stream.start();
    await until(() => h.events.length === 1, 'the event');
    h.server.preamble = '';
    h.server.dropAll();
    await until(() => h.server.requests.length === 2 && h.server.open.length === 1, 'reconnected');
    assert.equal(h.server.requests[1]!.get('last-event-id'), null);
    assert.deepEqual(h.states, ['connected', 'reconnecting', 'connected']);
  });
});

describe('LiveStream: back-off', () => {
  test('failed attempts wait twice as long each time, up to the maximum', async () => {
    const h = setup();
    h.server.answer = () => Response.json({}, { status: 503 });
    h.stream.start();
    await until(() => h.server.requests.length >= 6, 'six attempts');
    h.stream.close();
    // random() = 0: each delay is half its ceiling (base 8, max 64).
    assert.deepEqual(delays(h.logs).slice(0, 5), [4, 8, 16, 32, 32]);
    assert.deepEqual(h.states, ['reconnecting', 'disconnected'], 'never connected');
  });

  test('the delays are jittered between half and all of the ceiling', async () => {
    const h = setup({ random: () => 0.999 });
    h.server.answer = () => Response.json({}, { status: 500 });
    h.stream.start();
    await until(() => h.server.requests.length >= 4, 'four attempts');
    h.stream.close();
    assert.deepEqual(delays(h.logs).slice(0, 3), [8, 16, 32]);
  });

  test('the attempts are really spaced by the delays', async () => {
    const times: number[] = [];
    const h = setup({
      settings: { reconnectBaseMs: 40, reconnectMaxMs: 80, heartbeatTimeoutMs: 1000 },
    });
    h.server.answer = () => {
      times.push(Date.now());
      return Response.json({}, { status: 503 });
    };
    h.stream.start();
    await until(() => times.length >= 3, 'three attempts');
    h.stream.close();
    // Delays 20 then 40 ms (random 0); timers may fire a millisecond early.
    assert.ok(times[1]! - times[0]! >= 19, `first gap ${times[1]! - times[0]!}`);
    assert.ok(times[2]! - times[1]! >= 39, `second gap ${times[2]! - times[1]!}`);
  });

  test('a healthy connection starts the back-off again from the bottom', async () => {
    const h = setup();
    let attempt = 0;
    h.server.answer = () => {
      attempt++;
      // Fail three times, then deliver an event and end, then fail again.
      return attempt <= 3 || attempt >= 5 ? Response.json({}, { status: 502 }) : null;
    };
    h.server.publish('hello', '{}');
    h.stream.start();
    await until(() => h.server.requests.length >= 4, 'the fourth attempt');
    await until(() => h.events.length === 1, 'the event');
    h.server.dropAll();
    await until(() => h.server.requests.length >= 6, 'two more attempts');
    h.stream.close();
    assert.deepEqual(delays(h.logs).slice(0, 5), [4, 8, 16, 4, 8]);
  });

  test('a connection that ends at once without an event is no healthy one', async () => {
    const h = setup();
    h.server.answer = () => new Response('', { headers: { 'Content-Type': 'text/event-stream' } });
    h.stream.start();
    await until(() => h.server.requests.length >= 4, 'four attempts');
    h.stream.close();
    assert.deepEqual(delays(h.logs).slice(0, 3), [4, 8, 16]);
  });

  test('retry: from the server raises the base delay, capped by the maximum', async () => {
    const h = setup();
    h.server.preamble = 'retry: 40\n\n';
    h.stream.start();
    await until(() => h.states.includes('connected'), 'connected');
    await until(() => h.server.open.length === 1, 'open');
    h.server.answer = () => Response.json({}, { status: 503 });
    h.server.dropAll();
    await until(() => h.server.requests.length >= 3, 'three attempts');
    h.stream.close();
    assert.deepEqual(delays(h.logs).slice(0, 2), [20, 32]);
  });

  test('Retry-After of a 429 is waited at least', async () => {
    const h = setup();
    h.server.answer = () =>
      Response.json({ ok: false, error: { type: 'rate_limited', message: 'Too many' } }, {
        status: 429,
        headers: { 'Retry-After': '2' },
      });
    h.stream.start();
    await until(() => delays(h.logs).length === 1, 'the first delay');
    h.stream.close();
    assert.deepEqual(delays(h.logs), [2000]);
    assert.equal(h.server.requests.length, 1);
  });
});

describe('LiveStream: heartbeat watchdog', () => {
  const settings = { reconnectBaseMs: 8, reconnectMaxMs: 64, heartbeatTimeoutMs: 60 };

  test('a stream silent for the timeout is reopened, resuming after its last event', async () => {
    const h = setup({ settings });
    h.server.publish('before', '{}');
    h.stream.start();
    await until(() => h.events.length === 1, 'the first event');
    await until(() => h.server.requests.length === 2, 'a second attempt', 1_000);
    assert.equal(h.server.connections[0]!.cancelled, true, 'the silent stream was cancelled');
    assert.equal(h.server.requests[1]!.get('last-event-id'), '1');
    assert.deepEqual(h.states.slice(0, 3), ['connected', 'reconnecting', 'connected']);
  });

  test('heartbeat comments keep a quiet stream open', async () => {
    const h = setup({ settings });
    h.stream.start();
    await until(() => h.server.open.length === 1, 'open');
    for (let i = 0; i < 8; i++) {
      await sleep(20);
      h.server.open[0]?.send(': heartbeat\n\n');
    }
    assert.equal(h.server.requests.length, 1, 'no reconnect in 160 ms of heartbeats');
    assert.deepEqual(h.states, ['connected']);
  });

  test('a server that never answers is given up on after the timeout', async () => {
    const pending: Promise<Response>[] = [];
    let calls = 0;
    const h = setup({
      settings,
      request: {
        apiUrl: 'http://sse.test',
        fetch: () => {
          calls++;
          const never = new Promise<Response>(() => {});
          pending.push(never);
          return never;
        },
        clientId,
        getToken: () => Promise.resolve(token),
      },
    });
    h.stream.start();
    await until(() => calls >= 2, 'a second attempt', 1_000);
    assert.deepEqual(h.states[0], 'reconnecting');
  });
});

describe('LiveStream: refusals', () => {
  const cases: [string, { status: number; body: unknown; type: string; message: RegExp }][] = [
    ['401 stops: the token is gone', {
      status: 401,
      body: { ok: false, error: { type: 'unauthorized', message: 'Unknown token' } },
      type: 'unauthorized',
      message: /^Unknown token$/,
    }],
    ['403 stops: access was revoked', {
      status: 403,
      body: { ok: false, error: { type: 'forbidden', message: 'No access' } },
      type: 'forbidden',
      message: /^No access$/,
    }],
    ['404 stops: the space is gone', {
      status: 404,
      body: { ok: false, error: { type: 'not_found', message: 'No space s1' } },
      type: 'not_found',
      message: /^No space s1$/,
    }],
    ['404 without an envelope takes its type from the status', {
      status: 404,
      body: 'Not Found',
      type: 'not_found',
      message: /^Live events answered HTTP 404$/,
    }],
    ['204 asks not to reconnect', {
      status: 204,
      body: null,
      type: 'transport_error',
      message: /^Live events answered HTTP 204$/,
    }],
    ['200 that is no event stream stops', {
      status: 200,
      body: { ok: true, value: {} },
      type: 'transport_error',
      message: /^Live events answered application\/json, not text\/event-stream$/,
    }],
  ];
  for (const [name, { status, body, type, message }] of cases) {
    test(name, async () => {
      const h = setup();
      h.server.answer = () =>
        body === null
          ? new Response(null, { status })
          : typeof body === 'string'
          ? new Response(body, { status })
          : Response.json(body, { status });
      h.stream.start();
      await until(() => h.stops.length === 1, 'the stop');
      await sleep(30);
      assert.equal(h.server.requests.length, 1, 'no second attempt');
      assert.equal(h.stops[0]!.type, type);
      assert.equal(h.stops[0]!.status, status);
      assert.match(h.stops[0]!.message, message);
      assert.equal(h.stream.active, false);
      assert.deepEqual(h.states, [], 'never connected, so never changed');
    });
  }

  test('a refusal after a connection reports disconnected', async () => {
    const h = setup();
    h.stream.start();
    await until(() => h.states.includes('connected'), 'connected');
    h.server.answer = () => Response.json({}, { status: 404 });
    h.server.dropAll();
    await until(() => h.stops.length === 1, 'the stop');
    assert.deepEqual(h.states, ['connected', 'reconnecting', 'disconnected']);
  });

  test('without a token nothing is sent and the stream stops as unauthorized', async () => {
    const h = setup({
      request: {
        apiUrl: 'http://sse.test',
        fetch: (input, init) => h.server.fetch(input, init),
        clientId,
        getToken: () => Promise.resolve(undefined),
      },
    });
    h.stream.start();
    await until(() => h.stops.length === 1, 'the stop');
    assert.equal(h.server.requests.length, 0);
    assert.equal(h.stops[0]!.type, 'unauthorized');
  });

  test('an oversized event stops the stream', async () => {
    const h = setup();
    h.server.preamble = `data: ${'x'.repeat(17 * 1024 * 1024)}\n\n`;
    h.stream.start();
    await until(() => h.stops.length === 1, 'the stop', 10_000);
    assert.equal(h.stops[0]!.type, 'payload_too_large');
    assert.equal(h.events.length, 0);
  });

  test('transient refusals are retried until the server accepts', async () => {
    const h = setup();
    h.server.answer = (attempt) => attempt <= 2 ? Response.json({}, { status: 503 }) : null;
    h.stream.start();
    await until(() => h.states.at(-1) === 'connected', 'connected');
    assert.deepEqual(h.states, ['reconnecting', 'connected']);
    assert.equal(h.server.requests.length, 3);
  });
});

describe('LiveStream: state and close', () => {
  test('connected, reconnecting, connected, disconnected: each change once', async () => {
    const h = setup();
    h.stream.start();
    await until(() => h.states.includes('connected'), 'connected');
    h.server.dropAll();
    await until(() => h.states.length === 3, 'reconnected');
    h.stream.close();
    h.stream.close();
    assert.deepEqual(h.states, ['connected', 'reconnecting', 'connected', 'disconnected']);
    assert.equal(h.stream.state, 'disconnected');
  });

  test('close while connected cancels the stream and sends nothing more', async () => {
    const h = setup();
    h.stream.start();
    await until(() => h.server.open.length === 1, 'open');
    h.stream.close();
    await until(() => h.server.connections[0]!.cancelled, 'the stream cancelled');
    h.server.publish('late', '{}');
    await sleep(40);
    assert.equal(h.server.requests.length, 1);
    assert.deepEqual(h.events, []);
  });

  test('close between attempts stops the timer', async () => {
    const h = setup({
      settings: { reconnectBaseMs: 60, reconnectMaxMs: 60, heartbeatTimeoutMs: 1000 },
    });
    h.server.answer = () => Response.json({}, { status: 503 });
    h.stream.start();
    await until(() => delays(h.logs).length === 1, 'waiting to retry');
    h.stream.close();
    await sleep(100);
    assert.equal(h.server.requests.length, 1);
  });

  test('close while the server has not answered yet', async () => {
    let resolve!: (response: Response) => void;
    let cancelled = false;
    const h = setup({
      request: {
        apiUrl: 'http://sse.test',
        fetch: () => new Promise<Response>((r) => resolve = r),
        clientId,
        getToken: () => Promise.resolve(token),
      },
    });
    h.stream.start();
    await until(() => resolve !== undefined, 'the request');
    h.stream.close();
    // The late answer's body is cancelled, not read.
    resolve(
      new Response(new ReadableStream({ cancel: () => void (cancelled = true) }), {
        headers: { 'Content-Type': 'text/event-stream' },
      }),
    );
    await until(() => cancelled, 'the late body cancelled');
    assert.deepEqual(h.states, []);
  });

  test('start after close resumes after the last event', async () => {
    const h = setup();
    h.server.publish('one', '{}');
    h.stream.start();
    await until(() => h.events.length === 1, 'the event');
    h.stream.close();
    h.server.publish('two', '{}');
    h.stream.start();
    await until(() => h.events.length === 2, 'the second event');
    assert.equal(h.server.requests[1]!.get('last-event-id'), '1');
    assert.deepEqual(h.events.map((e) => e.event), ['one', 'two']);
  });

  test('a handler that throws is logged and the stream goes on', async () => {
    const seen: string[] = [];
    const h = setup({
      onEvent: (event) => {
        seen.push(event.event);
        if (event.event === 'bad') throw new Error('Handler failed');
      },
    });
    h.server.publish('bad', '{}');
    h.server.publish('good', '{}');
    h.stream.start();
    await until(() => seen.length === 2, 'both events');
    assert.deepEqual(seen, ['bad', 'good']);
    assert.ok(h.logs.some((line) => line.includes('Handler failed')));
    assert.equal(h.server.requests.length, 1);
  });

  test('no log line names the token', () => {
    assert.ok(allLogs.length > 0);
    assert.ok(allLogs.every((line) => !line.includes(token)));
  });
});
