// What a Node user of the npm package does first, run by test/runtime/npm-package.ts with Node in
// a scratch project where @roj/sdk was installed from its tarball: a Roj client and a Rool client
// call the mock, in process (`@roj/sdk/mock`) or, given its URL, the one `roj mock` serves. It
// prints what it saw as one JSON line, for the test to check.
import process from 'node:process';
import { createRojClient, RojApiError } from '@roj/sdk';
import { RojApiError as RojApiErrorOfRoj } from '@roj/sdk/roj';
import { RoolClient, TokenAuthProvider } from '@roj/sdk/rool';
import { createMockServer, defaultApiKey } from '@roj/sdk/mock';

const served = process.argv[2];
const mock = served === undefined ? createMockServer() : undefined;
const url = served ?? 'http://mock.test';
const fetch = mock?.fetch;
const silent = { debug() {}, info() {}, warn() {}, error() {} };

const roj = createRojClient({ url, apiKey: defaultApiKey, fetch });
const { instanceId } = await roj.instances.create({ templateSlug: 'starter', name: 'from-node' });
const instance = await roj.instances.get(instanceId);
let missing;
try {
  await roj.instances.get('inst_missing');
} catch (error) {
  missing = {
    // `.` and `./roj` export one class, not two copies of it.
    sameClass: error instanceof RojApiError && error instanceof RojApiErrorOfRoj,
    type: error.type,
    status: error.status,
  };
}

const rool = new RoolClient({
  apiUrl: `${url}/rool`,
  authProvider: new TokenAuthProvider('rool_alice_token'),
  fetch,
  logger: silent,
});
const signedIn = await rool.initialize();
await rool.createSpace('From Node');
const spaces = (await rool.listSpaces()).map((space) => space.name);
const user = rool.currentUser?.name;
rool.destroy();
mock?.close();

console.log(JSON.stringify({
  node: process.versions.node,
  instance: { id: instanceId, name: instance.name },
  missing,
  rool: { signedIn, user, spaces },
}));
