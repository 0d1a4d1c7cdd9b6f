import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readBytesLimited, readTextLimited } from './body.ts';
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
  try {
    await read;
  } catch (error) {
    assert.ok(error instanceof RpcFault, `expected an RpcFault, got ${error}`);
    return error.type;
  }
  assert.fail('the read was not refused');
}

describe('readTextLimited', () => {
  it('reads a body within its declared length and the limit', async () => {
    const text = await readTextLimited(post('{"a":1}', { 'content-length': '7' }), 7);
    assert.equal(text, '{"a":1}');
  });

  it('refuses a declared length over the limit before reading', async () => {
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
      headers: { 'content-length': '11' },
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
