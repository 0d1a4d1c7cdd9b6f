/**
 * The mock-only control API at `POST /_mock/rpc`, guarded by the API key. It
 * is not part of the Roj platform contract: a real deployment has no such
 * routes. It is a registry like any other, so its inputs are validated by
 * generated validators and it has its own OpenAPI document.
 *
 * @module
 */
import { type AuthScheme, defineApi, type EndpointDef } from '../../src/rpc/api.ts';
import { defineMethods, method, type MethodDef } from '../../src/rpc/definition.ts';
import type { MockSeed } from './seed.ts';

/** Input of `mock.loadSeed`. */
export interface LoadSeedInput {
  /** The new seed; it replaces the current one and resets all state. */
  seed: MockSeed;
}

/** Output of `mock.loadSeed`. */
export interface LoadSeedOutput {
  /** `true` once loaded. */
  ok: boolean;
  /** How many templates, bundles and presets were loaded. */
  counts: { templates: number; bundles: number; presets: number };
}

/** Output of `mock.reset`. */
export interface ResetOutput {
  /** `true` once reset. */
  ok: boolean;
}

/** Input of methods that take none. */
export type NoInput = Record<string, never>;

/** The mock-only control methods. */
export type MockAdminMethods = {
  /** Forgets everything created through the API; keeps the seed. */
  'mock.reset': MethodDef<NoInput, ResetOutput>;
  /** Replaces the seed and resets. */
  'mock.loadSeed': MethodDef<LoadSeedInput, LoadSeedOutput>;
  /** Returns the current seed. */
  'mock.getSeed': MethodDef<NoInput, MockSeed>;
};

/** The mock-only control registry value. */
export const mockAdminMethods: MockAdminMethods = defineMethods<MockAdminMethods>({
  'mock.reset': method(),
  'mock.loadSeed': method(),
  'mock.getSeed': method(),
});

/** The mock-only control API's type. */
export type MockAdminApi = {
  /** Document metadata. */
  info: {
    title: string;
    version: string;
    description: string;
    license: { name: string; identifier: string };
  };
  /** The auth scheme. */
  auth: { apiKey: AuthScheme };
  /** The one endpoint. */
  endpoints: { admin: EndpointDef<MockAdminMethods> };
};

/** The mock-only control API. */
export const mockAdminApi: MockAdminApi = defineApi<MockAdminApi>({
  info: {
    title: 'Roj mock server control API (mock-only)',
    version: '0.1.0',
    description: 'Routes only the mock server has: reset state and load seed data. ' +
      'Real Roj deployments do not serve them.',
    license: { name: 'MIT', identifier: 'MIT' },
  },
  auth: { apiKey: { kind: 'bearer', description: "One of the mock's API keys" } },
  endpoints: {
    admin: {
      path: '/_mock/rpc',
      summary: 'Call a mock-only control method',
      auth: ['apiKey'],
      methods: mockAdminMethods,
    },
  },
});
