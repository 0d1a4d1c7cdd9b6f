import process from 'node:process';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { stateDigest } from '../../test/helpers/state-digest.ts';
import { createMockServer, type MockServer } from '../mod.ts';
import { applyAll, operations, origin, roolUsers, setup } from './_testing.ts';
import {
  captureState,
  parseSnapshot,
  restoreSnapshot,
  SnapshotError,
  snapshotText,
} from './snapshot.ts';

const secret = 'test-jwt-secret';

function newMock(): MockServer {
  return createMockServer({
    onError: (error) => {
      throw error;
    },
    rool: { users: roolUsers, jwtSecret: secret, log: () => {} },
  });
}

/** Saves `mock` as the CLI does, and restores the text into a new mock. */
function restart(mock: MockServer): MockServer {
  const text = snapshotText(captureState(mock, { roolJwtSecret: secret }), new Date());
  const restarted = newMock();
  restoreSnapshot(restarted, parseSnapshot(text, 'mock-state.json'));
  return restarted;
}

/** The saved state without the event counter, which a restart moves on by design. */
function savedState(mock: MockServer): string {
  const { roj, rool } = JSON.parse(captureState(mock, {}));
  return JSON.stringify({ roj, rool });
}

/** Which checkpointed objects are the very records the space holds, and which drive files share bytes. */
function sharing(mock: MockServer): string[] {
  const out: string[] = [];
  const bytes = new Map<Uint8Array, number>();
  for (const [s, space] of [...mock.rool.runtime.state.spaces.values()].entries()) {
    for (const channel of space.channels.values()) {
      for (const [k, checkpoint] of [...channel.undo, ...channel.redo].entries()) {
        for (const [path, record] of checkpoint.content.objects) {
          out.push(`${s} ${channel.id} ${k} ${path} ${record === space.objects.get(path)}`);
        }
      }
    }
    for (const [path, node] of space.files.drive.entries()) {
      if (node.kind !== 'file') continue;
      if (!bytes.has(node.bytes)) bytes.set(node.bytes, bytes.size);
      out.push(`${s} ${path} bytes#${bytes.get(node.bytes)}`);
    }
  }
  return out;
}

describe('a snapshot', () => {
  it('restores every state built through the API exactly: digests, structure, sharing', async () => {
    const runs = Number(process.env.PERSIST_RUNS ?? 40);
    await fc.assert(
      fc.asyncProperty(operations, async (ops) => {
        const mock = newMock();
        await applyAll(mock, [...setup, ...ops]);
        const restarted = restart(mock);
        // The digest other suites use, which reads private state through toJSON.
        assert.equal(stateDigest(restarted), stateDigest(mock));
        // Maps stay maps, absent fields stay absent, prototypes are the same.
        assert.deepStrictEqual(restarted.runtime.state, mock.runtime.state);
        assert.deepStrictEqual(restarted.rool.runtime.state, mock.rool.runtime.state);
        // Log IDs and file bytes.
        assert.equal(savedState(restarted), savedState(mock));
        // A checkpoint shares the records it did not change with the space, not copies.
        assert.deepEqual(sharing(restarted), sharing(mock));
      }),
      { numRuns: runs, endOnFailure: true },
    );
  });

  it('keeps sync tokens, lock tokens and issued sign-in tokens valid across a restart', async () => {
    const mock = newMock();
    const [world] = await Promise.all([applyAll(mock, [{ kind: 'space', name: 'S' }])]);
    const space = world.spaces[0];
    const dav = (
      target: MockServer,
      method: string,
      path: string,
      headers: Record<string, string> = {},
      body?: string,
    ) =>
      target.fetch(`${origin}/rool/v1/spaces/${space}/dav${path}`, {
        method,
        headers: { authorization: `Bearer ${roolUsers[0].token}`, ...headers },
        body,
      });
    assert.equal((await dav(mock, 'PUT', '/rool-drive/f', {}, 'one')).status, 201);
    const lock = await dav(mock, 'LOCK', '/rool-drive/f', { timeout: 'Second-600' }, lockinfo);
    await lock.body?.cancel();
    const lockToken = lock.headers.get('lock-token')!;
    const syncToken = mock.rool.runtime.state.spaces.get(space)!.files.log.token();
    const signIn = await mock.fetch(`${origin}/rool/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        app: 'Test',
        state: 's',
        email: 'alice@example.com',
        redirect_uri: 'http://127.0.0.1:5173/callback',
      }).toString(),
    });
    const location = new URL(signIn.headers.get('location')!);
    const jwt = new URLSearchParams(location.hash.slice(1)).get('access_token')!;
    const restarted = restart(mock);

    const me = await restarted.fetch(`${origin}/rool/v1/rpc`, {
      method: 'POST',
      headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'user.get', input: {} }),
    });
    assert.equal((await me.json()).value?.id, 'usr_alice', 'the sign-in token still works');

    assert.equal(
      (await dav(restarted, 'PUT', '/rool-drive/f', {}, 'two')).status,
      423,
      'still locked',
    );
    const put = await dav(restarted, 'PUT', '/rool-drive/f', { if: `(${lockToken})` }, 'two');
    assert.equal(put.status, 204);
    const report = await dav(restarted, 'REPORT', '', {}, syncCollection(syncToken));
    const text = await report.text();
    assert.equal(report.status, 207, text);
    assert.match(text, /rool-drive\/f</);
    assert.doesNotMatch(text, /rool-drive\/?</, 'only the change since the token, not the tree');
  });

  it('resumes event IDs above those handed out before the restart', async () => {
    const mock = newMock();
    const world = await applyAll(mock, [{ kind: 'space', name: 'S' }, {
      kind: 'put',
      s: 0,
      name: 'a',
      body: {},
    }]);
    const before = mock.rool.runtime.events.hub.highestId();
    assert.ok(before > 0);
    const restarted = restart(mock);
    assert.ok(restarted.rool.runtime.events.hub.latestId(`space:${world.spaces[0]}`) > before);
  });

  it('ends prompts that were in flight as stopped', async () => {
    const mock = newMock();
    const world = await applyAll(mock, [{ kind: 'space', name: 'S' }, {
      kind: 'prompt',
      s: 0,
      name: 'a',
    }]);
    const conversation = mock.rool.runtime.state.spaces.get(world.spaces[0])!.channels.get('main')!
      .conversations.get('default')!;
    const [id, done] = [...conversation.interactions].at(-1)!;
    conversation.interactions.set(id, { ...done, status: 'streaming', output: null });
    const restarted = restart(mock);
    const stopped = restarted.rool.runtime.state.spaces.get(world.spaces[0])!.channels.get('main')!
      .conversations.get('default')!.interactions.get(id)!;
    assert.equal(stopped.status, 'error');
    assert.equal(stopped.output, 'Stopped');
  });
});

describe('parseSnapshot and restoreSnapshot refuse what they cannot use', () => {
  const good = () => snapshotText(captureState(newMock(), {}), new Date(0));
  const cases: [string, () => string, RegExp][] = [
    ['a truncated file', () => good().slice(0, 100), /^The snapshot f is not JSON/],
    ['another format', () => '{"format":"x","version":1}', /is not a mock state snapshot/],
    [
      'another version',
      () => good().replace('"version":1', '"version":2'),
      /has format version 2; this mock reads version 1 only/,
    ],
    ['a missing field', () => good().replace('"savedAt"', '"saved"'), /lacks a field of version 1/],
  ];
  for (const [name, text, message] of cases) {
    it(`refuses ${name}`, () => {
      assert.throws(() => parseSnapshot(text(), 'f'), (error: Error) => {
        assert.ok(error instanceof SnapshotError);
        assert.match(error.message, message);
        return true;
      });
    });
  }

  it('refuses a state with a field this mock does not have, naming it', () => {
    const text = good().replace('"sequences":', '"renamed":');
    assert.throws(() => restoreSnapshot(newMock(), parseSnapshot(text, 'f')), (error: Error) => {
      assert.ok(error instanceof SnapshotError);
      assert.match(error.message, /sequences missing, renamed unknown/);
      return true;
    });
  });

  it("refuses a space's change log whose entries lie past its sequence number", async () => {
    const mock = newMock();
    await applyAll(mock, [{ kind: 'space', name: 'S' }, {
      kind: 'davMkcol',
      s: 0,
      path: '/rool-drive/a',
    }]);
    const state = JSON.parse(captureState(mock, {}));
    state.rool.spaces[0][1].files.log.seq = 0;
    const text = snapshotText(JSON.stringify(state), new Date());
    assert.throws(() => restoreSnapshot(newMock(), parseSnapshot(text, 'f')), (error: Error) => {
      assert.ok(error instanceof SnapshotError);
      assert.match(error.message, /in order from floor to seq at rool\.spaces\[0\]\.files\.log$/);
      return true;
    });
  });

  it('refuses an unknown tag and a dangling reference', () => {
    for (
      const [from, to] of [['{"$":"map"', '{"$":"nope"'], [
        '{"$":"map","v":[]}',
        '{"$":"ref","v":99999}',
      ]]
    ) {
      const text = good().replace(from, to);
      assert.notEqual(text, good());
      assert.throws(() => restoreSnapshot(newMock(), parseSnapshot(text, 'f')), SnapshotError);
    }
  });
});

const lockinfo = '<?xml version="1.0"?><D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/>' +
  '</D:lockscope><D:locktype><D:write/></D:locktype></D:lockinfo>';

function syncCollection(token: string): string {
  return `<?xml version="1.0"?><D:sync-collection xmlns:D="DAV:"><D:sync-token>${token}</D:sync-token>` +
    '<D:sync-level>infinite</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>';
}
