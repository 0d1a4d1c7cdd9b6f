import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  limitBody,
  lingerBytes,
  readBytesLimited,
  readTextLimited,
  wholeBodyBytes,
} from './body.ts';
import { RpcFault } from './fault.ts';

const url = 'http://mock.test/api/v1/rpc';

function post(body: BodyInit, headers: Record<string, string> = {}): Request {
  return new Request(url, { method: 'POST', body, headers });
}

function chunked(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function refusal(read: Promise<unknown>): Promise<string> {
  return (await fault(read)).type;
}

async function fault(read: Promise<unknown>): Promise<RpcFault> {
  try {
    await read;
  } catch (error) {
    assert.ok(error instanceof RpcFault, `expected an RpcFault, got ${error}`);
    return error;
  }
  assert.fail('the read was not refused');
}

/** A streamed request whose body is `source`, with no declared length. */
function streamed(source: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) {
  return new Request(url, {
    method: 'POST',
    body: source,
    headers,
    // @ts-ignore: `duplex` is required for streaming bodies, absent from lib.dom
    duplex: 'half',
  });
}

/** An endless body of 1 KiB chunks, counting how many were pulled. */
function endless(): { body: ReadableStream<Uint8Array>; pulls: () => number } {
  let pulls = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulls++;
      controller.enqueue(new Uint8Array(1024));
    },
  }, { highWaterMark: 0 });
  return { body, pulls: () => pulls };
}

/** A body that sends `first` and then nothing, until cancelled. */
function stalled(first: string): ReadableStream<Uint8Array> {
  let sent = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent) return new Promise(() => {});
      sent = true;
      controller.enqueue(new TextEncoder().encode(first));
    },
  }, { highWaterMark: 0 });
}

describe('readTextLimited', () => {
  it('reads a body within its declared length and the limit', async () => {
    const text = await readTextLimited(post('{"a":1}', { 'content-length': '7' }), 7);
    assert.equal(text, '{"a":1}');
  });

  it('refuses a declared length far over the limit before reading', async () => {
    let pulls = 0;
    const body = new ReadableStream({
      pull(controller) {
        pulls++;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const request = new Request(url, {
      method: 'POST',
      body,
      headers: { 'content-length': String(10 + lingerBytes + 1) },
      // @ts-ignore: `duplex` is required for streaming bodies, absent from lib.dom
      duplex: 'half',
    });
    assert.equal(await refusal(readTextLimited(request, 10)), 'payload_too_large');
    // A stream fills its queue once by itself (highWaterMark 1); a read would pull on and on.
    assert.ok(pulls <= 1, `pulled ${pulls} chunks`);
  });

  it('refuses a body longer than the length it declared', async () => {
    // Only an in-process caller can send such a request; HTTP framing stops one on the wire.
    const request = post('x'.repeat(50), { 'content-length': '5' });
    assert.equal(await refusal(readTextLimited(request, 10)), 'payload_too_large');
  });

  it('counts bytes, not characters, of a declared body', async () => {
    const text = 'é'.repeat(6); // 12 bytes in UTF-8, 6 UTF-16 units
    assert.equal(await readTextLimited(post(text, { 'content-length': '12' }), 12), text);
    assert.equal(
      await refusal(readTextLimited(post(text, { 'content-length': '9' }), 9)),
      'payload_too_large',
    );
  });

  it('cuts off a body of unknown length at the limit', async () => {
    const request = new Request(url, {
      method: 'POST',
      body: chunked(['12345', '67890', 'x']),
      // @ts-ignore: `duplex` is required for streaming bodies, absent from lib.dom
      duplex: 'half',
    });
    assert.equal(await refusal(readTextLimited(request, 10)), 'payload_too_large');
  });

  it('ignores Content-Length when Transfer-Encoding is present (RFC 9112 §6.3)', async () => {
    const request = new Request(url, {
      method: 'POST',
      body: chunked(['12345', '67890', 'x']),
      headers: { 'content-length': '3', 'transfer-encoding': 'chunked' },
      // @ts-ignore: `duplex` is required for streaming bodies, absent from lib.dom
      duplex: 'half',
    });
    assert.equal(await refusal(readTextLimited(request, 10)), 'payload_too_large');
  });
});

describe('readBytesLimited', () => {
  it('reads a declared body and refuses one over the limit', async () => {
    const bytes = await readBytesLimited(post(new Uint8Array([1, 2, 3])), 3);
    assert.deepEqual([...bytes], [1, 2, 3]);
    assert.equal(
      await refusal(readBytesLimited(post(new Uint8Array(4)), 3)),
      'payload_too_large',
    );
  });
});

describe('bodies cut off at the size limit', () => {
  it('stop pulling an endless body at the first chunk past the limit', async () => {
    const { body, pulls } = endless();
    assert.equal(await refusal(readTextLimited(streamed(body), 10 * 1024)), 'payload_too_large');
    // Ten chunks fit, the eleventh goes past: nothing after it is asked for.
    assert.equal(pulls(), 11);
  });

  it('count a large declared body as it arrives, and stop past the limit', async () => {
    const { body, pulls } = endless();
    const declared = String(wholeBodyBytes + 1);
    const request = streamed(body, { 'content-length': declared });
    assert.equal(
      await refusal(readBytesLimited(request, wholeBodyBytes + 4096)),
      'payload_too_large',
    );
    assert.equal(pulls(), (wholeBodyBytes + 4096) / 1024 + 1);
  });

  it('read a body declared a little too large to its end, and keep the connection', async () => {
    const request = post('x'.repeat(20), { 'content-length': '20' });
    const refused = await fault(readTextLimited(request, 10));
    assert.equal(refused.type, 'payload_too_large');
    assert.equal(refused.headers, undefined);
    assert.equal(request.bodyUsed, true);
  });

  it('ask to close when a body declared a little too large goes on past its length', async () => {
    const { body, pulls } = endless();
    const request = streamed(body, { 'content-length': '4096' });
    assert.deepEqual((await fault(readBytesLimited(request, 1024))).headers, {
      connection: 'close',
    });
    assert.equal(pulls(), 5);
  });

  it('leave a body declared far too large unread and locked, and ask to close', async () => {
    const { body, pulls } = endless();
    const request = streamed(body, { 'content-length': String(1024 + lingerBytes + 1) });
    const refused = await fault(readBytesLimited(request, 1024));
    assert.equal(refused.type, 'payload_too_large');
    assert.deepEqual(refused.headers, { connection: 'close' });
    assert.equal(pulls(), 0);
    assert.equal(request.body?.locked, true);
  });

  it('limitBody discards a body declared a little too large before its stream errors', async () => {
    const request = post(new Uint8Array(3000), { 'content-length': '3000' });
    const refused = await fault(limitBody(request, 2048).body!.getReader().read());
    assert.equal(refused.type, 'payload_too_large');
    assert.equal(refused.headers, undefined);
  });

  it('limitBody throws at once for a body declared far too large', () => {
    const request = post(new Uint8Array(8), { 'content-length': String(lingerBytes + 9) });
    assert.throws(() => limitBody(request, 8), (error) => error instanceof RpcFault);
  });
});

describe('bodies that fail to arrive', () => {
  it('are invalid_request when the stream errors, not a bug of the mock', async () => {
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error('connection reset'));
      },
    });
    const refused = await fault(readTextLimited(streamed(broken), 1024));
    assert.equal(refused.type, 'invalid_request');
    assert.equal(refused.message, 'Request body could not be read to its end');
  });

  it('throw a TypeError for a body read twice, a bug of the mock', async () => {
    const request = post('{}', { 'content-length': '2' });
    await request.text();
    await assert.rejects(readTextLimited(request, 10), TypeError);
  });
});

describe('bodies past the time limits', () => {
  const time = { idleMs: 30, totalMs: 1_000 };

  it('a stalled chunked body is request_timeout after the idle limit', async () => {
    const started = performance.now();
    const refused = await fault(readTextLimited(streamed(stalled('{"method"')), 1024, time));
    assert.equal(refused.type, 'request_timeout');
    assert.match(refused.message, /^Request body stalled: no data arrived for 30 ms/);
    assert.deepEqual(refused.headers, { connection: 'close' });
    assert.ok(performance.now() - started >= 30);
  });

  it('limitBody errors its stream with request_timeout when the body stalls', async () => {
    const limited = limitBody(streamed(stalled('part')), 1024, time);
    const reader = limited.body!.getReader();
    assert.equal(new TextDecoder().decode((await reader.read()).value), 'part');
    const refused = await fault(reader.read());
    assert.equal(refused.type, 'request_timeout');
  });

  it('limitBody errors its stream with payload_too_large past the limit', async () => {
    const { body, pulls } = endless();
    const reader = limitBody(streamed(body), 2048, time).body!.getReader();
    await reader.read();
    await reader.read();
    assert.equal((await fault(reader.read())).type, 'payload_too_large');
    assert.equal(pulls(), 3);
  });

  it('a body that has arrived is read whatever the limits, even after shutdown', async () => {
    const stopped = new AbortController();
    stopped.abort();
    const text = await readTextLimited(post('{"a":1}', { 'content-length': '7' }), 10, {
      idleMs: 1,
      totalMs: 1,
      signal: stopped.signal,
    });
    assert.equal(text, '{"a":1}');
  });
});
