/**
 * The record of what the benchmark found and what was done about it: each
 * fix with the figure before and after, as measured when it was made (in the
 * same run, side by side, like every figure here). `deno task bench` copies it
 * into `bench/results.json` and under the table in `bench/results.md`, so the
 * history stays beside the latest figures.
 *
 * @module
 */

/** One fix and what it changed. */
export interface BenchFix {
  /** The row or rows it moved, e.g. `mock-throughput`. */
  scenario: string;
  /** What the profile showed. */
  finding: string;
  /** What was changed. */
  change: string;
  /** The figure before, with its unit and how it was measured. */
  before: string;
  /** The figure after, measured the same way. */
  after: string;
}

/** Every fix, oldest first. */
export const benchFixes: readonly BenchFix[] = [
  {
    scenario: 'mock-throughput',
    finding: 'Reading the RPC body through a copied Request with a counting TransformStream ' +
      'was two thirds of an instances.get call (in-process, Deno)',
    change: 'A body within its declared Content-Length is read as is (HTTP framing bounds it); ' +
      'only a body of unknown length is counted, chunk by chunk, without a copy',
    before: '29.9 µs per in-process call; over HTTP 15,660 req/s vs bare 105,517 (0.15×)',
    after: '10.8 µs per in-process call; over HTTP 47,320 req/s vs bare 85,841 (0.55×)',
  },
  {
    scenario: 'mock-throughput',
    finding: 'Per-call costs in the pipeline: the API key compared through two TextEncoder ' +
      'allocations (1.56 µs), the URL parsed twice per request, instances.get spending 0.54 of ' +
      'its 0.58 µs formatting one date, four header reads where two do, awaits on values',
    change: 'sameSecret over UTF-16 code units; origin and path sliced from Request.url; ' +
      'recent ISO dates cached; Content-Length read once; sync contexts and handlers not ' +
      'awaited; the server entry not an async function',
    before: 'in-process mock 8.4 µs per call vs 4.5 µs bare; over HTTP 0.55–0.64× bare',
    after: 'in-process mock 7.0 µs per call vs 3.5 µs for building the request alone; ' +
      'over HTTP 0.73–0.79× bare on Deno, 0.84× on Bun',
  },
  {
    scenario: 'client',
    finding: 'A Headers object passed to Deno’s fetch cost 10–15 µs per call; one more async ' +
      'step per call reading the body through a callback',
    change: 'mergeHeaders returns a plain record with lower-case names; exchange reads the ' +
      'body itself',
    before: 'createRojClient / hand-written fetch: 1.28× per call',
    after: '1.03× per call',
  },
  {
    scenario: 'memory',
    finding: 'Heap snapshot: instance.created and instance.initializing stored per instance; ' +
      'pushed-to arrays of one or two entries reserving 17 slots; seeding without ' +
      'Content-Length taking the counting-stream path (42–49 KB of garbage per call)',
    change: 'The two creation events derived from createdAt, as instance.ready already was; ' +
      'events and sessionIds copied at their exact size while short (appendCompact); the ' +
      'unknown-length body path without a copy',
    before: '640 B heap per instance; RSS 358 MB with 100k instances + 100k sessions',
    after: '375 B heap per instance; RSS 304 MB',
  },
  {
    scenario: 'rool',
    finding: 'PROPFIND of 10,000 entries kept its 7.9 MB answer as strings until the end, so ' +
      'every young-generation collection copied it (20–37 ms each); Date formatting cost ' +
      '2 µs per resource; Depth 1 was refused with 403 above 10,000 entries (a bug)',
    change: 'The multistatus written into UTF-8 bytes one response at a time; dates formatted ' +
      'with integer arithmetic; escaping skipped when nothing needs it; only Depth infinity ' +
      'bounded',
    before: 'median 139 ms over HTTP (213–227 ms in process)',
    after: 'median 41–52 ms over HTTP (31.5 ms in process)',
  },
  {
    scenario: 'client',
    finding: 'Rool SDK bundle: the API definition kept for its endpoint path; the XML parser ' +
      'and WebDAV/live-event code with repeated checks',
    change: 'The client uses the endpoint path constant; a more compact XML parser (identical ' +
      'results on 600,000 fuzzed documents); table-driven checks; small shared helpers',
    before: '28,513 B minified and gzipped',
    after: '27,765 B',
  },
];
