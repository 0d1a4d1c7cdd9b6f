/**
 * One side of the comparison: a deployment (or a mock) reached over `fetch`,
 * with a request budget and a rate limit, so the suite is a polite client of
 * staging deployments.
 *
 * @module
 */
import type { ConcreteRequest, SideName } from './call.ts';

/** What one request and its answer looked like. */
export interface Exchange {
  /** The request, as sent. */
  request: ConcreteRequest;
  /** The HTTP status. */
  status: number;
  /** The body parsed as JSON, or the text when it is not JSON (`''` for none). */
  body: unknown;
  /** The answer's headers, names in lower case. */
  headers?: Record<string, string>;
  /** The body's bytes, when the request asked for them (`binary`). */
  bytes?: Uint8Array;
  /** The body as text, unless it was kept as bytes. */
  text?: string;
  /** Suite clock (ms) just before sending. */
  sentAt: number;
  /** Suite clock (ms) once the body was read. */
  receivedAt: number;
}

/** Options of a {@linkcode Side}. */
export interface SideOptions {
  /** Which side. */
  name: SideName;
  /** The deployment's origin, e.g. `http://127.0.0.1:8787`. */
  url: string;
  /** Its API key (Roj), or the first user's token (Rool). */
  apiKey: string;
  /** Every credential, by index; default `[apiKey]`. Rool's second user is index 1. */
  credentials?: readonly string[];
  /** The `fetch` to use (an in-process mock's, for instance). */
  fetch?: (input: Request | string | URL, init?: RequestInit) => Promise<Response>;
  /** At most this many requests in all; 0 for no limit. */
  budget?: number;
  /** At most this many requests per second; 0 for no limit. */
  ratePerSecond?: number;
  /** Per-request timeout (ms). */
  timeoutMs?: number;
}

/** The request budget ran out: the run stops (exit code 2). */
export class BudgetExceeded extends Error {
  /**
   * Creates the error.
   *
   * @param side The side whose budget ran out.
   * @param budget The budget.
   */
  constructor(side: SideName, budget: number) {
    super(`The ${side} request budget of ${budget} requests is spent`);
    this.name = 'BudgetExceeded';
  }
}

/** One side: sends concrete requests and records what came back. */
export class Side {
  /** Which side. */
  readonly name: SideName;
  /** The origin. */
  readonly url: string;
  /** The API key (Roj), or the first user's token (Rool). */
  readonly apiKey: string;
  /** Every credential, by index; the first is `apiKey`. */
  readonly credentials: readonly string[];
  /** Requests sent so far. */
  sent = 0;
  #options: SideOptions;
  #nextSlot = 0;

  /**
   * Creates a side.
   *
   * @param options Where it is, its key, fetch, budget and rate.
   */
  constructor(options: SideOptions) {
    this.name = options.name;
    this.url = options.url.replace(/\/+$/, '');
    this.apiKey = options.apiKey;
    this.credentials = options.credentials?.length ? options.credentials : [options.apiKey];
    this.#options = options;
  }

  /**
   * Sends one request.
   *
   * @param request The concrete request.
   * @returns The exchange.
   * @throws {BudgetExceeded} When the budget is spent.
   */
  async send(request: ConcreteRequest): Promise<Exchange> {
    const { timeoutMs = 30_000 } = this.#options;
    await this.#admit();
    const sentAt = Date.now();
    const response = await this.#fetch(`${this.url}${request.path}`, {
      method: request.method ?? 'POST',
      headers: request.headers,
      body: request.body as BodyInit | null,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => headers[name.toLowerCase()] = value);
    if (request.binary && response.ok) {
      const bytes = new Uint8Array(await response.arrayBuffer());
      const body = `<${bytes.length} bytes>`;
      const receivedAt = Date.now();
      return { request, status: response.status, body, headers, bytes, sentAt, receivedAt };
    }
    const text = await response.text();
    let body: unknown = text;
    // RPC answers are JSON whatever they say; a raw HTTP answer (a file) only when it says so.
    if (request.method === undefined || headers['content-type']?.includes('json')) {
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON: the text is what there is to compare.
      }
    }
    return {
      request,
      status: response.status,
      body,
      headers,
      text,
      sentAt,
      receivedAt: Date.now(),
    };
  }

  /**
   * Opens a long-lived answer (an event stream), counted against the budget like any request.
   * The side's timeout bounds the wait for the answer's headers only, never its body. The caller
   * reads and cancels the body.
   *
   * @param request The concrete request.
   * @param signal Aborts the request and its body.
   * @returns The response, its body unread.
   * @throws {BudgetExceeded} When the budget is spent.
   * @throws {DOMException} `TimeoutError` when no headers came within the timeout.
   */
  async open(request: ConcreteRequest, signal: AbortSignal): Promise<Response> {
    const { timeoutMs = 30_000 } = this.#options;
    await this.#admit();
    const abort = new AbortController();
    const follow = () => abort.abort(signal.reason);
    if (signal.aborted) follow();
    else signal.addEventListener('abort', follow, { once: true });
    const fetching = this.#fetch(`${this.url}${request.path}`, {
      method: request.method ?? 'GET',
      headers: request.headers,
      signal: abort.signal,
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Raced as well as aborted: a `fetch` that ignores its signal (an in-process one) still
    // cannot hold the run.
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new DOMException(
          `The ${this.name} sent no headers within ${timeoutMs} ms`,
          'TimeoutError',
        );
        abort.abort(error);
        reject(error);
      }, timeoutMs);
    });
    try {
      return await Promise.race([fetching, late]);
    } catch (error) {
      signal.removeEventListener('abort', follow);
      // An answer that comes after all is released, not left open.
      fetching.then((response) => response.body?.cancel().catch(() => {}), () => {});
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The `fetch` requests go through: the side's own, else the global one. */
  get #fetch(): NonNullable<SideOptions['fetch']> {
    return this.#options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** Counts a request against the budget, and waits for its slot under the rate limit. */
  async #admit(): Promise<void> {
    const { budget = 0, ratePerSecond = 0 } = this.#options;
    if (budget > 0 && this.sent >= budget) throw new BudgetExceeded(this.name, budget);
    this.sent++;
    if (ratePerSecond > 0) {
      const now = performance.now();
      const slot = Math.max(now, this.#nextSlot);
      this.#nextSlot = slot + 1000 / ratePerSecond;
      if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
    }
  }
}
