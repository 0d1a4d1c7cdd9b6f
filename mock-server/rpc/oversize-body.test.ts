// Bodies past the size limit, over a real socket, on every route that reads one: the mock
// answers its refusal (413, or the route's documented status) while the client is still
// writing, and stops reading: the server closes the connection or lets TCP back-pressure stall
// the writer, rather than reading and discarding the rest. A body declared only a little past
// the limit is the exception: it is read to its end, so a `fetch` caller sees the refusal.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openRaw, type RawResponse } from '../../test/helpers/raw-http.ts';
import { type BodyRoute, nativeServerName, type ServedMock, serveMock } from './_body-routes.ts';

function assertRefusal(
  route: BodyRoute,
  response: Pick<RawResponse, 'status' | 'headers' | 'body'>,
  status: number,
  type: string,
  closes = true,
) {
  assert.equal(response.status, status, `${route.name}: ${response.body}`);
  if (closes) {
    assert.match(response.headers.connection ?? '', /close/i, `${route.name} asks to close`);
  } else {
    assert.doesNotMatch(response.headers.connection ?? '', /close/i, `${route.name} closes`);
  }
  if (route.refusal === 'envelope') {
    assert.deepEqual(
      { ok: JSON.parse(response.body).ok, type: JSON.parse(response.body).error?.type },
      { ok: false, type },
      route.name,
    );
  } else if (route.refusal === 'dav') {
    assert.match(response.body, /<D:error /, route.name);
  } else {
    assert.match(response.headers['content-type'] ?? '', /^text\/html/, route.name);
  }
}

const statusTypes: Record<number, string> = {
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  507: 'insufficient_storage',
};

describe(`bodies past the size limit, over a socket (${nativeServerName})`, () => {
  let served: ServedMock;
  before(async () => served = await serveMock());
  after(async () => await served.close());

  it('every route answers a chunked body at the first chunk past the limit, and stops reading', async () => {
    const outcomes = await Promise.all(served.routes.map(async (route) => {
      const exchange = await openRaw(served.port, {
        method: route.method,
        path: route.path,
        headers: { ...route.headers, 'transfer-encoding': 'chunked' },
      });
      try {
        // One byte past the limit, and the body goes on: the answer comes without the rest.
        exchange.chunk(new Uint8Array(route.maxBytes + 1).fill(120));
        const response = await exchange.response();
        // Then a client that keeps sending: the server closes, or stops taking bytes.
        const push = await exchange.pushUntilStopped({ chunked: true });
        return { route, push, response };
      } finally {
        await exchange.destroy();
      }
    }));
    for (const { route, push, response } of outcomes) {
      assertRefusal(route, response, route.tooLargeStatus, statusTypes[route.tooLargeStatus]);
      // A server that reads on takes the whole cap (256 MiB) in well under a second.
      assert.notEqual(push.outcome, 'draining', `${route.name} read ${push.written} bytes`);
    }
    assert.deepEqual(served.errors, []);
  });

  it('every route refuses a declared Content-Length past the limit before a byte is sent', async () => {
    const outcomes = await Promise.all(served.routes.map(async (route) => {
      const exchange = await openRaw(served.port, {
        method: route.method,
        path: route.path,
        headers: { ...route.headers, 'content-length': String(64 * 1024 * 1024) },
      });
      try {
        const response = await exchange.response();
        const push = await exchange.pushUntilStopped({ chunked: false });
        return { route, push, response };
      } finally {
        await exchange.destroy();
      }
    }));
    for (const { route, push, response } of outcomes) {
      assertRefusal(route, response, route.tooLargeStatus, statusTypes[route.tooLargeStatus]);
      // 64 MiB is the whole declared body: reading all of it is reading on.
      assert.ok(
        push.outcome !== 'draining' && push.written < 64 * 1024 * 1024,
        `${route.name} read ${push.written} bytes`,
      );
    }
  });

  it('every route reads a body declared a little past the limit to its end, and keeps the connection', async () => {
    // What every `fetch` does: write the whole body, then read the answer. A server that stops
    // reading and closes would reset the connection under it, and the caller would see a
    // network error instead of the refusal.
    for (const route of served.routes) {
      const response = await fetch(`http://127.0.0.1:${served.port}${route.path}`, {
        method: route.method,
        headers: route.headers,
        body: new Uint8Array(route.maxBytes + 1).fill(120),
      });
      const body = await response.text();
      assertRefusal(
        route,
        {
          status: response.status,
          headers: Object.fromEntries(response.headers),
          body,
        },
        route.tooLargeStatus,
        statusTypes[route.tooLargeStatus],
        false,
      );
    }
    assert.deepEqual(served.errors, []);
  });

  it('stores nothing from a refused body', () => {
    const { state } = served.mock.runtime;
    assert.equal(state.files.size, 0, 'no upload stored');
    const spaces = [...served.mock.rool.runtime.state.spaces.values()];
    assert.deepEqual(spaces.map((s) => s.name), ['Bodies'], 'no archive imported');
  });
});
