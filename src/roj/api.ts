/**
 * The Roj platform API: both registries, where they are served, how callers
 * authenticate, and the multipart upload. `codegen/` writes the OpenAPI
 * document from this; the mock server routes by it.
 *
 * @module
 */
import {
  type AuthScheme,
  defineApi,
  type EndpointDef,
  upload,
  type UploadDef,
} from '../rpc/api.ts';
import type { UploadFileForm, UploadFileOutput } from './files.ts';
import { type InstanceMethods, instanceMethods } from './instance-methods.ts';
import { type PlatformMethods, platformMethods } from './methods.ts';
import { instanceRpcPath, platformRpcPath, uploadPath } from './_paths.ts';

/** The Roj API definition's type: which registry is served where. */
export type RojApi = {
  /** Document metadata. */
  info: {
    title: string;
    version: string;
    description: string;
    license: { name: string; identifier: string };
  };
  /** The auth schemes. */
  auth: Record<'apiKey' | 'instanceToken' | 'instanceCookie', AuthScheme>;
  /** The RPC endpoints. */
  endpoints: { platform: EndpointDef<PlatformMethods>; instance: EndpointDef<InstanceMethods> };
  /** The multipart uploads. */
  uploads: { 'files.upload': UploadDef<UploadFileForm, UploadFileOutput> };
};

/** The Roj API definition. */
// `@__PURE__` lets a bundler drop the definition where only the paths are used (the clients).
export const rojApi: RojApi = /* @__PURE__ */ defineApi<RojApi>({
  info: {
    title: 'Roj platform API',
    version: '0.1.0',
    description: 'Instances, sessions, sandboxes, tokens, bundles, files and resources. ' +
      'Every RPC endpoint takes a JSON envelope `{method, input}` and answers ' +
      '`{ok: true, value}` or `{ok: false, error: {type, message}}`.',
    license: { name: 'MIT', identifier: 'MIT' },
  },
  auth: {
    apiKey: { kind: 'bearer', description: 'Platform API key: `Authorization: Bearer <apiKey>`' },
    instanceToken: {
      kind: 'bearer',
      description: 'Instance token from `tokens.create`: `Authorization: Bearer <token>`',
    },
    instanceCookie: {
      kind: 'cookie',
      name: 'roj_instance_token',
      description: 'Instance token from `tokens.create`, as a cookie',
    },
  },
  endpoints: {
    platform: {
      path: platformRpcPath,
      summary: 'Call a platform method',
      description: 'Platform methods, authenticated with an API key.',
      auth: ['apiKey'],
      methods: platformMethods,
    },
    instance: {
      path: instanceRpcPath,
      summary: 'Call an instance method',
      description: 'Instance-scoped methods, authenticated with an instance token or cookie.',
      auth: ['instanceToken', 'instanceCookie'],
      params: { instanceId: { description: 'The instance the token was minted for' } },
      methods: instanceMethods,
    },
  },
  uploads: {
    'files.upload': /* @__PURE__ */ upload<UploadFileForm, UploadFileOutput>({
      path: uploadPath,
      summary: 'Upload a file',
      description: 'Multipart upload of one file part named `file`.',
      auth: ['apiKey'],
    }),
  },
});
