/**
 * The Rool API definition: the registry, where it is served, and how callers
 * authenticate. `codegen/` writes the OpenAPI document from this; the mock
 * routes by it. Paths are relative to the client's `apiUrl` (the mock serves
 * them under `/rool`).
 *
 * Part 2 adds, beside `/v1/rpc`: WebDAV at `/v1/spaces/{spaceId}/dav/…` and
 * live events over SSE at `/v1/events`.
 *
 * @module
 */
import { type AuthScheme, defineApi, type EndpointDef } from '../rpc/api.ts';
import { type RoolMethods, roolMethods } from './methods.ts';

/** The Rool API definition's type. */
export type RoolApi = {
  /** Document metadata. */
  info: {
    title: string;
    version: string;
    description: string;
    license: { name: string; identifier: string };
  };
  /** The auth schemes. */
  auth: Record<'userToken', AuthScheme>;
  /** The RPC endpoints. */
  endpoints: { rool: EndpointDef<RoolMethods> };
};

/** The path of the Rool RPC endpoint under the client's `apiUrl`. */
export const roolRpcPath = '/v1/rpc';

// `@__PURE__` lets a bundler drop the definition where only `roolRpcPath` is used (the client).
/** The Rool API definition. */
export const roolApi: RoolApi = /* @__PURE__ */ defineApi<RoolApi>({
  info: {
    title: 'Rool workspace API',
    version: '0.11.0',
    description: 'Spaces, channels, conversations, objects, schema, AI prompts and undo/redo. ' +
      'The RPC endpoint takes a JSON envelope `{method, input}` and answers ' +
      '`{ok: true, value}` or `{ok: false, error: {type, message}}`.',
    license: { name: 'MIT', identifier: 'MIT' },
  },
  auth: {
    userToken: {
      kind: 'bearer',
      description: "A user's access token from the login flow: `Authorization: Bearer <token>`",
    },
  },
  endpoints: {
    rool: {
      path: roolRpcPath,
      summary: 'Call a Rool method',
      description: 'Every Rool method, authenticated with a user token.',
      auth: ['userToken'],
      methods: roolMethods,
    },
  },
});
