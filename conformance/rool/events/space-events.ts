/**
 * Live events compared per space (docs/rool-events.md). Each space the run makes gets its
 * event stream opened on both sides, as its owner with the suite's client ID for that user
 * (so `source` is comparable: the run's own calls are `local_user`, the other user's
 * `remote_user`, the agent's `remote_agent`). When the sequence ends, both streams are given a
 * bounded time to settle (while their counts differ, until the target's stream has been quiet for
 * as long as the run's slowest target answer took, one second at most), then compared: the events as a multiset of (name, payload with
 * target IDs translated and times left out) must be equal, and, as one space's stream is one
 * totally ordered scope, in the same order. A missing or extra event is blamed on the call that
 * was in flight when it arrived (the reference's arrival for a missing one), else on the last.
 *
 * @module
 */
import type { Call } from '../../call.ts';
import type { Difference } from '../../compare.ts';
import type { Model } from '../../model.ts';
import { Divergence, type Pair, type Step } from '../../pair.ts';
import type { Exchange, Side } from '../../side.ts';
import { roolRun } from '../run-state.ts';
import { type ArrivedEvent, EventStream } from './event-stream.ts';

/** The client IDs the suite's calls and streams name, by credential index. */
export const suiteClientIds: readonly string[] = ['conformance-client-a', 'conformance-client-b'];

/** Payload fields that are times: left out of the comparison. */
const timeFields = new Set(['timestamp', 'createdAt', 'updatedAt', 'modifiedAt', 'lastActivity']);

/** How long the streams may take to settle once the sequence ended, at most (ms). */
const settleMs = 1000;
/** Quiet needed before the streams count as settled, at least (ms). */
const minQuietMs = 20;
/** Differences listed per space, at most. */
const maxListed = 8;

/** Both sides' streams of one space. */
export interface SpaceStreams {
  /** The target's. */
  target: EventStream;
  /** The reference's. */
  reference: EventStream;
}

/**
 * Opens the event streams of every space of the run that has none yet and is not deleted.
 *
 * @param model The run's model.
 * @param pair The pair.
 * @throws {Divergence} When one side refuses a stream the other opens.
 */
export async function openSpaceStreams(model: Model, pair: Pair): Promise<void> {
  const run = roolRun(model);
  for (const [index, space] of model.entities.space.entries()) {
    if (space.gone || space.reference === '' || run.streams.has(index)) continue;
    const owner = run.spaces[index]?.owner ?? 0;
    const call: Call = {
      label: 'events',
      route: 'events',
      space: { kind: 'space', index },
      auth: { kind: 'credential', index: owner },
      clientId: suiteClientIds[owner],
      http: { method: 'GET', headers: { accept: 'text/event-stream' } },
    };
    const inFlight = () => pair.calls - run.callBase - 1;
    const open = (side: Side) =>
      EventStream.open(side, pair.resolve(call, side.name, model), inFlight);
    const [target, reference] = await Promise.all([open(pair.target), open(pair.reference)]);
    run.streams.set(index, { target, reference });
    if (target.status !== reference.status) {
      throw divergence(pair, {
        call: `open the event stream of space#${index}`,
        differences: [{
          path: 'status',
          message: 'HTTP status of the event stream differs',
          target: target.status,
          reference: reference.status,
        }],
      });
    }
  }
}

/**
 * Lets the streams settle, then compares each space's events.
 *
 * @param model The run's model.
 * @param pair The pair.
 * @throws {Divergence} At the first space whose events differ.
 */
export async function checkSpaceEvents(model: Model, pair: Pair): Promise<void> {
  const streams = [...roolRun(model).streams.entries()];
  if (streams.length === 0) return;
  // A remote target's last events may still be on their way: wait as long as its slowest answer.
  const slowest = Math.max(0, ...pair.steps.map((s) => s.target.receivedAt - s.target.sentAt));
  await settleStreams(streams.map(([, s]) => s), Math.min(settleMs, Math.max(minQuietMs, slowest)));
  for (const [index, { target, reference }] of streams) {
    const differences = compareEvents(model, target.events, reference.events);
    if (differences.length === 0) continue;
    if (target.failure) {
      differences.unshift({
        path: '',
        message: `The target's stream broke: ${target.failure}`,
        call: differences[0].call,
      });
    }
    const first = Math.min(...differences.map((d) => d.call));
    const step = pair.steps[first] ?? pair.steps.at(-1);
    throw divergence(pair, {
      call: `live events of space#${index}${
        step ? `, caused by step ${pair.steps.indexOf(step) + 1}: ${step.call}` : ''
      }`,
      differences: differences.slice(0, maxListed).map(({ call: _, ...d }) => ({
        ...d,
        path: `events[space#${index}]`,
      })),
      from: step,
    });
  }
}

/**
 * Closes every stream of the run.
 *
 * @param model The run's model.
 */
export async function closeSpaceStreams(model: Model): Promise<void> {
  const run = roolRun(model);
  const all = [...run.streams.values()].flatMap((s) => [s.target, s.reference]);
  run.streams.clear();
  await Promise.all(all.map((s) => s.close()));
}

/** A difference blamed on a call: its index in the run, from 0. */
type Blamed = Difference & { call: number };

/**
 * Compares two streams' events: first as multisets, then in order.
 *
 * @param model The model, whose ID pairing translates the target's payloads.
 * @param target The target's events.
 * @param reference The reference's events.
 * @returns The differences, each with the call it is blamed on.
 */
export function compareEvents(
  model: Model,
  target: readonly ArrivedEvent[],
  reference: readonly ArrivedEvent[],
): Blamed[] {
  const tKeys = target.map((e) => keyOf(e, (s) => model.ids.translate(s)));
  const rKeys = reference.map((e) => keyOf(e, (s) => s));
  const left = new Map<string, number>();
  for (const key of rKeys) left.set(key, (left.get(key) ?? 0) + 1);
  const diffs: Blamed[] = [];
  tKeys.forEach((key, i) => {
    const n = left.get(key) ?? 0;
    if (n > 0) left.set(key, n - 1);
    else {
      diffs.push({
        message: `An event the reference did not send: ${key}`,
        target: target[i].data,
        call: target[i].call,
        path: '',
      });
    }
  });
  // The last occurrences of a key are the unmatched ones.
  for (let i = rKeys.length - 1; i >= 0; i--) {
    const n = left.get(rKeys[i]) ?? 0;
    if (n === 0) continue;
    left.set(rKeys[i], n - 1);
    diffs.push({
      message: `Missing on the target: ${rKeys[i]}`,
      reference: reference[i].data,
      call: reference[i].call,
      path: '',
    });
  }
  if (diffs.length > 0) return diffs.sort((a, b) => a.call - b.call);
  const at = rKeys.findIndex((key, i) => key !== tKeys[i]);
  if (at < 0) return [];
  return [{
    message: `Events in another order: event ${at + 1} is ${tKeys[at]}, not ${rKeys[at]}`,
    target: tKeys[at],
    reference: rKeys[at],
    call: reference[at].call,
    path: '',
  }];
}

/** An event as a comparable line: its name, then its payload as canonical JSON. */
function keyOf(event: ArrivedEvent, translate: (text: string) => string): string {
  return `${event.event} ${canonical(event.data, translate)}`;
}

function canonical(value: unknown, translate: (text: string) => string): string {
  if (typeof value === 'string') return JSON.stringify(translate(value));
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v, translate)).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([k]) => !timeFields.has(k))
      .sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
    return `{${
      entries.map(([k, v]) => `${JSON.stringify(translate(k))}:${canonical(v, translate)}`).join(
        ',',
      )
    }}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** What settling reads of a stream: how many events it has, and when the last one came. */
export type Settling = Pick<EventStream, 'events' | 'lastArrival'>;

/**
 * Waits until every space's streams hold as many events on both sides, or, while some do not,
 * until each such target stream has been quiet for `quietMs` since its own last arrival (or
 * since the wait began), or until a second is up. Balanced streams are taken as
 * settled after one turn of the event loop: in process, every event is queued before the call
 * that caused it is answered. Quiet is measured on the target alone: the in-process
 * reference's events are all there long before a remote target's last one.
 *
 * @param streams Both sides' streams of each space.
 * @param quietMs The quiet needed: the run's slowest target round trip, at least a few ms.
 * @returns When settled, or when the time is up.
 */
export async function settleStreams(
  streams: ReadonlyArray<{ target: Settling; reference: Settling }>,
  quietMs: number,
): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  const start = performance.now();
  const deadline = start + settleMs;
  const unbalanced = () =>
    streams.filter((s) => s.target.events.length !== s.reference.events.length);
  while (performance.now() < deadline) {
    const waiting = unbalanced();
    if (waiting.length === 0) return;
    const now = performance.now();
    if (waiting.every((s) => now - Math.max(start, s.target.lastArrival) >= quietMs)) return;
    await new Promise((resolve) => setTimeout(resolve, Math.max(5, Math.min(quietMs / 2, 50))));
  }
}

function divergence(
  pair: Pair,
  what: { call: string; differences: Difference[]; from?: Step },
): Divergence {
  const none = (): Exchange => ({
    request: { path: '', headers: {}, body: null },
    status: 0,
    body: '',
    sentAt: 0,
    receivedAt: 0,
  });
  const step: Step = {
    call: what.call,
    target: what.from?.target ?? none(),
    reference: what.from?.reference ?? none(),
    differences: what.differences,
  };
  pair.steps.push(step);
  return new Divergence(step);
}
