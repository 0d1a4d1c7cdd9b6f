/**
 * The Roj credential cases and the outcome docs/roj-contract.md §2 documents for each: the API
 * key cases for the platform endpoint, the upload and the mock's control endpoint (§6), and the
 * instance-token cases for the instance endpoint. The outcomes are read off the contract's
 * table, not off the mock.
 *
 * @module
 */
import { type Outcome, refusal, success } from './matrix.ts';
import { boundOrigin, type RojFixture } from './roj-fixture.ts';
import type { RojScheme } from './roj-targets.ts';

/** The credential part of a request. */
export interface RojCredential {
  /** Headers carrying the credential (and `Origin`). */
  headers: Record<string, string>;
  /** The instance the path names, when not the fixture's instance. */
  instanceId?: string;
}

/** One credential case. */
export interface RojCase {
  /** What the caller does. */
  name: string;
  /** The credential it is a case of. */
  scheme: RojScheme;
  /** The documented outcome. */
  outcome: Outcome;
  /**
   * The credential to send.
   *
   * @param fx The fixture.
   * @returns The headers and the path's instance.
   */
  credential(fx: RojFixture): RojCredential;
}

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
const cookie = (token: string) => ({ cookie: `theme=dark; roj_instance_token=${token}` });

function ofScheme(scheme: RojScheme, cases: Omit<RojCase, 'scheme'>[]): RojCase[] {
  return cases.map((c) => ({ ...c, scheme }));
}

/** The cases of an API key, §2 "Platform routes and upload". */
const apiKeyCases: RojCase[] = ofScheme('apiKey', [
  { name: 'no credential', outcome: refusal('unauthorized'), credential: () => ({ headers: {} }) },
  {
    name: 'an unknown API key',
    outcome: refusal('unauthorized'),
    credential: () => ({ headers: bearer('roj_not_a_configured_key') }),
  },
  {
    name: 'an instance token as the API key',
    outcome: refusal('unauthorized'),
    credential: (fx) => ({ headers: bearer(fx.tokens.plain) }),
  },
  {
    name: 'a Rool user token as the API key',
    outcome: refusal('unauthorized'),
    credential: () => ({ headers: bearer('rool_alice_token') }),
  },
  {
    name: 'the API key under the Basic scheme',
    outcome: refusal('unauthorized'),
    credential: (fx) => ({ headers: { authorization: `Basic ${btoa(`key:${fx.apiKey}`)}` } }),
  },
  {
    name: 'the API key as the instance cookie',
    outcome: refusal('unauthorized'),
    credential: (fx) => ({ headers: cookie(fx.apiKey) }),
  },
  {
    name: 'the API key, scheme name in lower case',
    outcome: success(),
    credential: (fx) => ({ headers: { authorization: `bearer ${fx.apiKey}` } }),
  },
  {
    // Only instance tokens are bound to an origin.
    name: 'the API key, from a page of another origin',
    outcome: success(),
    credential: (fx) => ({
      headers: { ...bearer(fx.apiKey), origin: 'https://elsewhere.example' },
    }),
  },
  { name: 'the API key', outcome: success(), credential: (fx) => ({ headers: bearer(fx.apiKey) }) },
]);

/** The cases of an instance token, §2 "Instance routes" and its table. */
const instanceTokenCases: RojCase[] = ofScheme('instanceToken', [
  { name: 'no credential', outcome: refusal('unauthorized'), credential: () => ({ headers: {} }) },
  {
    name: 'a token tokens.create never issued',
    outcome: refusal('unauthorized'),
    credential: () => ({ headers: bearer('rjt_never_issued_by_tokens_create') }),
  },
  {
    name: 'the API key as the token',
    outcome: refusal('unauthorized'),
    credential: (fx) => ({ headers: bearer(fx.apiKey) }),
  },
  {
    name: "a session's WebSocket token",
    outcome: refusal('unauthorized'),
    credential: (fx) => ({ headers: bearer(fx.tokens.webSocket) }),
  },
  {
    name: 'an expired token',
    outcome: refusal('unauthorized'),
    credential: (fx) => ({ headers: bearer(fx.tokens.expired) }),
  },
  {
    name: 'an expired token as the cookie',
    outcome: refusal('unauthorized'),
    credential: (fx) => ({ headers: cookie(fx.tokens.expired) }),
  },
  {
    name: 'a token of another instance',
    outcome: refusal('forbidden'),
    credential: (fx) => ({ headers: bearer(fx.tokens.otherInstance) }),
  },
  {
    name: 'a token of another instance as the cookie',
    outcome: refusal('forbidden'),
    credential: (fx) => ({ headers: cookie(fx.tokens.otherInstance) }),
  },
  {
    name: 'a token for a path whose instance does not exist',
    outcome: refusal('forbidden'),
    credential: (fx) => ({ headers: bearer(fx.tokens.plain), instanceId: 'ins_999999' }),
  },
  {
    name: 'an origin-bound token without Origin',
    outcome: refusal('forbidden'),
    credential: (fx) => ({ headers: bearer(fx.tokens.bound) }),
  },
  {
    name: 'an origin-bound token from another origin',
    outcome: refusal('forbidden'),
    credential: (fx) => ({
      headers: { ...bearer(fx.tokens.bound), origin: 'https://elsewhere.example' },
    }),
  },
  {
    name: 'an origin-bound token from its origin with a trailing slash',
    outcome: refusal('forbidden'),
    credential: (fx) => ({ headers: { ...bearer(fx.tokens.bound), origin: `${boundOrigin}/` } }),
  },
  {
    name: 'a wrong header beside a good cookie (the header wins)',
    outcome: refusal('unauthorized'),
    credential: (fx) => ({
      headers: { ...bearer('rjt_never_issued_by_tokens_create'), ...cookie(fx.tokens.plain) },
    }),
  },
  {
    name: 'a token of another instance beside a good cookie (the header wins)',
    outcome: refusal('forbidden'),
    credential: (fx) => ({
      headers: { ...bearer(fx.tokens.otherInstance), ...cookie(fx.tokens.plain) },
    }),
  },
  {
    name: 'no token, for an archived instance',
    outcome: refusal('unauthorized'),
    credential: (fx) => ({ headers: {}, instanceId: fx.archivedInstanceId }),
  },
  {
    name: "the instance's token, the instance archived",
    outcome: refusal('conflict'),
    credential: (fx) => ({
      headers: bearer(fx.tokens.archived),
      instanceId: fx.archivedInstanceId,
    }),
  },
  {
    name: 'an origin-bound token from its origin',
    outcome: success(),
    credential: (fx) => ({ headers: { ...bearer(fx.tokens.bound), origin: boundOrigin } }),
  },
  {
    name: 'an unbound token from any origin',
    outcome: success(),
    credential: (fx) => ({
      headers: { ...bearer(fx.tokens.plain), origin: 'https://elsewhere.example' },
    }),
  },
  {
    name: 'the token as the cookie',
    outcome: success(),
    credential: (fx) => ({ headers: cookie(fx.tokens.plain) }),
  },
  {
    name: 'a good header beside a wrong cookie (the header wins)',
    outcome: success(),
    credential: (fx) => ({
      headers: { ...bearer(fx.tokens.plain), ...cookie('rjt_never_issued_by_tokens_create') },
    }),
  },
  {
    name: 'the token',
    outcome: success(),
    credential: (fx) => ({ headers: bearer(fx.tokens.plain) }),
  },
]);

/** Every Roj credential case. */
export const rojCases: readonly RojCase[] = Object.freeze([...apiKeyCases, ...instanceTokenCases]);

/**
 * The secrets a credential carries, which no answer may quote (§1.2).
 *
 * @param fx The fixture.
 * @returns The API key and every token of the fixture.
 */
export function rojSecrets(fx: RojFixture): string[] {
  return [fx.apiKey, ...Object.values(fx.tokens)];
}
