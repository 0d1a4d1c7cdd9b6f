import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMockServer, defaultApiKey } from '../../mod.ts';

const boundary = 'fuzzBoundary7MA4YWxk';

function streamed(text: string, chunk: number): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + chunk));
      at += chunk;
    },
  });
}

interface Answer {
  status: number;
  body: { size?: number; error?: { type: string; path?: string } };
}

async function upload(body: string, chunk: number): Promise<Answer> {
  const mock = createMockServer();
  const response = await mock.fetch(
    new Request('http://mock.test/api/v1/files/upload', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${defaultApiKey}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      body: streamed(body, chunk),
      duplex: 'half',
    } as RequestInit),
  );
  return { status: response.status, body: await response.json() };
}

const part = (name: string, content: string) =>
  `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="a.txt"\r\n` +
  `Content-Type: text/plain\r\n\r\n${content}\r\n`;

// Found by the fuzzing suite (test/fuzz/): the parser threw on an epilogue in a later chunk.
describe('uploads streamed in chunks of any size', () => {
  it('are stored whatever chunk the CRLF after the close delimiter arrives in', async () => {
    const body = `${part('file', 'hello world')}--${boundary}--\r\n`;
    for (let chunk = 1; chunk <= 40; chunk++) {
      const answer = await upload(body, chunk);
      assert.equal(answer.status, 200, `chunks of ${chunk} bytes`);
      assert.equal(answer.body.size, 11);
    }
  });

  it('ignore an epilogue of any length', async () => {
    const answer = await upload(`${part('file', 'x')}--${boundary}--\r\nignored epilogue\r\n`, 5);
    assert.equal(answer.status, 200);
    assert.equal(answer.body.size, 1);
  });

  it('refuse two file parts alike, streamed or not', async () => {
    const body = `${part('file', 'a')}${part('file', 'b')}--${boundary}--\r\n`;
    for (const chunk of [4, 7, 1000]) {
      const answer = await upload(body, chunk);
      assert.equal(answer.status, 400);
      assert.equal(answer.body.error?.path, '/file', `chunks of ${chunk} bytes`);
    }
  });
});
