// Concurrent PUTs with the same If-Match: the preconditions hold at the moment of writing, not
// only when the request arrived, so exactly one writer wins and nothing acknowledged is lost.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setupDav } from './_testing.ts';

/** A body that arrives in two halves, the second only once `release` resolves. */
function slowBody(text: string, release: Promise<void>): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  const half = Math.floor(bytes.length / 2);
  return new ReadableStream({
    async start(controller) {
      controller.enqueue(bytes.slice(0, half));
      await release;
      controller.enqueue(bytes.slice(half));
      controller.close();
    },
  });
}

describe('WebDAV PUT under concurrency', () => {
  for (const path of ['/rool-drive/shared.txt', '/space/body/shared.json']) {
    it(`lets one of eight PUTs with the same If-Match win at ${path}; the rest get 412`, async () => {
      const { dav } = await setupDav();
      const initial = path.endsWith('.json') ? '{"v":0}' : 'v0';
      const created = await dav('PUT', path, { body: initial });
      assert.equal(created.status, 201);
      const etag = created.headers.get('etag') ?? (await dav('HEAD', path)).headers.get('etag')!;
      const gate = Promise.withResolvers<void>();
      const bodies = Array.from(
        { length: 8 },
        (_, i) => path.endsWith('.json') ? `{"v":${i + 1}}` : `v${i + 1}`,
      );
      const answers = bodies.map((body) =>
        dav('PUT', path, { body: slowBody(body, gate.promise), headers: { 'if-match': etag } })
      );
      // Every writer has passed its first check while its body is still arriving.
      await new Promise((resolve) => setTimeout(resolve, 20));
      gate.resolve();
      const statuses = (await Promise.all(answers)).map((r) => r.status);
      const winners = statuses.map((s, i) => [s, i] as const).filter(([s]) => s < 300);
      assert.equal(winners.length, 1, `statuses ${statuses.join(', ')}`);
      assert.equal(statuses.filter((s) => s === 412).length, 7);
      const stored = await (await dav('GET', path)).text();
      assert.equal(stored, bodies[winners[0][1]]);
    });
  }
});
