/**
 * `deno task mock`: runs the Roj mock server on Deno, on 127.0.0.1:8787 unless
 * told otherwise. `deno task mock --help` lists the options; `./serve/run.ts`
 * does the work, `./serve/deno.ts` listens.
 *
 * @module
 */
import { listenOnDeno } from './serve/deno.ts';
import { runMock } from './serve/run.ts';

if (import.meta.main) {
  Deno.exit(await runMock(Deno.args, { listen: listenOnDeno, runtime: 'Deno' }));
}
