// A server-sent events parser, as the HTML Living Standard §9.2.6 "Interpreting an event stream"
// specifies it: lines end in CRLF, LF or CR; a blank line dispatches the event; `data` lines
// join with LF; `id` sets the last event ID (unless it holds NULL); `retry` takes only ASCII
// digits; lines starting with `:` are comments; a leading BOM is dropped; an event the stream
// ends in the middle of is discarded. Hand-written because the SDK takes no dependency (the
// well-kept `eventsource-parser` follows the same algorithm); `EventSource` itself cannot send
// the `Authorization` header, and workerd has none.
import { RoolError } from './errors.ts';

/** One dispatched event. */
export interface SseEvent {
  /** The event type: the `event` field, or `message` when the stream named none. */
  event: string;
  /** The `data` lines, joined by LF. */
  data: string;
  /** The last event ID when the event was dispatched; `''` when the stream set none. */
  lastEventId: string;
}

/** What the parser reports. */
export interface SseHandlers {
  /** Each dispatched event, in order. */
  onEvent(event: SseEvent): void;
  /** Each valid `retry` field: the reconnection time in milliseconds. */
  onRetry?(ms: number): void;
  /** Each comment line, without its leading `:` (heartbeats). */
  onComment?(text: string): void;
}

/** Limits and the starting state of a parser. */
export interface SseParserOptions {
  /** The last event ID from an earlier connection; default `''`. */
  lastEventId?: string;
  /** Most characters of one event's data plus its current line; default 16 Mi. */
  maxEventChars?: number;
}

/** The default of {@linkcode SseParserOptions.maxEventChars}: above the largest user-storage value. */
export const defaultMaxEventChars = 16 * 1024 * 1024;

const digits = /^[0-9]+$/;

/** Parses decoded event-stream text, fed in pieces of any size. */
export class SseParser {
  #handlers: SseHandlers;
  #maxChars: number;
  #line = '';
  #data = '';
  #hasData = false;
  #eventType = '';
  #idBuffer: string;
  #lastEventId: string;
  #started = false;
  #afterCR = false;
  // Per parser: a `g` regex carries `lastIndex`, so two parsers must not share one.
  #lineBreak = /\r\n|\r|\n/g;

  /**
   * Creates a parser.
   *
   * @param handlers Where events, `retry` values and comments go.
   * @param options The last event ID to start from, and the size limit.
   */
  constructor(handlers: SseHandlers, options: SseParserOptions = {}) {
    this.#handlers = handlers;
    this.#maxChars = options.maxEventChars ?? defaultMaxEventChars;
    this.#idBuffer = this.#lastEventId = options.lastEventId ?? '';
  }

  /** The last event ID as of the last dispatch (what `Last-Event-ID` should send). */
  get lastEventId(): string {
    return this.#lastEventId;
  }

  /**
   * Parses the next piece of text.
   *
   * @param text Decoded text; a piece may end anywhere, even between CR and LF.
   * @throws {RoolError} `payload_too_large` when an event grows past the limit; what a handler
   * throws.
   */
  feed(text: string): void {
    let start = 0;
    if (!this.#started && text.length > 0) {
      this.#started = true;
      if (text.charCodeAt(0) === 0xfeff) start = 1;
    }
    // A CR ended the last piece: an LF starting this one belongs to the same line break.
    if (this.#afterCR && text.length > start) {
      this.#afterCR = false;
      if (text.charCodeAt(start) === 0x0a) start++;
    }
    const lineBreak = this.#lineBreak;
    lineBreak.lastIndex = start;
    for (let match = lineBreak.exec(text); match; match = lineBreak.exec(text)) {
      this.#append(text.slice(start, match.index));
      start = lineBreak.lastIndex;
      const line = this.#line;
      this.#line = '';
      this.#processLine(line);
      if (match[0] === '\r' && start === text.length) this.#afterCR = true;
    }
    this.#append(text.slice(start));
  }

  /** The stream ended: an event not yet dispatched is discarded (§9.2.6). */
  end(): void {
    this.#line = '';
    this.#data = '';
    this.#hasData = false;
    this.#eventType = '';
    this.#afterCR = false;
  }

  #append(piece: string): void {
    if (piece === '') return;
    if (this.#line.length + piece.length + this.#data.length > this.#maxChars) {
      throw new RoolError({
        type: 'payload_too_large',
        message: `An event stream event must be at most ${this.#maxChars} characters`,
      });
    }
    this.#line += piece;
  }

  #processLine(line: string): void {
    if (line === '') return this.#dispatch();
    if (line.charCodeAt(0) === 0x3a) {
      this.#handlers.onComment?.(line.slice(1));
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 0x20) value = value.slice(1);
    switch (field) {
      case 'event':
        this.#eventType = value;
        break;
      case 'data':
        this.#data = this.#hasData ? `${this.#data}\n${value}` : value;
        this.#hasData = true;
        break;
      case 'id':
        if (!value.includes('\0')) this.#idBuffer = value;
        break;
      case 'retry':
        if (digits.test(value)) this.#handlers.onRetry?.(Number.parseInt(value, 10));
        break;
      default:
        // Unknown fields are ignored.
    }
  }

  #dispatch(): void {
    // The last event ID changes even when no event is dispatched (§9.2.6, dispatch step 1).
    this.#lastEventId = this.#idBuffer;
    const event: SseEvent = {
      event: this.#eventType === '' ? 'message' : this.#eventType,
      data: this.#data,
      lastEventId: this.#lastEventId,
    };
    const hasData = this.#hasData;
    this.#data = '';
    this.#hasData = false;
    this.#eventType = '';
    if (hasData) this.#handlers.onEvent(event);
  }
}

/** Options of {@linkcode readEventStream}. */
export interface ReadEventStreamOptions {
  /** Stops reading: the stream is cancelled and the promise resolves. */
  signal?: AbortSignal;
  /** Called for each chunk of bytes received, before it is parsed (heartbeat watchdogs). */
  onChunk?(): void;
}

/**
 * Reads an event stream to its end, feeding `parser`. The stream is decoded
 * as UTF-8 (invalid bytes become U+FFFD, as §9.2.6 requires) and cancelled
 * when reading stops for any reason, so no reader is left locked.
 *
 * @param stream A response body.
 * @param parser The parser to feed.
 * @param options A signal to stop reading, and a callback per chunk.
 * @returns When the stream ended or `signal` fired.
 * @throws {Error} What reading the stream, the parser or its handlers throw.
 */
export async function readEventStream(
  stream: ReadableStream<Uint8Array>,
  parser: SseParser,
  options: ReadEventStreamOptions = {},
): Promise<void> {
  const reader = stream.getReader();
  // The parser drops the BOM itself, so the decoder must keep it.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const stop = () => void reader.cancel().catch(() => {});
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    while (!options.signal?.aborted) {
      const { done, value } = await reader.read();
      if (done || options.signal?.aborted) break;
      options.onChunk?.();
      parser.feed(decoder.decode(value, { stream: true }));
    }
    if (!options.signal?.aborted) {
      parser.feed(decoder.decode());
      parser.end();
    }
  } finally {
    options.signal?.removeEventListener('abort', stop);
    await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
