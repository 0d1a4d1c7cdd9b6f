/**
 * A capped output stream of the fake shell. Whatever is written past the cap
 * is dropped (contract §5.1: stdout and stderr are each capped at 64 KiB), so
 * no command line can build an unbounded string.
 *
 * @module
 */
import { utf8Prefix } from './utf8.ts';

/** The cap of each of `execInSandbox`'s streams, in bytes of UTF-8 (contract §5.1). */
export const streamCapBytes = 64 * 1024;

/**
 * Text written in pieces, up to a number of UTF-8 bytes.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { CappedOutput } from './output.ts';
 * const out = new CappedOutput(4);
 * out.write('abc');
 * out.write('de');
 * assert.equal(out.text(), 'abcd');
 * assert.equal(out.overflowed, true);
 * ```
 */
export class CappedOutput {
  #chunks: string[] = [];
  #room: number;
  #overflowed = false;

  /**
   * Creates an empty stream.
   *
   * @param capBytes The most bytes it keeps.
   */
  constructor(capBytes: number) {
    this.#room = capBytes;
  }

  /** Whether something was dropped because the cap was reached. */
  get overflowed(): boolean {
    return this.#overflowed;
  }

  /**
   * Appends text, or as much of it as fits, cut on a code point boundary.
   *
   * @param text The text.
   */
  write(text: string): void {
    if (text === '') return;
    if (this.#overflowed) return;
    const fit = utf8Prefix(text, this.#room);
    if (fit.text !== '') this.#chunks.push(fit.text);
    this.#room -= fit.bytes;
    if (!fit.complete) this.#overflowed = true;
  }

  /**
   * Everything kept so far.
   *
   * @returns The text.
   */
  text(): string {
    return this.#chunks.join('');
  }
}
