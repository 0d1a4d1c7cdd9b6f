/**
 * The Rool mock as a WebDAV benchmark server: one space per `--trees` size,
 * each holding that many small files directly under `/rool-drive`, put
 * through the mock's own WebDAV endpoint in process. Then, in each space,
 * `--changes` of those files are rewritten, and two sync tokens are kept: one
 * taken before all the changes, one before the last `--recent` of them. The
 * ready line gives, per space, its ID, its size, the tokens and the seeding
 * time.
 *
 * The drive's entry limit (10 000 by default) and the change log's length
 * are raised to the largest tree, so a 100k tree can be built and its whole
 * history stays in the log (a sync then reads a log as long as the tree).
 *
 * ```sh
 * deno run -A scripts/bench/servers/rool-webdav.ts --trees 1000,10000 --changes 1000 --recent 10
 * ```
 *
 * @module
 */
import { createMockServer } from '../../../mock-server/mod.ts';
import { argument, serveAndAnnounce } from './listen.ts';
import { davCall, roolCall } from './rool-seed.ts';

const trees = argument('trees', '1000,10000').split(',').map(Number);
const changes = Number(argument('changes', '1000'));
const recent = Number(argument('recent', '10'));
const largest = Math.max(...trees);
const mock = createMockServer({
  onError: (error) => console.error(error),
  rool: {
    limits: {
      driveEntriesPerSpace: Math.max(10_000, largest),
      syncChangesKept: Math.max(10_000, 2 * (largest + changes)),
    },
  },
});

/** A seeded space, as the ready line reports it. */
interface SeededTree {
  spaceId: string;
  files: number;
  /** The token taken before every change. */
  allChangesToken: string;
  /** The token taken before the last `recent` changes. */
  recentChangesToken: string;
  seedMs: number;
}

/**
 * The space's current sync token, from a Depth 0 PROPFIND of `/rool-drive`.
 *
 * @param spaceId The space.
 * @returns The token.
 * @throws {Error} When the answer holds none.
 */
async function syncToken(spaceId: string): Promise<string> {
  const answer = await davCall(mock, spaceId, {
    method: 'PROPFIND',
    path: '/rool-drive',
    headers: { depth: '0', 'content-type': 'application/xml' },
    body: '<D:propfind xmlns:D="DAV:"><D:prop><D:sync-token/></D:prop></D:propfind>',
  });
  const token = /<D:sync-token>([^<]+)<\/D:sync-token>/.exec(answer.text)?.[1];
  if (answer.status !== 207 || token === undefined) {
    throw new Error(`No sync token: ${answer.status} ${answer.text.slice(0, 200)}`);
  }
  return token;
}

async function put(spaceId: string, index: number, round: number): Promise<void> {
  const answer = await davCall(mock, spaceId, {
    method: 'PUT',
    path: `/rool-drive/file-${index}.txt`,
    headers: { 'content-type': 'text/plain' },
    body: `file ${index}, version ${round}\n`,
  });
  if (answer.status !== 201 && answer.status !== 204) {
    throw new Error(`PUT file-${index}.txt: ${answer.status} ${answer.text.slice(0, 200)}`);
  }
}

async function seedTree(files: number): Promise<SeededTree> {
  const started = performance.now();
  const { id } = await roolCall(mock, 'spaces.create', { name: `bench tree ${files}` });
  const spaceId = id as string;
  for (let i = 0; i < files; i++) await put(spaceId, i, 0);
  const allChangesToken = await syncToken(spaceId);
  let recentChangesToken = allChangesToken;
  for (let i = 0; i < changes; i++) {
    if (i === changes - recent) recentChangesToken = await syncToken(spaceId);
    // Distinct files, spread over the tree, so each change is its own entry in the answer.
    await put(spaceId, Math.floor((i * files) / changes), 1);
  }
  return {
    spaceId,
    files,
    allChangesToken,
    recentChangesToken,
    seedMs: performance.now() - started,
  };
}

const seeded: SeededTree[] = [];
for (const files of trees) seeded.push(await seedTree(files));
(globalThis as { gc?: () => void }).gc?.();
await serveAndAnnounce(mock.fetch, { trees: seeded, changes, recent });
