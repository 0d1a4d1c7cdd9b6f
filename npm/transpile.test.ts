import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { emitDeclarations } from './declarations.ts';
import { TranspileError, transpileModules } from './transpile.ts';

/** A small project: a runtime import, a type-only one, a JSON module and a built-in. */
const sources: Record<string, string> = {
  'mod.ts': [
    "import { sep } from 'node:path';",
    "import { two } from './lib/two.ts';",
    "import type { Total } from './lib/types.ts';",
    "import data from './lib/data.json' with { type: 'json' };",
    'export const total: Total = { value: two + data.three, sep };',
    "export type { Total } from './lib/types.ts';",
    "export type Again = import('./lib/types.ts').Total;",
    "export { two } from './lib/two.ts';",
  ].join('\n'),
  'lib/two.ts': 'export const two: number = 2;\n',
  'lib/types.ts': 'export interface Total {\n  value: number;\n  sep: string;\n}\n',
  'lib/data.json': '{ "three": 3 }\n',
};

describe('the npm build of a small project', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'npm-build-'));
    for (const [path, text] of Object.entries(sources)) {
      const file = join(root, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('transpiles each module run at run time to .js, and the result runs', async () => {
    const js = await transpileModules(root, { entries: ['mod.ts'], outDir: 'out' });
    // The type-only module has no JavaScript, and the JSON is inside the module using it.
    assert.deepEqual(js.modules, ['lib/two.ts', 'mod.ts']);
    assert.deepEqual([...js.imports], ['node:path']);
    assert.equal(existsSync(join(root, 'out/lib/types.js')), false);
    const code = readFileSync(join(root, 'out/mod.js'), 'utf8');
    assert.match(code, /from "\.\/lib\/two\.js"/);
    const built = await import(pathToFileURL(join(root, 'out/mod.js')).href);
    assert.deepEqual(built.total, { value: 5, sep: '/' });
    assert.equal(built.two, 2);
  });

  it('writes declarations whose imports name the .js files', () => {
    const types = emitDeclarations(root, { entries: ['mod.ts'], outDir: 'out' });
    assert.equal(types.files, 3);
    const dts = readFileSync(join(root, 'out/mod.d.ts'), 'utf8');
    assert.match(dts, /export declare const total: Total;/);
    assert.match(dts, /import type \{ Total \} from "\.\/lib\/types\.js";/);
    assert.match(dts, /export type \{ Total \} from "\.\/lib\/types\.js";/);
    assert.match(dts, /export type Again = import\("\.\/lib\/types\.js"\)\.Total;/);
    assert.match(dts, /export \{ two \} from "\.\/lib\/two\.js";/);
    assert.doesNotMatch(dts, /\.ts["']/);
  });

  it('refuses an import of a module that is neither .ts nor JSON, naming the file', async () => {
    writeFileSync(join(root, 'bad.ts'), "import './lib/plain.js';\n");
    writeFileSync(join(root, 'lib/plain.js'), 'export {};\n');
    await assert.rejects(
      transpileModules(root, { entries: ['bad.ts'], outDir: 'out-bad' }),
      (error) => {
        assert.ok(error instanceof TranspileError);
        assert.match(error.message, /^bad\.ts:1: Import \.\/lib\/plain\.js must name a \.ts/);
        return true;
      },
    );
  });
});
