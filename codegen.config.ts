/**
 * What `deno task codegen` generates: one entry per API definition.
 *
 * @module
 */
import type { CodegenTarget } from './codegen/mod.ts';

/** The project's codegen targets. */
export const targets: CodegenTarget[] = [
  { name: 'roj', api: 'src/roj/api.ts', export: 'rojApi', out: 'src/roj/_generated' },
  { name: 'rool', api: 'src/rool/api.ts', export: 'roolApi', out: 'src/rool/_generated' },
  {
    name: 'roj-mock-admin',
    api: 'mock-server/roj/admin-api.ts',
    export: 'mockAdminApi',
    out: 'mock-server/roj/_generated',
  },
];
