// Slow request bodies (slowloris), over a real socket: a client that sends its headers and then
// stalls or trickles the body is answered 408 `request_timeout` at the idle or the total limit,
// on every route that reads a body, and the server is asked to close the connection; other
// calls are served quickly meanwhile. The limits are tiny here (./_body-routes.ts).
//
// A client that is still writing when the server closes is reset, and the reset can discard the
// 408 before the client reads it (no server here lingers to read on, as nginx does): where a
// trickle goes on to the end, closing at the limit counts as the answer.
//
// Deno.serve cannot close a connection from a handler: after the 408 it stops reading and keeps
// the socket until the client hangs up or the server stops, so the close is checked on the other
// servers (Bun.serve, and Node's server through @hono/node-server on either runtime).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openRaw, type RawExchange, type RawResponse } from '../../test/helpers/raw-http.ts';
import { listenOnNode } from '../serve/node-server.ts';
import type { Listen } from '../serve/run.ts';
import {
  type BodyRoute,
  listenNative,
  nativeServerName,
  type ServedMock,
  servedTimes,
  serveMock,
} from './_body-routes.ts';

const { bodyIdleMs, rpcBodyMs, uploadBodyMs } = servedTimes;
/** How late an answer may come on a busy machine, past its limit. */
const slackMs = 1_500;

function assertTimeout(route: BodyRoute, response: RawResponse, message: RegExp) {
  assert.equal(response.status, 408, `${route.name}: ${response.body}`);
  assert.match(response.headers.connection ?? '', /close/i, `${route.name} asks to close`);
  if (route.refusal === 'envelope') {
    const { ok, error } = JSON.parse(response.body);
    assert.equal(ok, false);
    assert.equal(error.type, 'request_timeout', route.name);
    assert.match(error.message, message, route.name);
  } else {
    assert.match(response.body, message, route.name);
  }
}

function assertWithin(route: BodyRoute, response: { ms: number }, fromMs: number) {
  assert.ok(
    response.ms >= fromMs && response.ms < fromMs + slackMs,
    `${route.name} answered after ${Math.round(response.ms)} ms, expected ${fromMs} ms`,
  );
}

/**
 * A trickled body's end: the 408 at the limit, or, on a server that closes, the connection
 * closed at the limit (its reset lost the 408).
 */
function assertTrickleEnd(
  route: BodyRoute,
  end: RawResponse | { closedMs: number },
  fromMs: number,
  message: RegExp,
  closes: boolean,
) {
  if ('closedMs' in end) {
    assert.ok(closes, `${route.name}: the connection closed without a response`);
    assertWithin(route, { ms: end.closedMs }, fromMs);
  } else {
    assertTimeout(route, end, message);
    assertWithin(route, end, fromMs);
  }
}

const servers: [name: string, listen: Listen, closes: boolean][] = [
  [nativeServerName, listenNative, nativeServerName !== 'Deno.serve'],
  ['node:http through @hono/node-server', listenOnNode, true],
];

for (const [serverName, listen, closes] of servers) {
  describe(`slow request bodies, over a socket (${serverName})`, () => {
    let served: ServedMock;
    let exchanges: RawExchange[] = [];
    before(async () => served = await serveMock(listen));
    after(async () => await served.close());

    async function open(route: BodyRoute, headers: Record<string, string>) {
      const exchange = await openRaw(served.port, {
        method: route.method,
        path: route.path,
        headers: { ...route.headers, ...headers },
      });
      exchanges.push(exchange);
      return exchange;
    }

    async function closeAll() {
      await Promise.all(exchanges.map((e) => e.destroy()));
      exchanges = [];
    }

    it('a stalled body is answered 408 at the idle limit on every route, and the connection closes', async () => {
      // MKCOL takes no body: its first byte is refused at once (./oversize-body.test.ts).
      const routes = served.routes.filter((route) => route.maxBytes > 0);
      try {
        const outcomes = await Promise.all(routes.flatMap((route) => [
          (async () => {
            const exchange = await open(route, {
              'content-length': String(route.opening.length + 100),
            });
            exchange.write(`${route.opening}0123456789`);
            const response = await exchange.response();
            return { route, response, closed: closes && await exchange.closesWithin(1_000) };
          })(),
          (async () => {
            const exchange = await open(route, { 'transfer-encoding': 'chunked' });
            exchange.chunk(`${route.opening}0123456789`);
            const response = await exchange.response();
            return { route, response, closed: closes && await exchange.closesWithin(1_000) };
          })(),
        ]));
        for (const { route, response, closed } of outcomes) {
          assertTimeout(route, response, /did not arrive whole within 200 ms|stalled/);
          assertWithin(route, response, bodyIdleMs);
          if (closes) assert.ok(closed, `${route.name}: the connection stays open`);
        }
      } finally {
        await closeAll();
      }
      assert.equal(served.mock.runtime.state.files.size, 0, 'nothing uploaded');
      assert.deepEqual(served.errors, []);
    });

    it('a body trickled without a pause is answered 408 at the total limit', async () => {
      const byName = new Map(served.routes.map((route) => [route.name, route]));
      const cases = [
        { route: byName.get('Roj RPC')!, totalMs: rpcBodyMs },
        { route: byName.get('Roj upload')!, totalMs: uploadBodyMs },
        { route: byName.get('WebDAV PUT of a file')!, totalMs: uploadBodyMs },
      ];
      try {
        const outcomes = await Promise.all(cases.map(async ({ route, totalMs }) => {
          const exchange = await open(route, { 'transfer-encoding': 'chunked' });
          if (route.opening) exchange.chunk(route.opening);
          // A byte every quarter of the idle limit: never idle, never done.
          const trickle = setInterval(() => exchange.chunk('x'), bodyIdleMs / 4);
          try {
            return { route, totalMs, end: await exchange.responseOrClose() };
          } finally {
            clearInterval(trickle);
          }
        }));
        for (const { route, totalMs, end } of outcomes) {
          assertTrickleEnd(
            route,
            end,
            totalMs,
            new RegExp(`took longer than ${totalMs} ms`),
            closes,
          );
        }
      } finally {
        await closeAll();
      }
    });

    it('a small declared body must arrive whole within the idle limit', async () => {
      const route = served.routes.find((r) => r.name === 'Rool RPC')!;
      try {
        const exchange = await open(route, { 'content-length': '100' });
        const trickle = setInterval(() => exchange.write('x'), bodyIdleMs / 4);
        try {
          const end = await exchange.responseOrClose();
          assertTrickleEnd(route, end, bodyIdleMs, /did not arrive whole within 200 ms/, closes);
        } finally {
          clearInterval(trickle);
        }
      } finally {
        await closeAll();
      }
    });
  });
}

describe(`the event loop while uploads trickle (${nativeServerName})`, () => {
  let served: ServedMock;
  before(async () => served = await serveMock());
  after(async () => await served.close());

  it('20 trickling uploads leave other calls fast: each answers in less than 100 ms', async () => {
    const upload = served.routes.find((r) => r.name === 'Roj upload')!;
    const uploads = await Promise.all(Array.from({ length: 20 }, () =>
      openRaw(served.port, {
        method: upload.method,
        path: upload.path,
        headers: { ...upload.headers, 'transfer-encoding': 'chunked' },
      })));
    for (const exchange of uploads) exchange.chunk(upload.opening);
    const trickle = setInterval(() => {
      for (const exchange of uploads) exchange.chunk('x');
    }, 20);
    try {
      await new Promise((resolve) => setTimeout(resolve, bodyIdleMs));
      const timings: number[] = [];
      for (let i = 0; i < 10; i++) {
        const started = performance.now();
        const response = await fetch(`http://127.0.0.1:${served.port}/api/v1/rpc`, {
          method: 'POST',
          headers: { authorization: 'Bearer roj_dev_key', 'content-type': 'application/json' },
          body: JSON.stringify({ method: 'instances.list', input: {} }),
        });
        assert.equal((await response.json()).ok, true);
        timings.push(performance.now() - started);
      }
      const slowest = Math.max(...timings);
      assert.ok(slowest < 100, `calls took ${timings.map((t) => t.toFixed(1)).join(', ')} ms`);
      const ends = await Promise.all(uploads.map((exchange) => exchange.responseOrClose()));
      for (const end of ends) {
        assertTrickleEnd(
          upload,
          end,
          uploadBodyMs,
          /took longer than/,
          nativeServerName !== 'Deno.serve',
        );
      }
      assert.equal(served.mock.runtime.state.files.size, 0, 'no trickled upload stored');
    } finally {
      clearInterval(trickle);
      await Promise.all(uploads.map((exchange) => exchange.destroy()));
    }
  });
});
