import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setupMock } from '../../../test/helpers/roj-mock.ts';
import { stateSnapshot } from '../../../test/helpers/roj-state.ts';

const t0 = Date.parse('2026-11-21T07:13:00.000Z');
const auth = { authorization: 'Bearer roj_dev_key' };
const boundary = '----roj-test-boundary';

interface Part {
  name: string;
  filename?: string;
  type?: string;
  content: string | Uint8Array<ArrayBuffer>;
}

// A multipart body written byte by byte (RFC 7578), so each test controls every header of a part.
function multipart(parts: Part[]): { body: Uint8Array<ArrayBuffer>; contentType: string } {
  const encoder = new TextEncoder();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"` +
      (part.filename === undefined ? '' : `; filename="${part.filename}"`);
    const type = part.type === undefined ? '' : `Content-Type: ${part.type}\r\n`;
    chunks.push(
      encoder.encode(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`),
    );
    chunks.push(typeof part.content === 'string' ? encoder.encode(part.content) : part.content);
    chunks.push(encoder.encode('\r\n'));
  }
  chunks.push(encoder.encode(`--${boundary}--\r\n`));
  const body: Uint8Array<ArrayBuffer> = new Uint8Array(
    chunks.reduce((n, c) => n + c.byteLength, 0),
  );
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

function setup(uploadBytes?: number) {
  const mock = setupMock({ clock: () => t0, limits: uploadBytes ? { uploadBytes } : {} });
  const upload = async (init: RequestInit) => {
    const response = await mock.send('/api/v1/files/upload', { method: 'POST', ...init });
    return { status: response.status, body: await response.json() };
  };
  const uploadParts = (parts: Part[], headers: Record<string, string> = auth) => {
    const { body, contentType } = multipart(parts);
    return upload({ headers: { ...headers, 'content-type': contentType }, body });
  };
  return { ...mock, upload, uploadParts };
}

describe('POST /api/v1/files/upload', () => {
  it('stores the file part and answers with its record', async () => {
    const { roj, mock } = setup();
    const bytes = new Uint8Array([0, 1, 2, 250, 251, 252, 253, 254, 255]);
    const output = await roj.files.upload(new File([bytes], 'pixel.png', { type: 'image/png' }));
    assert.deepEqual(output, {
      ok: true,
      fileId: 'fil_000001',
      filename: 'pixel.png',
      mimeType: 'image/png',
      size: 9,
      r2Key: 'files/fil_000001/pixel.png',
    });
    const stored = mock.runtime.state.files.get(output.fileId)!;
    assert.deepEqual(stored.bytes, bytes);
    assert.equal(stored.createdAt, t0);
  });

  it('names a Blob without a filename blob, typed application/octet-stream', async () => {
    const { roj } = setup();
    const output = await roj.files.upload(new Blob(['hello']));
    assert.equal(output.filename, 'blob');
    assert.equal(output.mimeType, 'application/octet-stream');
    assert.equal(output.size, 5);
    assert.equal(output.r2Key, 'files/fil_000001/blob');
  });

  it('keeps only the last path segment of the filename', async () => {
    const { uploadParts } = setup();
    for (const [filename, want] of [['dir/sub/a.txt', 'a.txt'], ['C:\\fake\\b.txt', 'b.txt']]) {
      const { status, body } = await uploadParts([
        { name: 'file', filename, type: 'text/plain', content: 'x' },
      ]);
      assert.equal(status, 200, filename);
      assert.equal(body.filename, want);
      assert.match(body.r2Key, new RegExp(`^files/fil_\\d{6}/${want.replace('.', '\\.')}$`));
    }
  });

  it('ignores other parts', async () => {
    const { uploadParts } = setup();
    const { status, body } = await uploadParts([
      { name: 'note', content: 'hi' },
      { name: 'file', filename: 'a.csv', type: 'text/csv', content: 'a,b\n1,2\n' },
    ]);
    assert.equal(status, 200);
    assert.equal(body.size, 8);
    assert.equal(body.mimeType, 'text/csv');
  });

  const badParts: Array<[string, Part[]]> = [
    ['no file part', [{ name: 'other', filename: 'a.txt', content: 'x' }]],
    ['a plain field named file', [{ name: 'file', content: 'not a file' }]],
    ['two file parts', [
      { name: 'file', filename: 'a.txt', content: 'a' },
      { name: 'file', filename: 'b.txt', content: 'b' },
    ]],
  ];
  for (const [name, parts] of badParts) {
    it(`refuses ${name} with 400 at /file, storing nothing`, async () => {
      const { uploadParts, mock } = setup();
      const before = stateSnapshot(mock);
      const { status, body } = await uploadParts(parts);
      assert.equal(status, 400);
      assert.equal(body.ok, false);
      assert.equal(body.error.type, 'validation_error');
      assert.equal(body.error.path, '/file');
      assert.equal(stateSnapshot(mock), before);
    });
  }

  it('refuses a body that is not multipart/form-data with 415', async () => {
    const { upload, mock } = setup();
    const before = stateSnapshot(mock);
    for (
      const headers of [
        { ...auth, 'content-type': 'application/json' },
        { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
        auth,
      ]
    ) {
      const { status, body } = await upload({ headers, body: 'file=x' });
      assert.equal(status, 415);
      assert.equal(body.error.type, 'unsupported_media_type');
    }
    assert.equal(stateSnapshot(mock), before);
  });

  it('refuses a malformed multipart body with 400 invalid_request', async () => {
    const { upload } = setup();
    const { status, body } = await upload({
      headers: { ...auth, 'content-type': 'multipart/form-data' },
      body: 'not multipart at all',
    });
    assert.equal(status, 400);
    assert.equal(body.error.type, 'invalid_request');
  });

  it('accepts a body exactly at the limit and refuses one byte more', async () => {
    const parts = [{ name: 'file', filename: 'a.bin', content: new Uint8Array(100) }];
    const size = multipart(parts).body.byteLength;
    assert.equal((await setup(size).uploadParts(parts)).status, 200);
    assert.equal((await setup(size - 1).uploadParts(parts)).status, 413);
  });

  it('refuses an oversized body with a Content-Length with 413, storing nothing', async () => {
    const { upload, mock } = setup(1024);
    const { body, contentType } = multipart([
      { name: 'file', filename: 'big.bin', content: new Uint8Array(4096) },
    ]);
    const before = stateSnapshot(mock);
    const answer = await upload({
      headers: { ...auth, 'content-type': contentType, 'content-length': String(body.byteLength) },
      body,
    });
    assert.equal(answer.status, 413);
    assert.equal(answer.body.error.type, 'payload_too_large');
    assert.equal(stateSnapshot(mock), before);
  });

  it('refuses an oversized streamed body without a Content-Length with 413, storing nothing', async () => {
    const { upload, mock } = setup(64 * 1024);
    const { body, contentType } = multipart([
      { name: 'file', filename: 'big.bin', content: new Uint8Array(256 * 1024) },
    ]);
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= body.byteLength) return controller.close();
        controller.enqueue(body.slice(pulled, pulled + 8192));
        pulled += 8192;
      },
    });
    const before = stateSnapshot(mock);
    const answer = await upload({
      headers: { ...auth, 'content-type': contentType },
      body: stream,
      // @ts-ignore: `duplex` is required for streaming bodies, absent from lib.dom
      duplex: 'half',
    });
    assert.equal(answer.status, 413);
    assert.equal(answer.body.error.type, 'payload_too_large');
    assert.equal(stateSnapshot(mock), before);
    // The limit stopped the read: the stream was not drained to its end.
    assert.ok(pulled < body.byteLength, `read ${pulled} of ${body.byteLength} bytes`);
  });

  it('refuses a missing or unknown API key with 401, storing nothing', async () => {
    const { uploadParts, mock } = setup();
    const before = stateSnapshot(mock);
    const parts = [{ name: 'file', filename: 'a.txt', content: 'x' }];
    for (
      const headers of [{}, { authorization: 'Bearer wrong-key-123' }] as Record<string, string>[]
    ) {
      const { status, body } = await uploadParts(parts, headers);
      assert.equal(status, 401);
      assert.equal(body.error.type, 'unauthorized');
      assert.doesNotMatch(JSON.stringify(body), /wrong-key-123|roj_dev_key/);
    }
    assert.equal(stateSnapshot(mock), before);
  });
});
