import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  isCloudflareWorker,
  readUiAsset,
  swaggerUiCdn,
  swaggerUiVersion,
  uiAssets,
} from './assets.ts';

async function sha384(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-384', bytes));
  return `sha384-${btoa(String.fromCharCode(...digest))}`;
}

describe('the docs UI files', () => {
  it('are the pinned version: what a Worker loads from the CDN is what the tests ran', () => {
    const manifest = fileURLToPath(import.meta.resolve('swagger-ui-dist/package.json'));
    const installed = JSON.parse(readFileSync(manifest, 'utf8')).version;
    assert.equal(
      installed,
      swaggerUiVersion,
      `swagger-ui-dist ${installed} is installed: set swaggerUiVersion and the integrity hashes in assets.ts to it`,
    );
    assert.ok(swaggerUiCdn.endsWith(`swagger-ui-dist@${swaggerUiVersion}/`));
  });

  it('match their integrity hashes, so the CDN copy is refused if it changes', async () => {
    for (const [name, { integrity }] of Object.entries(uiAssets)) {
      const bytes = await readUiAsset(name);
      assert.ok(bytes, name);
      assert.equal(await sha384(bytes), integrity, `${name} has another hash: update uiAssets`);
    }
  });

  it('are the only files served', async () => {
    for (const name of ['package.json', 'index.js', '../../../deno.json', '', 'constructor']) {
      assert.equal(await readUiAsset(name), undefined, name);
    }
  });

  it('are read once and shared', async () => {
    assert.equal(await readUiAsset('swagger-ui.css'), await readUiAsset('swagger-ui.css'));
  });

  it('come from the CDN only in a Cloudflare Worker', () => {
    assert.equal(isCloudflareWorker('Cloudflare-Workers'), true);
    for (const agent of ['Deno/2.9.0', 'Bun/1.3.0', 'Node.js/20', undefined, '']) {
      assert.equal(isCloudflareWorker(agent ?? ''), false, String(agent));
    }
    assert.equal(isCloudflareWorker(), false, 'the runtime the tests run on is no Worker');
  });
});
