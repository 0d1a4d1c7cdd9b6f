/**
 * Reads an untrusted zip into memory, refusing it before it can do harm
 * (docs/rool-archive.md §Safety). Two passes, both with fflate:
 *
 * 1. The central directory (`unzipSync` with a filter that extracts
 *    nothing): every name must be safe and unique, the entries few enough,
 *    the compression stored or deflate, and the declared sizes, one by one
 *    and in total, within the limits.
 * 2. The entries themselves (the streaming `Unzip`), fed a small slice at a
 *    time, so no step inflates more than about a MiB: an entry that inflates
 *    past its declared size is stopped there (a zip bomb lies about its
 *    sizes), and every local entry must match the central directory.
 *
 * @module
 */
import { Unzip, UnzipInflate, unzipSync } from 'fflate';
import { RpcFault } from '../../rpc/fault.ts';
import { unsafeEntryName } from './entry-name.ts';

/** The limits a zip is read under. */
export interface ZipLimits {
  /** Most entries, folders included. */
  entries: number;
  /** Largest entry, unpacked, in bytes. */
  entryBytes: number;
  /** Largest total of the entries, unpacked, in bytes. */
  unpackedBytes: number;
}

/** What the central directory says of an entry. */
interface Declared {
  name: string;
  size: number;
  compression: number;
}

// Deflate expands at most about 1032:1, so a 1 KiB slice inflates to at most about 1 MiB.
const sliceBytes = 1024;
const stored = 0;
const deflated = 8;

/**
 * Reads a zip's files.
 *
 * @param zip The archive's bytes.
 * @param limits Entry count and sizes.
 * @param quote Quotes an entry name for a message, redacting anything like a token.
 * @returns The files by name, in the central directory's order; folders (`name/`) are left out.
 * @throws {RpcFault} `validation_error` for a zip that is malformed, holds an unsafe or duplicate
 * name, or uses another compression than stored or deflate; `payload_too_large` for too many
 * entries or sizes past the limits, declared or found while inflating.
 */
export function readZip(
  zip: Uint8Array,
  limits: ZipLimits,
  quote: (value: string) => string,
): Map<string, Uint8Array> {
  const declared = readDirectory(zip, limits, quote);
  return inflateEntries(zip, declared, quote);
}

function readDirectory(
  zip: Uint8Array,
  limits: ZipLimits,
  quote: (value: string) => string,
): Map<string, Declared> {
  const declared = new Map<string, Declared>();
  let total = 0;
  const check = (name: string, size: number, compression: number) => {
    if (declared.size >= limits.entries) {
      throw new RpcFault(
        'payload_too_large',
        `The archive has more than ${limits.entries} entries, the most allowed`,
      );
    }
    const unsafe = unsafeEntryName(name);
    if (unsafe !== undefined) {
      throw invalid(`Entry ${quote(name)} has an unsafe name: ${unsafe}`);
    }
    if (declared.has(name)) throw invalid(`Entry ${quote(name)} appears twice`);
    if (name.endsWith('/') && size !== 0) {
      throw invalid(`Entry ${quote(name)} is a folder but holds ${size} bytes`);
    }
    if (compression !== stored && compression !== deflated) {
      throw invalid(
        `Entry ${quote(name)} uses compression method ${compression}; only stored (0) and ` +
          'deflate (8) are read',
      );
    }
    if (size > limits.entryBytes) {
      throw new RpcFault(
        'payload_too_large',
        `Entry ${quote(name)} unpacks to ${size} bytes, more than the ${limits.entryBytes} ` +
          'allowed per entry',
      );
    }
    total += size;
    if (total > limits.unpackedBytes) {
      throw new RpcFault(
        'payload_too_large',
        `The archive unpacks to more than ${limits.unpackedBytes} bytes, the most allowed`,
      );
    }
    declared.set(name, { name, size, compression });
  };
  try {
    unzipSync(zip, {
      filter: (file) => {
        check(file.name, file.originalSize, file.compression);
        return false;
      },
    });
  } catch (error) {
    throw error instanceof RpcFault ? error : malformed(error);
  }
  return declared;
}

function inflateEntries(
  zip: Uint8Array,
  declared: Map<string, Declared>,
  quote: (value: string) => string,
): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const pending = new Set(declared.keys());
  const finished = new Set<string>();
  const unzip = new Unzip((file) => {
    // Once every entry of the directory is read, what follows (the directory) is not data.
    if (finished.size === declared.size) return;
    const entry = declared.get(file.name);
    if (!entry || !pending.has(file.name)) {
      throw invalid(
        `Entry ${quote(file.name)} is in the archive's data but not, or not once, in its ` +
          'central directory',
      );
    }
    pending.delete(file.name);
    const chunks: Uint8Array[] = [];
    let seen = 0;
    file.ondata = (error, data, final) => {
      // UnzipInflate hands what ondata threw back to ondata as `error`.
      if (error) throw error instanceof RpcFault ? error : malformed(error);
      seen += data.byteLength;
      if (seen > entry.size) {
        throw invalid(
          `Entry ${quote(file.name)} unpacks to more than the ${entry.size} bytes it declares`,
        );
      }
      chunks.push(data);
      if (!final) return;
      if (seen !== entry.size) {
        throw invalid(
          `Entry ${quote(file.name)} unpacks to ${seen} bytes, not the ${entry.size} it declares`,
        );
      }
      if (!file.name.endsWith('/')) files.set(file.name, concat(chunks, seen));
      finished.add(file.name);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let at = 0; at < zip.byteLength && finished.size < declared.size; at += sliceBytes) {
      const end = Math.min(at + sliceBytes, zip.byteLength);
      unzip.push(zip.subarray(at, end), end === zip.byteLength);
    }
  } catch (error) {
    throw error instanceof RpcFault ? error : malformed(error);
  }
  const missing = [...declared.keys()].find((name) => !finished.has(name));
  if (missing !== undefined) {
    throw invalid(
      `Entry ${quote(missing)} is in the central directory but its data is missing or cut short`,
    );
  }
  // The directory's order, which export makes the sorted order.
  return new Map([...declared.keys()].filter((n) => files.has(n)).map((n) => [n, files.get(n)!]));
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0].slice();
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

function invalid(message: string): RpcFault {
  return new RpcFault('validation_error', message);
}

function malformed(cause: unknown): RpcFault {
  return new RpcFault('validation_error', 'The archive is not a readable zip file', { cause });
}
