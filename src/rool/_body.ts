// Reading an answer's body with a cap: a server (or a proxy) may send more than any answer needs,
// and an unbounded `response.text()` would hold it all in memory before any limit is checked.

/** A body read up to a cap. */
export interface CappedText {
  /** The body's first bytes (at most the cap), decoded as UTF-8. */
  text: string;
  /** Whether the body went on past the cap (the rest was discarded unread). */
  truncated: boolean;
}

/**
 * Reads at most `maxBytes` of a body, then cancels the rest.
 *
 * @param response The answer; a body already used rejects, as `response.text()` does.
 * @param maxBytes The cap in bytes.
 * @returns The text read and whether the body went on past the cap.
 * @throws {TypeError} When the body cannot be read (a network error mid-body, a used body).
 */
export async function readCappedText(response: Response, maxBytes: number): Promise<CappedText> {
  if (!response.body) return { text: '', truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
      if (size > maxBytes) {
        truncated = true;
        break;
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(Math.min(size, maxBytes));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.byteLength - offset);
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  // A cut may split a character: the decoder's replacement character marks it.
  return { text: new TextDecoder().decode(bytes), truncated };
}
