/**
 * The two date formats of WebDAV properties, written with integer arithmetic:
 * `creationdate` is RFC 3339 (as `Date.prototype.toISOString`), and
 * `getlastmodified` an HTTP date (RFC 9110 §5.6.7, as
 * `Date.prototype.toUTCString`). A `PROPFIND` writes both for every
 * resource; through `Date` they cost more than everything else of a
 * resource's answer together (about 1–2 µs each), so a listing of 10,000
 * entries formats them this way instead. Dates outside years 1970–9999 go
 * through `Date`.
 *
 * @module
 */

const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const dayMs = 86_400_000;
// 10000-01-01T00:00:00Z: past it, years take five digits and `Date` writes them its own way.
const end = 253_402_300_800_000;

/** A time split into its UTC calendar fields. */
interface Fields {
  year: number;
  month: number;
  day: number;
  weekday: number;
  hours: number;
  minutes: number;
  seconds: number;
  ms: number;
}

function fieldsOf(time: number): Fields {
  const dayNumber = Math.floor(time / dayMs);
  let rest = time - dayNumber * dayMs;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  // Civil date from a day number: Howard Hinnant's `civil_from_days`, for days since 1970.
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra -
    (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return {
    year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0),
    month,
    day: dayOfYear - Math.floor((153 * mp + 2) / 5) + 1,
    // 1970-01-01 was a Thursday.
    weekday: (dayNumber + 4) % 7,
    hours,
    minutes,
    seconds,
    ms: rest - seconds * 1000,
  };
}

function two(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function inRange(time: number): boolean {
  return Number.isInteger(time) && time >= 0 && time < end;
}

/**
 * A time as RFC 3339 with milliseconds, as `creationdate` carries it.
 *
 * @param time Epoch milliseconds.
 * @returns E.g. `2026-11-21T07:13:00.000Z`, as `new Date(time).toISOString()`.
 * @throws {RangeError} For a time `Date` cannot represent.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { isoDate } from './dates.ts';
 * assert.equal(isoDate(Date.UTC(2026, 10, 21, 7, 13, 0, 5)), '2026-11-21T07:13:00.005Z');
 * ```
 */
export function isoDate(time: number): string {
  if (!inRange(time)) return new Date(time).toISOString();
  const f = fieldsOf(time);
  const ms = f.ms < 10 ? `00${f.ms}` : f.ms < 100 ? `0${f.ms}` : `${f.ms}`;
  return `${f.year}-${two(f.month)}-${two(f.day)}T${two(f.hours)}:${two(f.minutes)}:` +
    `${two(f.seconds)}.${ms}Z`;
}

/**
 * A time as an HTTP date, as `getlastmodified` carries it.
 *
 * @param time Epoch milliseconds.
 * @returns E.g. `Sat, 21 Nov 2026 07:13:00 GMT`, as `new Date(time).toUTCString()`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict';
 * import { httpDate } from './dates.ts';
 * assert.equal(httpDate(Date.UTC(2026, 10, 21, 7, 13, 0, 5)), 'Sat, 21 Nov 2026 07:13:00 GMT');
 * ```
 */
export function httpDate(time: number): string {
  if (!inRange(time)) return new Date(time).toUTCString();
  const f = fieldsOf(time);
  return `${days[f.weekday]}, ${two(f.day)} ${months[f.month - 1]} ${f.year} ` +
    `${two(f.hours)}:${two(f.minutes)}:${two(f.seconds)} GMT`;
}
