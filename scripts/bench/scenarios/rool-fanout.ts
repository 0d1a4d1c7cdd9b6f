/**
 * The Rool fan-out rows: 1,000 live event streams of one space, opened from
 * the benchmark process against the mock in another process; then, round
 * after round, alice creates an object over RPC (`objects.put`, ephemeral,
 * so that it publishes one event: `filesChanged`), and each subscriber's
 * delivery time runs from just before that request to the moment its stream
 * has handed it the event. All 1,000 must receive the same event (the same
 * `id`) each round. The budget is the 99th percentile of every delivery of
 * every round, under 100 ms.
 *
 * What is timed is mostly the runtimes' HTTP plumbing: the mock itself
 * publishes to 1,000 in-process streams in about 1.5 ms (the whole
 * `objects.put` call), while the server's runtime then writes 1,000 sockets
 * and the one client process reads them one after another.
 *
 * Streams are spread over ten users, 100 each, so the mock's default limits
 * (100 streams per user, 1,000 per space) admit them unchanged. Events are
 * read with the SDK's own SSE parser (src/rool/_sse.ts).
 *
 * @module
 */
import { roolBasePath } from '../../../mock-server/mod.ts';
import { SseParser } from '../../../src/rool/_sse.ts';
import type { BenchServer } from '../process.ts';
import { type BenchRow, limitRow, row } from '../report.ts';
import type { BenchContext } from '../scenario.ts';
import { ownerToken } from '../servers/rool-seed.ts';
import { describeLatency, summarize } from './rool-stats.ts';

/** What the events benchmark server reports (../servers/rool-events.ts). */
export interface FanoutServerInfo {
  /** The space. */
  spaceId: string;
  /** Its channel. */
  channelId: string;
  /** The subscribing users' tokens. */
  tokens: string[];
  /** Streams each user may hold. */
  streamsPerUser: number;
}

/** One round's arrivals. */
interface Round {
  /** When the change was requested. */
  started: number;
  /** Delivery times, ms since `started`. */
  latencies: number[];
  /** The event IDs received: one when every subscriber got the same event. */
  ids: Set<string>;
  /** Called at each arrival. */
  arrived: () => void;
}

/** An open subscriber stream. */
interface Listener {
  /** Resolves once the stream has sent its first frame. */
  opened: Promise<void>;
  /** Resolves when the stream ends. */
  closed: Promise<void>;
}

/**
 * Opens the streams, publishes, and gives the rows.
 *
 * @param ctx The run's context (quick mode, progress).
 * @param server The events benchmark server.
 * @param info Its space and the subscribers' tokens.
 * @returns The 99th-percentile row (under 100 ms) and the median row (informative).
 * @throws {Error} When a stream does not open, an event is lost, or subscribers receive different
 * events.
 */
export async function measureFanout(
  ctx: BenchContext,
  server: BenchServer,
  info: FanoutServerInfo,
): Promise<BenchRow[]> {
  const subscribers = Math.min(1000, info.tokens.length * info.streamsPerUser);
  const rounds = ctx.quick ? 5 : 20;
  const abort = new AbortController();
  let current: Round | undefined;
  const listeners: Listener[] = [];
  try {
    ctx.progress(`opening ${subscribers} event streams`);
    const opening = performance.now();
    // A few at a time: a thousand connects at once can overflow the server's accept backlog,
    // and each dropped SYN costs a second.
    for (let i = 0; i < subscribers; i += 50) {
      const batch = [];
      for (let j = i; j < Math.min(subscribers, i + 50); j++) {
        const listener = listen(server, info, info.tokens[j % info.tokens.length], abort.signal, {
          onFilesChanged(id) {
            const round = current;
            if (!round) return;
            round.latencies.push(performance.now() - round.started);
            round.ids.add(id);
            round.arrived();
          },
        });
        listeners.push(listener);
        batch.push(listener.opened);
      }
      await Promise.all(batch);
    }
    ctx.progress(
      `${subscribers} streams open in ${((performance.now() - opening) / 1000).toFixed(1)} s`,
    );
    const latencies: number[] = [];
    const deadline = performance.now() + (ctx.quick ? 6_000 : 20_000);
    let done = 0;
    for (let r = 0; r < rounds && performance.now() < deadline; r++) {
      const round = await publishRound(server, info, r, subscribers, (next) => (current = next));
      current = undefined;
      if (round.ids.size !== 1) {
        throw new Error(`Round ${r + 1}: subscribers received different events ${[...round.ids]}`);
      }
      latencies.push(...round.latencies);
      done++;
      // A pause between rounds, so the last reads of one do not delay the next change.
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const summary = summarize(latencies);
    ctx.progress(`fan-out to ${subscribers}: ${describeLatency(summary)}`);
    const notes =
      `${done} events (an ephemeral objects.put over RPC) to ${subscribers} space streams of ` +
      `${info.tokens.length} users, read in the benchmark process; ${describeLatency(summary)}`;
    const name = `Rool: one event to ${subscribers.toLocaleString('en-US')} SSE subscribers`;
    return [
      limitRow({
        scenario: 'rool',
        name: `${name}, p99 delivery`,
        figure: { value: summary.p99, unit: 'ms' },
        limit: 100,
        label: '< 100 ms',
        notes,
      }),
      row({
        scenario: 'rool',
        name: `${name}, median delivery`,
        figure: { value: summary.p50, unit: 'ms' },
        comparison: { name: 'p99 budget', value: 100, unit: 'ms' },
        notes,
      }),
    ];
  } finally {
    abort.abort();
    await Promise.allSettled(listeners.map((l) => l.closed));
  }
}

/** Makes one change and waits until every subscriber has its event (at most 10 s). */
async function publishRound(
  server: BenchServer,
  info: FanoutServerInfo,
  index: number,
  subscribers: number,
  start: (round: Round) => void,
): Promise<Round> {
  let complete!: () => void;
  const all = new Promise<void>((resolve) => (complete = resolve));
  const round: Round = {
    started: performance.now(),
    latencies: [],
    ids: new Set(),
    arrived: () => {
      if (round.latencies.length === subscribers) complete();
    },
  };
  start(round);
  const response = await fetch(`${server.url}${roolBasePath}/v1/rpc`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ownerToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      method: 'objects.put',
      input: {
        spaceId: info.spaceId,
        channelId: info.channelId,
        path: `/space/note/n${index}.json`,
        body: { round: index },
        // Recorded, the change would publish a second event (conversationUpdated) to everyone.
        ephemeral: true,
      },
    }),
  });
  const body = await response.json();
  if (!body.ok) throw new Error(`objects.put failed: ${JSON.stringify(body.error)}`);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, 10_000)));
  await Promise.race([all, timeout]);
  clearTimeout(timer);
  if (round.latencies.length !== subscribers) {
    throw new Error(
      `Round ${index + 1}: ${round.latencies.length} of ${subscribers} subscribers received ` +
        'the event within 10 s',
    );
  }
  return round;
}

/** Opens one space stream and reads it until aborted. */
function listen(
  server: BenchServer,
  info: FanoutServerInfo,
  token: string,
  signal: AbortSignal,
  handlers: { onFilesChanged(id: string): void },
): Listener {
  let opened!: () => void;
  let failed!: (error: unknown) => void;
  const openedPromise = new Promise<void>((resolve, reject) => {
    opened = resolve;
    failed = reject;
  });
  const parser = new SseParser({
    onEvent(event) {
      if (event.event === 'filesChanged') handlers.onFilesChanged(event.lastEventId);
    },
    // Every stream starts with `retry:` (docs/rool-events.md, Frames): it is subscribed.
    onRetry: () => opened(),
  });
  const closed = (async () => {
    try {
      const response = await fetch(
        `${server.url}${roolBasePath}/v1/spaces/${info.spaceId}/events`,
        {
          headers: { authorization: `Bearer ${token}` },
          signal,
        },
      );
      if (response.status !== 200 || response.body === null) {
        throw new Error(`The event stream answered ${response.status}: ${await response.text()}`);
      }
      const decoder = new TextDecoder();
      const reader = response.body.getReader();
      // Aborting the signal does not end a body already being read on every runtime: cancel it.
      const cancel = () => reader.cancel().catch(() => {});
      if (signal.aborted) cancel();
      signal.addEventListener('abort', cancel, { once: true });
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        parser.feed(decoder.decode(read.value, { stream: true }));
      }
      if (!signal.aborted) throw new Error('An event stream ended before the benchmark did');
    } catch (error) {
      if (signal.aborted) return;
      failed(error);
      throw error;
    }
  })();
  // A stream failing after it opened fails its round by a missing event; keep it unhandled-free.
  closed.catch(() => {});
  return { opened: openedPromise, closed };
}
