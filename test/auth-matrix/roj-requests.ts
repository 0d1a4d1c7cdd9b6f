/**
 * A valid request for every Roj target, by target name (`surface method`), so that a credential
 * the contract accepts gets a plain success: the inputs name the fixture's instance, session,
 * sandbox, file and resource, and each method says which sandbox state it needs. Each target
 * also has invalid requests, one per check after authentication, and the refusal each gets with
 * a good credential: a refused credential must be refused the same way whatever the content
 * (docs/roj-contract.md §1.1, §4).
 * `roj.test.ts` checks that this table and the registries list the same targets.
 *
 * @module
 */
import { defaultSeed } from '../../mock-server/mod.ts';
import { type Outcome, refusal } from './matrix.ts';
import { type RojFixture, type SandboxSetup, uploadForm } from './roj-fixture.ts';

/** The body of a request and its content type. */
export interface RojBody {
  /** The body. */
  body: BodyInit;
  /** Its `Content-Type`; none for a `FormData`, which sets its own. */
  contentType?: string;
}

/** A request refused for its content, and what it gets with a good credential. */
export interface RojInvalid {
  /** What is wrong with it. */
  name: string;
  /** The request. */
  body: RojBody;
  /** Its refusal. */
  outcome: Outcome;
}

/** How to call one target. */
export interface RojRequest {
  /** The sandbox state the method needs to succeed. Default `running`. */
  sandbox?: SandboxSetup;
  /**
   * A request that succeeds with a good credential.
   *
   * @param fx The fixture.
   * @returns The request.
   */
  valid(fx: RojFixture): RojBody;
  /** Requests refused for their content, one per check that comes after authentication. */
  invalid: readonly RojInvalid[];
}

type Input = (fx: RojFixture) => Record<string, unknown>;

const json = (body: string): RojBody => ({ body, contentType: 'application/json' });

function rpc(method: string, input: Input, sandbox?: SandboxSetup): RojRequest {
  return {
    sandbox,
    valid: (fx) => json(JSON.stringify({ method, input: input(fx) })),
    // Steps 2, 4 and 7 of §1.1. Every input is an object, so a number breaks every schema.
    invalid: [
      {
        name: 'a text/plain body',
        body: { body: JSON.stringify({ method, input: {} }), contentType: 'text/plain' },
        outcome: refusal('unsupported_media_type'),
      },
      {
        name: 'a body that is not JSON',
        body: json('{"method'),
        outcome: refusal('invalid_request'),
      },
      {
        name: 'an input of the wrong type',
        body: json(JSON.stringify({ method, input: 42 })),
        outcome: refusal('validation_error'),
      },
    ],
  };
}

const platform: Record<string, Input> = {
  'instances.create': () => ({ templateSlug: 'starter', name: 'new' }),
  'instances.get': (fx) => ({ instanceId: fx.instanceId }),
  'instances.list': () => ({}),
  'instances.status': (fx) => ({ instanceId: fx.instanceId }),
  'instances.archive': (fx) => ({ instanceId: fx.instanceId }),
  'sessions.create': (fx) => ({ instanceId: fx.instanceId, presetId: 'default' }),
  'sessions.list': (fx) => ({ instanceId: fx.instanceId }),
  'sessions.publish': (fx) => ({ instanceId: fx.instanceId, sessionId: fx.sessionId }),
  'tokens.create': (fx) => ({ instanceId: fx.instanceId }),
  'services.getUrl': (fx) => ({
    instanceId: fx.instanceId,
    sessionId: fx.sessionId,
    serviceType: 'preview',
  }),
  'bundles.list': () => ({}),
  'bundles.delete': () => ({ bundleSlug: 'starter' }),
  'resources.create': (fx) => ({ slug: 'second-res', fileId: fx.fileId }),
  'resources.addRevision': (fx) => ({ resourceId: fx.resourceId, fileId: fx.fileId }),
  'resources.get': (fx) => ({ resourceId: fx.resourceId }),
  'resources.list': () => ({}),
  'resources.delete': (fx) => ({ resourceId: fx.resourceId }),
};

const instance: Record<string, [Input, SandboxSetup?]> = {
  createSandbox: [() => ({}), 'none'],
  pauseSandbox: [(fx) => ({ sandboxId: fx.sandboxId })],
  resumeSandbox: [() => ({}), 'paused'],
  terminateSandbox: [(fx) => ({ sandboxId: fx.sandboxId })],
  restartAgent: [(fx) => ({ sandboxId: fx.sandboxId })],
  getAgentLogs: [(fx) => ({ sandboxId: fx.sandboxId })],
  execInSandbox: [() => ({ command: 'echo hi' })],
  validateSandboxToken: [(fx) => ({ sandboxId: fx.sandboxId, token: 'not-the-token' })],
  createSession: [() => ({ presetId: 'default' })],
  listSessions: [() => ({})],
  publishSession: [(fx) => ({ sessionId: fx.sessionId })],
  getServiceUrl: [(fx) => ({ sessionId: fx.sessionId, serviceType: 'preview' })],
  getServiceUrls: [(fx) => ({ sessionId: fx.sessionId })],
  ensureSandbox: [() => ({})],
};

const admin: Record<string, Input> = {
  'mock.reset': () => ({}),
  'mock.loadSeed': () => ({ seed: defaultSeed() }),
  'mock.getSeed': () => ({}),
};

/** Every Roj target's requests, by `surface method`. */
export const rojRequests: Readonly<Record<string, RojRequest>> = Object.freeze({
  ...Object.fromEntries(
    Object.entries(platform).map(([m, input]) => [
      `platform ${m}`,
      rpc(m, input),
    ]),
  ),
  ...Object.fromEntries(
    Object.entries(instance).map(([m, [input, sandbox]]) => [
      `instance ${m}`,
      rpc(m, input, sandbox),
    ]),
  ),
  ...Object.fromEntries(Object.entries(admin).map(([m, input]) => [`admin ${m}`, rpc(m, input)])),
  // §4: the API key, then the media type, then the size, then parsing.
  'upload files.upload': {
    valid: () => ({ body: uploadForm() }),
    invalid: [
      {
        name: 'a text/plain body',
        body: { body: 'hello', contentType: 'text/plain' },
        outcome: refusal('unsupported_media_type'),
      },
      {
        name: 'multipart without a boundary',
        body: { body: 'hello', contentType: 'multipart/form-data' },
        outcome: refusal('invalid_request'),
      },
    ],
  },
});
