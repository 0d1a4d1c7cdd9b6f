import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Project, ts } from 'ts-morph';
import { addToolkitSources, virtualRoot } from './toolkit-sources.ts';

const checkout = new URL('../', import.meta.url);

/** A project as codegen makes one, with a registry that imports the package by name. */
function projectWithRegistry(): Project {
  const project = new Project({
    compilerOptions: {
      strict: true,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      allowImportingTsExtensions: true,
      noEmit: true,
    },
    useInMemoryFileSystem: true,
  });
  project.createSourceFile(
    '/app/api.ts',
    [
      "import { defineMethods, method, type MethodDef } from '@roj/sdk/rpc';",
      "export type M = { 'a.get': MethodDef<{ id: string }, { ok: boolean }> };",
      "export const m: M = defineMethods<M>({ 'a.get': method() });",
    ].join('\n'),
  );
  return project;
}

describe('addToolkitSources from URLs (as from JSR)', () => {
  it('fetches the RPC core through its imports, and a registry importing it type-checks', async () => {
    const fetched: string[] = [];
    const project = projectWithRegistry();
    const base = new URL('https://jsr.test/@roj/sdk/0.1.0/');
    const { wire, paths } = await addToolkitSources(project, base, (url) => {
      fetched.push(url.href.slice(base.href.length));
      // Serve this checkout's files, as the registry would serve the published package.
      return Promise.resolve(
        readFileSync(fileURLToPath(new URL(url.href.slice(base.href.length), checkout)), 'utf8'),
      );
    });
    assert.ok(fetched.includes('src/rpc/mod.ts') && fetched.includes('src/rpc/definition.ts'));
    assert.equal(new Set(fetched).size, fetched.length, 'each module fetched once');
    assert.equal(wire.getFilePath(), `${virtualRoot}src/rpc/wire.ts`);
    assert.deepEqual(paths['@roj/sdk/rpc'], [`${virtualRoot}src/rpc/mod.ts`]);
    const errors = project.getSourceFileOrThrow('/app/api.ts').getPreEmitDiagnostics();
    assert.deepEqual(errors.map((d) => d.getMessageText()), []);
  });

  it('names the source it could not read', async () => {
    await assert.rejects(
      addToolkitSources(projectWithRegistry(), new URL('https://jsr.test/x/'), (url) => {
        throw new Error(`Could not read the toolkit source ${url.href}: HTTP 404`);
      }),
      /https:\/\/jsr\.test\/x\/src\/rpc\/mod\.ts: HTTP 404/,
    );
  });
});
