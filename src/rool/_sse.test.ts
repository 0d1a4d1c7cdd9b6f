// The SSE parser against the HTML Living Standard §9.2.6 ("Interpreting an event stream"): its
// worked examples, each field rule, line endings split anywhere, and the stream reader.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { readEventStream, type SseEvent, SseParser } from './_sse.ts';
import { RoolError } from './errors.ts';

interface Parsed {
  events: SseEvent[];
  retries: number[];
  comments: string[];
  lastEventId: string;
}

function parse(pieces: string | string[], lastEventId?: string): Parsed {
  const parsed: Parsed = { events: [], retries: [], comments: [], lastEventId: '' };
  const parser = new SseParser({
    onEvent: (event) => parsed.events.push(event),
    onRetry: (ms) => parsed.retries.push(ms),
    onComment: (text) => parsed.comments.push(text),
  }, { lastEventId });
  for (const piece of typeof pieces === 'string' ? [pieces] : pieces) parser.feed(piece);
  parser.end();
  parsed.lastEventId = parser.lastEventId;
  return parsed;
}

/** The events as `[type, data, lastEventId]`. */
function events(pieces: string | string[], lastEventId?: string): [string, string, string][] {
  return parse(pieces, lastEventId).events.map((e) => [e.event, e.data, e.lastEventId]);
}

describe("SseParser: the standard's examples (§9.2.6)", () => {
  const cases: [string, { given: string; want: [string, string, string][] }][] = [
    ['data lines join with LF', {
      given: 'data: YHOO\ndata: +2\ndata: 10\n\n',
      want: [['message', 'YHOO\n+2\n10', '']],
    }],
    ['comments, ids, an id line without a value, and one leading space removed', {
      given: ': test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\n' +
        'data:  third event\n\n',
      want: [
        ['message', 'first event', '1'],
        ['message', 'second event', ''],
        ['message', ' third event', ''],
      ],
    }],
    ['a field name alone is an empty value; an unterminated event is discarded', {
      given: 'data\n\ndata\ndata\n\ndata:',
      want: [['message', '', ''], ['message', '\n', '']],
    }],
    ['the space after the colon is optional', {
      given: 'data:test\n\ndata: test\n\n',
      want: [['message', 'test', ''], ['message', 'test', '']],
    }],
  ];
  for (const [name, { given, want }] of cases) {
    test(name, () => assert.deepEqual(events(given), want));
  }
});

describe('SseParser: fields', () => {
  const cases: [string, { given: string; want: [string, string, string][] }][] = [
    ['event names the type; it resets after each dispatch', {
      given: 'event: channelCreated\ndata: {"a":1}\n\ndata: x\n\n',
      want: [['channelCreated', '{"a":1}', ''], ['message', 'x', '']],
    }],
    ['an event without data is not dispatched, and its type does not leak into the next', {
      given: 'event: lonely\n\ndata: next\n\n',
      want: [['message', 'next', '']],
    }],
    ['an ID holding NULL is ignored', {
      given: 'id: 7\ndata: a\n\nid: 8\0\ndata: b\n\n',
      want: [['message', 'a', '7'], ['message', 'b', '7']],
    }],
    ['an ID persists until the stream sets another; an empty id resets it', {
      given: 'id: 3\ndata: a\n\ndata: b\n\nid:\ndata: c\n\n',
      want: [['message', 'a', '3'], ['message', 'b', '3'], ['message', 'c', '']],
    }],
    ['unknown fields and a colon-less unknown line are ignored', {
      given: 'foo: bar\nbaz\ndata: x\n\n',
      want: [['message', 'x', '']],
    }],
    ['a value keeps its further colons and spaces', {
      given: 'data: a: b  \n\n',
      want: [['message', 'a: b  ', '']],
    }],
    ['a field name is case-sensitive', {
      given: 'Data: x\nDATA: y\ndata: z\n\n',
      want: [['message', 'z', '']],
    }],
  ];
  for (const [name, { given, want }] of cases) {
    test(name, () => assert.deepEqual(events(given), want));
  }

  test('the starting last event ID is carried until the stream sets one', () => {
    assert.deepEqual(events('data: a\n\nid: 9\ndata: b\n\n', '4'), [
      ['message', 'a', '4'],
      ['message', 'b', '9'],
    ]);
  });

  test('an id in a block without data still moves the last event ID', () => {
    const parsed = parse('data: a\n\nid: 12\n\n');
    assert.deepEqual(parsed.events.map((e) => e.lastEventId), ['']);
    assert.equal(parsed.lastEventId, '12');
  });

  test('an id of an event the stream ends in the middle of does not count', () => {
    assert.equal(parse('id: 1\ndata: a\n\nid: 2\ndata: b\n').lastEventId, '1');
  });

  test('retry takes ASCII digits only', () => {
    const parsed = parse('retry: 1000\n\nretry: 25\nretry: 1a\nretry: -5\nretry: 1.5\nretry:\n\n');
    assert.deepEqual(parsed.retries, [1000, 25]);
    assert.deepEqual(parsed.events, []);
  });

  test('comments are reported without the colon and never dispatched', () => {
    const parsed = parse(': heartbeat\n\n:\n:: x\n\n');
    assert.deepEqual(parsed.comments, [' heartbeat', '', ': x']);
    assert.deepEqual(parsed.events, []);
  });
});

describe('SseParser: line endings and the BOM', () => {
  const stream = 'id: 1\nevent: a\ndata: one\ndata: two\n\n: c\n\ndata: three\n\n';
  const want: [string, string, string][] = [['a', 'one\ntwo', '1'], ['message', 'three', '1']];

  for (const [name, eol] of [['LF', '\n'], ['CR', '\r'], ['CRLF', '\r\n']] as const) {
    test(`${name} ends lines`, () => assert.deepEqual(events(stream.replaceAll('\n', eol)), want));
  }

  test('mixed line endings', () => {
    assert.deepEqual(events('data: a\r\ndata: b\rdata: c\n\r\n'), [['message', 'a\nb\nc', '']]);
  });

  test('a CRLF split between two pieces is one line break, not two', () => {
    assert.deepEqual(events(['data: a\r', '\ndata: b\r', '\n\r', '\n']), [
      ['message', 'a\nb', ''],
    ]);
  });

  test('a CR at the end of a piece ends the line at once', () => {
    const seen: string[] = [];
    const parser = new SseParser({ onEvent: (e) => seen.push(e.data) });
    parser.feed('data: now\r\r');
    assert.deepEqual(seen, ['now']);
  });

  test('one leading BOM is dropped; a BOM elsewhere is data', () => {
    assert.deepEqual(events('\uFEFFdata: a\n\n'), [['message', 'a', '']]);
    assert.deepEqual(events(['', '\uFEFFdata: a\n\n']), [['message', 'a', '']]);
    assert.deepEqual(
      events('\uFEFF\uFEFFdata: a\n\n'),
      [],
      'the second BOM makes an unknown field',
    );
    assert.deepEqual(events('data: \uFEFFa\n\n'), [['message', '\uFEFFa', '']]);
  });

  test('any split of a stream into pieces parses the same as the whole (fast-check)', () => {
    const line = fc.constantFrom(
      'data: x',
      'data:  y',
      'data',
      'event: e',
      'id: 5',
      'id',
      ': c',
      'retry: 10',
      '',
      'data: \u00e9\u{1F600}',
    );
    const eol = fc.constantFrom('\n', '\r', '\r\n');
    const streamArb = fc.array(fc.tuple(line, eol), { maxLength: 30 }).map((lines) =>
      lines.map(([l, e]) => l + e).join('')
    );
    fc.assert(
      fc.property(streamArb, fc.array(fc.nat(), { maxLength: 10 }), (text, cuts) => {
        const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) =>
          a - b
        );
        const pieces: string[] = [];
        let from = 0;
        for (const point of points) {
          pieces.push(text.slice(from, point));
          from = point;
        }
        pieces.push(text.slice(from));
        assert.deepEqual(parse(pieces), parse(text));
      }),
      { numRuns: 300 },
    );
  });
});

describe('SseParser: limits', () => {
  test('an event growing past the limit is refused', () => {
    const parser = new SseParser({ onEvent() {} }, { maxEventChars: 16 });
    parser.feed('data: 0123456789\n');
    assert.throws(() => parser.feed('data: 0123456789\n'), (error) => {
      assert.ok(error instanceof RoolError);
      assert.equal(error.type, 'payload_too_large');
      assert.match(error.message, /^An event stream event must be at most 16 characters$/);
      return true;
    });
  });

  test('a long line with no line break is refused before it ends', () => {
    const parser = new SseParser({ onEvent() {} }, { maxEventChars: 10 });
    parser.feed('data: 0123');
    assert.throws(() => parser.feed('456789'), RoolError);
  });

  test('events within the limit pass, one after another', () => {
    const seen: string[] = [];
    const parser = new SseParser({ onEvent: (e) => seen.push(e.data) }, { maxEventChars: 20 });
    for (let i = 0; i < 5; i++) parser.feed(`data: 0123456789\n\n`);
    assert.equal(seen.length, 5);
  });
});

/** A byte stream of `chunks`, recording whether it was cancelled. */
function byteStream(chunks: Uint8Array[], keepOpen = false) {
  const state = { cancelled: false };
  let index = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (index < chunks.length) controller.enqueue(chunks[index++]!);
      else if (!keepOpen) controller.close();
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

describe('readEventStream', () => {
  test('decodes UTF-8 split inside a character, drops the BOM, reports each chunk', async () => {
    const bytes = new TextEncoder().encode('\uFEFFdata: h\u00e9llo \u{1F600}\n\n');
    const chunks = [...bytes].map((byte) => Uint8Array.of(byte));
    const { stream } = byteStream(chunks);
    const seen: string[] = [];
    let chunkCount = 0;
    await readEventStream(stream, new SseParser({ onEvent: (e) => seen.push(e.data) }), {
      onChunk: () => chunkCount++,
    });
    assert.deepEqual(seen, ['h\u00e9llo \u{1F600}']);
    assert.equal(chunkCount, bytes.length);
    assert.equal(stream.locked, false, 'the reader is released');
  });

  test('invalid UTF-8 becomes U+FFFD', async () => {
    const { stream } = byteStream([Uint8Array.of(0x64, 0x61, 0x74, 0x61, 0x3a, 0xff, 0x0a, 0x0a)]);
    const seen: string[] = [];
    await readEventStream(stream, new SseParser({ onEvent: (e) => seen.push(e.data) }));
    assert.deepEqual(seen, ['\uFFFD']);
  });

  test('an event the stream ends in the middle of is discarded', async () => {
    const { stream } = byteStream([new TextEncoder().encode('data: a\n\ndata: b\n')]);
    const seen: string[] = [];
    await readEventStream(stream, new SseParser({ onEvent: (e) => seen.push(e.data) }));
    assert.deepEqual(seen, ['a']);
  });

  test('the signal stops reading a stream that stays open, and cancels it', async () => {
    const { stream, state } = byteStream([new TextEncoder().encode('data: a\n\n')], true);
    const controller = new AbortController();
    const seen: string[] = [];
    const parser = new SseParser({
      onEvent: (e) => {
        seen.push(e.data);
        queueMicrotask(() => controller.abort());
      },
    });
    await readEventStream(stream, parser, { signal: controller.signal });
    assert.deepEqual(seen, ['a']);
    assert.equal(state.cancelled, true);
    assert.equal(stream.locked, false);
  });

  test('a handler that throws stops reading and cancels the stream', async () => {
    const { stream, state } = byteStream([new TextEncoder().encode('data: a\n\n')], true);
    const parser = new SseParser({
      onEvent: () => {
        throw new Error('Listener failed');
      },
    });
    await assert.rejects(readEventStream(stream, parser), /Listener failed/);
    assert.equal(state.cancelled, true);
  });
});
