// The checks every constructor that takes a URL or a timeout applies (the client's configuration,
// a RoolWebDAV made on its own), so both refuse the same values with the same messages.
import { invalidArgument } from './errors.ts';

/**
 * Parses an absolute http(s) URL.
 *
 * @param value The URL as given.
 * @param what What it is, for the message, e.g. `API URL`.
 * @returns The parsed URL.
 * @throws {RoolError} `validation_error` when `value` is not an absolute http(s) URL.
 */
export function parseHttpUrl(value: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidArgument(`${what} must be an absolute http(s) URL: ${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalidArgument(`${what} must be an absolute http(s) URL: ${value}`);
  }
  return url;
}

/**
 * A timeout option with its default.
 *
 * @param timeoutMs The option as given; `undefined` means none.
 * @returns The timeout in ms; 0 means none.
 * @throws {RoolError} `validation_error` for a negative or non-finite number.
 */
export function resolveTimeout(timeoutMs: number | undefined): number {
  const value = timeoutMs ?? 0;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalidArgument(`Timeout must be a non-negative number of milliseconds: ${value}`);
  }
  return value;
}
