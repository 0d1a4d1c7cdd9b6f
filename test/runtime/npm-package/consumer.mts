// Type-checked by tsc in the scratch project of test/runtime/npm-package.ts, against the
// declarations of the installed @roj/sdk: every export path resolves, and its types are real.
// Each `@ts-expect-error` fails the check if the declarations were missing or `any`.
import { createRojClient, type GetInstanceOutput, RojApiError } from '@roj/sdk';
import { RoolClient, TokenAuthProvider } from '@roj/sdk/rool';
import { NodeAuthProvider } from '@roj/sdk/rool/node';
import { createMockServer, defaultApiKey } from '@roj/sdk/mock';
import { type ConformanceResult, runConformance } from '@roj/sdk/conformance';
import { createRpcClient } from '@roj/sdk/rpc';

const mock = createMockServer();
const roj = createRojClient({ url: 'http://mock.test', apiKey: defaultApiKey, fetch: mock.fetch });
const instance: GetInstanceOutput = await roj.instances.get('ins_000001');
const name: string = instance.name;

// @ts-expect-error An instance ID is a string.
await roj.instances.get(42);
// @ts-expect-error There is no such method.
roj.instances.explode();

const error: unknown = new Error('not a RojApiError');
if (error instanceof RojApiError) {
  const status: number = error.status;
  // @ts-expect-error The status is a number.
  const wrong: string = error.status;
  console.log(status, wrong);
}

const rool = new RoolClient({
  apiUrl: 'http://mock.test/rool',
  authProvider: new TokenAuthProvider('rool_alice_token'),
  fetch: mock.fetch,
});
const signedIn: boolean = await rool.initialize();
// @ts-expect-error A space name is a string.
await rool.createSpace({ name: 'x' });
const auth = new NodeAuthProvider({ configDir: '.rool' });

const result: ConformanceResult = await runConformance({
  target: { url: 'http://mock.test', apiKey: defaultApiKey, fetch: mock.fetch },
  runs: 1,
});
// @ts-expect-error `runs` is a number.
await runConformance({ target: { url: 'http://mock.test', apiKey: defaultApiKey }, runs: '1' });
console.log(name, signedIn, auth, result.ok, typeof createRpcClient);
