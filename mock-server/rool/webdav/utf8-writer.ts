/**
 * A growing UTF-8 buffer that text is written into piece by piece. A
 * multistatus answer of 10,000 resources is about 8 MB; kept as strings until
 * the end, every piece of it survives each young-generation collection of
 * the request and is copied again (half the time of a large `PROPFIND` went
 * to that), while bytes written as they come leave nothing behind but one
 * buffer outside the JavaScript heap.
 *
 * @module
 */

const encoder = new TextEncoder();
// Text is gathered into pieces of about this many UTF-16 units before it is encoded, so
// encoding runs a few hundred times per answer, not once per element.
const batchUnits = 16 * 1024;

/**
 * Text to UTF-8, written in order.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { Utf8Writer } from './utf8-writer.ts';
 * const out = new Utf8Writer();
 * out.write('<a>é');
 * out.write('</a>');
 * assert.equal(new TextDecoder().decode(out.bytes()), '<a>é</a>');
 * ```
 */
export class Utf8Writer {
  #buffer: Uint8Array<ArrayBuffer>;
  #length = 0;
  #pending: string[] = [];
  #pendingUnits = 0;

  /**
   * Creates an empty writer.
   *
   * @param capacity The buffer's first size in bytes; it doubles as needed.
   */
  constructor(capacity = 4096) {
    this.#buffer = new Uint8Array(capacity);
  }

  /**
   * Appends text.
   *
   * @param text The text.
   */
  write(text: string): void {
    this.#pending.push(text);
    this.#pendingUnits += text.length;
    if (this.#pendingUnits >= batchUnits) this.#flush();
  }

  /**
   * Everything written so far, as UTF-8.
   *
   * @returns A view of the buffer; writing more may replace the buffer, not change the view.
   */
  bytes(): Uint8Array<ArrayBuffer> {
    this.#flush();
    return this.#buffer.subarray(0, this.#length);
  }

  #flush(): void {
    if (this.#pending.length === 0) return;
    const text = this.#pending.length === 1 ? this.#pending[0] : this.#pending.join('');
    this.#pending = [];
    this.#pendingUnits = 0;
    // A UTF-16 unit takes at most 3 bytes of UTF-8.
    const needed = this.#length + text.length * 3;
    if (needed > this.#buffer.length) {
      const grown = new Uint8Array(Math.max(needed, this.#buffer.length * 2));
      grown.set(this.#buffer.subarray(0, this.#length));
      this.#buffer = grown;
    }
    this.#length += encoder.encodeInto(text, this.#buffer.subarray(this.#length)).written;
  }
}
