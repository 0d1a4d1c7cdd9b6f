// Rool live events (docs/rool-events.md) in headless Chromium: a page served from one origin
// trades a bearer token for an event ticket, opens the client and space streams of a mock on
// another origin with `EventSource` (so CORS is exercised, preflights included), and receives
// the events the test causes through RPC, in order, with the right payloads and sources. Then
// the mock ends the client stream and the browser reconnects by itself, sending `Last-Event-ID`,
// and receives the event it missed.
//
// Chromium is Debian's (/usr/bin/chromium), driven by playwright-core: no browser is downloaded.
// Run by the `browser-events` stage of scripts/test.ts; the name avoids the `*.test.*` globs so
// the unit stages do not run it.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { chromiumMissing, chromiumPath, launchChromium } from '../helpers/chromium.ts';
import type { Browser, Page } from 'playwright-core';
import { createMockServer, type MockServer } from '../../mock-server/mod.ts';
import { userScope } from '../../mock-server/rool/events/hub.ts';

/** How long any one wait in the browser may take, so a broken flow fails fast. */
const waitMs = 10_000;
const token = 'rool_alice_token';
/** The client ID the page names, so events it causes come back as `local_user`. */
const pageClientId = 'browser-tab-1';

let mock: MockServer;
let mockServer: Deno.HttpServer<Deno.NetAddr>;
let pageServer: Deno.HttpServer<Deno.NetAddr>;
let browser: Browser;
/** The mock's Rool API, e.g. `http://127.0.0.1:41234/rool`. */
let apiUrl: string;
let pageOrigin: string;

/** Every event name of the contract; the page records each it receives. */
const eventNames = [
  'spaceAdded',
  'spaceRemoved',
  'spaceRenamed',
  'userStorageChanged',
  'channelCreated',
  'channelUpdated',
  'channelDeleted',
  'filesChanged',
  'filesReset',
  'metadataUpdated',
  'schemaUpdated',
  'conversationUpdated',
  'reset',
  'resync',
];

/** The page: `listen(apiUrl, token, spaceId)` gets a ticket and opens both streams. */
const page = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Events</title></head>
<body>
<script>
window.received = [];
window.opened = [];
window.problems = [];
window.sources = [];
window.listen = async (apiUrl, token, spaceId) => {
  const answer = await fetch(apiUrl + '/v1/events/tickets', {
    method: 'POST',
    headers: { authorization: 'Bearer ' + token },
  });
  if (!answer.ok) throw new Error('ticket: ' + answer.status);
  const { ticket } = await answer.json();
  const query = '?ticket=' + encodeURIComponent(ticket) + '&clientId=${pageClientId}';
  const open = (stream, path) => {
    const source = new EventSource(apiUrl + path + query);
    window.sources.push(source);
    source.onopen = () => window.opened.push(stream);
    source.onerror = () => window.problems.push(stream + ' error, readyState ' + source.readyState);
    for (const name of ${JSON.stringify(eventNames)}) {
      source.addEventListener(name, (event) => {
        window.received.push({ stream, event: name, id: event.lastEventId, data: JSON.parse(event.data) });
      });
    }
  };
  open('client', '/v1/events');
  open('space', '/v1/spaces/' + spaceId + '/events');
};
window.closeAll = () => window.sources.forEach((source) => source.close());
</script>
</body>
</html>
`;

before(async () => {
  if (!existsSync(chromiumPath)) throw new Error(chromiumMissing);
  mock = createMockServer({ rool: { log: () => {} } });
  mockServer = Deno.serve(
    { hostname: '127.0.0.1', port: 0, onListen() {} },
    (request) => mock.fetch(request),
  );
  apiUrl = `http://127.0.0.1:${mockServer.addr.port}/rool`;
  pageServer = Deno.serve(
    { hostname: '127.0.0.1', port: 0, onListen() {} },
    () =>
      new Response(page, {
        headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
      }),
  );
  pageOrigin = `http://127.0.0.1:${pageServer.addr.port}`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  // Ends any stream still open, so the servers can shut down.
  mock?.rool.reset();
  await mockServer?.shutdown();
  await pageServer?.shutdown();
});

/** Calls the mock's RPC endpoint as alice, from outside the browser. */
async function rpc(method: string, input: unknown, clientId?: string): Promise<unknown> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
  };
  if (clientId) headers['rool-client-id'] = clientId;
  const response = await fetch(`${apiUrl}/v1/rpc`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ method, input }),
  });
  const body = await response.json();
  assert.equal(body.ok, true, `${method} failed: ${JSON.stringify(body)}`);
  return body.value;
}

interface Received {
  stream: 'client' | 'space';
  event: string;
  id: string;
  // deno-lint-ignore no-explicit-any
  data: any;
}

/** Waits until the page has received `count` events, then answers them all. */
async function receivedWhen(tab: Page, count: number): Promise<Received[]> {
  try {
    await tab.waitForFunction(`window.received.length >= ${count}`, null, { timeout: waitMs });
  } catch (error) {
    const seen = await tab.evaluate('JSON.stringify([window.received, window.problems])');
    throw new Error(`The page did not receive ${count} events: ${error}\n${seen}`);
  }
  return await tab.evaluate('window.received') as Received[];
}

describe('Rool live events in headless Chromium', () => {
  test('EventSource on another origin receives live events, and replays after a reconnect', async () => {
    const { id: spaceId } = await rpc('spaces.create', { name: 'Live' }) as { id: string };
    const context = await browser.newContext();
    const tab = await context.newPage();
    const transcript: string[] = [];
    tab.on('console', (message) => transcript.push(`console.${message.type()}: ${message.text()}`));
    tab.on('pageerror', (error) => transcript.push(`pageerror: ${error.message}`));
    await tab.goto(`${pageOrigin}/`);
    await tab.evaluate(
      ([url, bearer, space]) =>
        (globalThis as unknown as { listen(...a: string[]): Promise<void> }).listen(
          url,
          bearer,
          space,
        ),
      [apiUrl, token, spaceId],
    );
    await tab.waitForFunction('window.opened.length === 2', null, { timeout: waitMs });

    // The page's own client ID comes back as local_user; a call naming none as remote_user.
    await rpc('channels.open', { spaceId, channelId: 'general' }, pageClientId);
    await rpc('channels.rename', { spaceId, channelId: 'general', name: 'General' });
    await rpc('metadata.set', { spaceId, channelId: 'general', key: 'k', value: 1 }, pageClientId);
    await rpc('spaces.rename', { spaceId, name: 'Live!' });
    await rpc('storage.set', { key: 'theme', value: 'dark' }, pageClientId);

    const events = await receivedWhen(tab, 6);
    const space = events.filter((e) => e.stream === 'space');
    const client = events.filter((e) => e.stream === 'client');
    const general = {
      id: 'general',
      createdAt: space[0]?.data.channel.createdAt,
      createdBy: 'usr_alice',
      createdByName: 'Alice',
      conversationCount: 1,
    };
    assert.deepEqual(space, [
      {
        stream: 'space',
        event: 'channelCreated',
        id: '1',
        data: { channel: { ...general, name: null }, source: 'local_user' },
      },
      {
        stream: 'space',
        event: 'channelUpdated',
        id: '2',
        data: { channel: { ...general, name: 'General' }, source: 'remote_user' },
      },
      {
        stream: 'space',
        event: 'conversationUpdated',
        id: '3',
        data: { conversationId: 'default', channelId: 'general', source: 'local_user' },
      },
      {
        stream: 'space',
        event: 'metadataUpdated',
        id: '4',
        data: { metadata: { k: 1 }, source: 'local_user' },
      },
    ], transcript.join('\n'));
    // spaces.create came before the stream opened, so the client stream starts at 2.
    assert.deepEqual(client, [
      { stream: 'client', event: 'spaceRenamed', id: '2', data: { spaceId, name: 'Live!' } },
      {
        stream: 'client',
        event: 'userStorageChanged',
        id: '3',
        data: { key: 'theme', value: 'dark', source: 'local' },
      },
    ]);

    // The mock drops the client stream; an event published meanwhile is replayed when the
    // browser reconnects on its own (retry: 1000) with Last-Event-ID: 3.
    const ended = mock.rool.runtime.events.hub.endWhere(userScope('usr_alice'), () => true);
    assert.equal(ended, 1);
    await rpc('storage.set', { key: 'theme', value: null });
    const afterReconnect = await receivedWhen(tab, 7);
    assert.deepEqual(afterReconnect[6], {
      stream: 'client',
      event: 'userStorageChanged',
      id: '4',
      data: { key: 'theme', source: 'remote' },
    });
    assert.equal(await tab.evaluate('window.opened.length'), 3, 'the client stream reopened');

    await tab.evaluate('window.closeAll()');
    await context.close();
  });
});
