/**
 * Fuzzed requests off the RPC endpoints: space archive imports
 * (`POST /rool/v1/spaces/import`, docs/rool-archive.md) with random bytes,
 * broken and oversized zips, and routes that do not exist or exist for other
 * methods, all answered with the error envelope.
 *
 * @module
 */
import fc from 'fast-check';
import { strToU8, zipSync } from 'fflate';
import { FuzzRequest, opensEventStream, ref } from '../request.ts';
import { type Header, headerValue, wrongCredentials } from './headers.ts';
import { withTransports } from './transport.ts';

const importPath = '/rool/v1/spaces/import';
const alice: Header = ['authorization', `Bearer ${ref('aliceToken')}`];

const archiveTypes = [
  'application/zip',
  'application/x-zip-compressed',
  'application/octet-stream',
];

/** Zips whose entries are not a space archive's, or are too large when unpacked. */
function zipBodies(): fc.Arbitrary<Uint8Array> {
  const entries = fc.dictionary(
    fc.oneof(
      fc.constantFrom(
        'manifest.json',
        'space.json',
        'objects/a.json',
        '__proto__',
        '../x',
        'a/../../b',
      ),
      fc.stringMatching(/^[a-z._-]{1,8}(?:\/[a-z._-]{1,8}){0,2}$/),
    ),
    fc.oneof(
      fc.string({ maxLength: 100 }),
      fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
    ),
    { maxKeys: 4 },
  );
  return fc.oneof(
    { weight: 4, arbitrary: entries.map((files) => zip(files)) },
    // Small when packed, 2 MiB unpacked: past the entry limit the fuzzed mock has.
    { weight: 1, arbitrary: fc.constant(null).map(() => zipBomb()) },
  );
}

function zip(files: Record<string, string>): Uint8Array {
  const input: Record<string, Uint8Array> = {};
  for (const [name, text] of Object.entries(files)) {
    // fflate collects entries in a plain object, where `__proto__` would set the prototype: write
    // a stand-in of the same length and put the real name in afterwards (names are not in CRCs).
    input[name.replaceAll('__proto__', protoStandIn)] = strToU8(text);
  }
  const bytes = zipSync(input, {});
  return new TextDecoder('latin1').decode(bytes).includes(protoStandIn)
    ? replaceAscii(bytes, protoStandIn, '__proto__')
    : bytes;
}

const protoStandIn = 'zzproto__';

function replaceAscii(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const out = bytes.slice();
  for (let i = 0; i + from.length <= out.length; i++) {
    let match = true;
    for (let j = 0; j < from.length && match; j++) match = out[i + j] === from.charCodeAt(j);
    if (match) { for (let j = 0; j < to.length; j++) out[i + j] = to.charCodeAt(j); }
  }
  return out;
}

let bomb: Uint8Array | undefined;

function zipBomb(): Uint8Array {
  bomb ??= zipSync({ 'objects/big.json': new Uint8Array(2 * 1024 * 1024).fill(0x20) }, {});
  return bomb;
}

/**
 * Fuzzed archive imports.
 *
 * @param archiveBytes The mock's archive size limit.
 * @returns The arbitrary.
 */
export function importRequest(archiveBytes: number): fc.Arbitrary<FuzzRequest> {
  const body = fc.oneof(
    { weight: 3, arbitrary: zipBodies() },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 512 }) },
    {
      weight: 2,
      arbitrary: fc.tuple(
        zipBodies(),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      )
        .map(([bytes, at]) => bytes.slice(0, Math.floor(bytes.length * at))),
    },
    { weight: 1, arbitrary: fc.constant(null).map(() => new Uint8Array(archiveBytes + 1)) },
  );
  const name = fc.oneof(
    { weight: 4, arbitrary: fc.constant('name=Imported') },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        'name=',
        `name=${'n'.repeat(300)}`,
        'name=__proto__',
        'name=a&name=b',
        'x=1',
      ),
    },
  );
  const headers = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom(...archiveTypes).map((
        t,
      ): Header[] => [alice, ['content-type', t]]),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('application/json', 'multipart/form-data', 'text/plain', '')
        .map((t): Header[] => (t === '' ? [alice] : [alice, ['content-type', t]])),
    },
    {
      weight: 1,
      arbitrary: wrongCredentials(alice[1]).map((
        c,
      ): Header[] => [...c, ['content-type', 'application/zip']]),
    },
  );
  return withTransports(
    fc.record({ body, name, headers }).map(({ body, name, headers }) =>
      new FuzzRequest({
        label: `import ${body.byteLength} bytes`,
        method: 'POST',
        path: `${importPath}${name === '' ? '' : `?${name}`}`,
        headers,
        body,
        format: 'envelope',
      })
    ),
  );
}

/** Paths the mock has no route for, or has one for other methods only. */
const strayPaths: readonly string[] = [
  '/',
  '/api',
  '/api/v1',
  '/api/v1/rpc/extra',
  '/api/v1/rpc/',
  '/api/v1/files',
  '/api/v1/instances',
  '/api/v1/instances//rpc',
  '/_mock',
  '/rool',
  '/rool/v1',
  '/rool/v1/rpc/x',
  '/rool/v1/spaces',
  `/rool/v1/spaces/${ref('otherSpaceId')}/archive`,
  '/rool/v1/spaces/nope/archive',
  '/__proto__',
  '/constructor/prototype',
  '/%00',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/api/v1/rpc?__proto__[x]=1',
  `/${'p'.repeat(5000)}`,
  '/rool/v1/events/tickets/x',
];

/**
 * Requests to routes that do not exist for their method.
 *
 * @returns The arbitrary.
 */
export function strayRequest(): fc.Arbitrary<FuzzRequest> {
  return fc.record({
    method: fc.constantFrom('POST', 'PUT', 'DELETE', 'PATCH', 'FUZZ', 'GET'),
    path: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...strayPaths) },
      { weight: 1, arbitrary: fc.webPath().map((p) => `/api/v1/${p.replace(/^\//, '')}`) },
      { weight: 1, arbitrary: fc.webPath().map((p) => `/rool/v1/x/${p.replace(/^\//, '')}`) },
    ),
    auth: fc.constantFrom(`Bearer ${ref('apiKey')}`, `Bearer ${ref('aliceToken')}`, ''),
    body: fc.oneof(fc.constant(null), headerValue(100)),
  }).map(({ method, path, auth, body }) =>
    new FuzzRequest({
      label: `stray ${method}`,
      method,
      path,
      headers: auth === '' ? [] : [['authorization', auth]],
      body: method === 'GET' ? null : body,
      format: 'envelope',
    })
  ).filter((r) => !opensEventStream(r.method, r.path));
}
