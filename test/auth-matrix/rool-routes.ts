/**
 * The Rool routes outside RPC, each with its own authentication: every WebDAV method
 * (docs/rool-webdav.md §2, from the mock's `davMethods`), every live-event route
 * (rool-events.md, from `eventRoutes`) and both archive routes (rool-archive.md). Each has the
 * rule of the docs (the role it needs), the status of its success, a valid request, and, where
 * the route has one, a request refused for its content, to show that credentials and roles are
 * checked first.
 *
 * @module
 */
import { davMethods } from '../../mock-server/rool/webdav/cors.ts';
import { eventRoutes } from '../../mock-server/rool/events/mod.ts';
import { type Answer, type Outcome, refusal } from './matrix.ts';
import type { RoolCase } from './rool-cases.ts';
import { roleOutcome, type RoolRule } from './rool-policy.ts';
import { davCalls } from './rool-dav-calls.ts';
import { type RoolWorld, type SpaceFixture, tokenOf } from './rool-world.ts';

/** A request to send, relative to the Rool base path. */
export interface RouteRequest {
  /** The HTTP method. */
  method: string;
  /** The path, with its query. */
  path: string;
  /** Headers besides the credential. */
  headers?: Record<string, string>;
  /** The body. */
  body?: BodyInit;
}

/** What a route request is built from. */
export interface RouteContext {
  /** The world. */
  world: RoolWorld;
  /** The space. */
  fx: SpaceFixture;
  /** The credential case. */
  kase: RoolCase;
  /** Whether the case is expected to succeed. */
  succeeds: boolean;
}

/** One route of the matrix. */
export interface RouteTarget {
  /** Which contract it is in. */
  surface: 'webdav' | 'events' | 'archive';
  /** Its name: a WebDAV method, or `METHOD path`. */
  name: string;
  /** What it needs. */
  rule: RoolRule;
  /** The status of its success. */
  status: number;
  /** Whether refusals are the JSON error envelope (WebDAV answers XML). */
  envelope: boolean;
  /** Credentials it takes besides a bearer token: Basic (WebDAV), `?ticket=` (event streams). */
  alsoTakes: readonly ('basic' | 'ticket')[];
  /**
   * A valid request; `succeeds` tells it whether the caller may go through, e.g. whose lock an
   * `UNLOCK` must name.
   */
  valid(ctx: RouteContext): Promise<RouteRequest>;
  /** A request refused for its content when the credential is good, and its outcome. */
  invalid?: { request(ctx: RouteContext): Promise<RouteRequest>; outcome: Outcome };
  /**
   * What a success must look like besides its status, e.g. a stream's media type.
   *
   * @param answer The answer.
   * @returns What is wrong, or `undefined`.
   */
  accepts?(answer: Answer): string | undefined;
}

/**
 * The documented outcome of a case on a route: refused credentials are 401 everywhere; Basic
 * credentials count only on WebDAV (rool-webdav.md §2) and tickets only on the two event streams
 * (rool-events.md, Tickets), where they stand for the owner; a caller gets what their role gives.
 *
 * @param target The route.
 * @param kase The case.
 * @returns The outcome, or `undefined` when the docs do not decide it.
 */
export function routeOutcome(target: RouteTarget, kase: RoolCase): Outcome | undefined {
  const takes = kase.kind === 'caller' ||
    (kase.kind !== 'refused' && target.alsoTakes.includes(kase.kind));
  if (!takes) return refusal('unauthorized');
  const outcome = roleOutcome(target.rule, kase, target.status);
  // WebDAV refusals carry no error envelope: the status is what is documented.
  return outcome && !target.envelope ? { status: outcome.status } : outcome;
}

/** Methods that only read, which a viewer may use; every other needs editor (§2). */
const davReadMethods = new Set(['OPTIONS', 'GET', 'HEAD', 'PROPFIND', 'REPORT']);

/** The event routes' rules and requests, by `eventRoutes` key. */
const eventCalls: Readonly<
  Record<string, Omit<RouteTarget, 'surface' | 'name' | 'envelope'>>
> = Object.freeze({
  // A ticket is accepted "only as ?ticket= on the two stream routes".
  tickets: {
    rule: { needs: 'signedIn' },
    alsoTakes: [],
    status: 200,
    valid: () => Promise.resolve({ method: 'POST', path: eventRoutes.tickets }),
    accepts: (answer) =>
      /^\{"ticket":"rool_evt_[\w-]+","expiresAt":\d+\}$/.test(answer.text)
        ? undefined
        : 'not {ticket, expiresAt}',
  },
  client: {
    rule: { needs: 'signedIn' },
    alsoTakes: ['ticket'],
    status: 200,
    valid: () => Promise.resolve({ method: 'GET', path: eventRoutes.client }),
    accepts: isStream,
  },
  // "The space stream needs read access to the space."
  space: {
    rule: { needs: 'viewer' },
    alsoTakes: ['ticket'],
    status: 200,
    valid: ({ fx }) =>
      Promise.resolve({
        method: 'GET',
        path: eventRoutes.space.replace(':spaceId', fx.spaceId),
      }),
    accepts: isStream,
  },
});

function isStream(answer: Answer): string | undefined {
  const type = answer.headers.get('content-type') ?? '';
  return type.startsWith('text/event-stream') ? undefined : `not a stream but ${type}`;
}

/** The archive routes (rool-archive.md, Routes). */
const archiveTargets: RouteTarget[] = [
  {
    surface: 'archive',
    name: 'GET /v1/spaces/{spaceId}/archive',
    rule: { needs: 'viewer' },
    status: 200,
    envelope: true,
    alsoTakes: [],
    valid: ({ fx }) => Promise.resolve({ method: 'GET', path: `/v1/spaces/${fx.spaceId}/archive` }),
    accepts: (answer) =>
      answer.headers.get('content-type') === 'application/zip' ? undefined : 'not a zip',
  },
  {
    surface: 'archive',
    name: 'POST /v1/spaces/import',
    rule: { needs: 'signedIn' },
    status: 201,
    envelope: true,
    alsoTakes: [],
    valid: async ({ world, fx }) => ({
      method: 'POST',
      path: '/v1/spaces/import?name=Imported',
      headers: { 'content-type': 'application/zip' },
      body: await exportArchive(world, fx),
    }),
    accepts: (answer) =>
      /"role":"owner"/.test(answer.text) ? undefined : 'not the new space, owned by the caller',
    // The content type is checked right after authentication.
    invalid: {
      request: () =>
        Promise.resolve({
          method: 'POST',
          path: '/v1/spaces/import?name=Imported',
          headers: { 'content-type': 'text/plain' },
          body: 'not a zip',
        }),
      outcome: refusal('unsupported_media_type'),
    },
  },
];

async function exportArchive(world: RoolWorld, fx: SpaceFixture): Promise<ArrayBuffer> {
  const response = await world.send(`/v1/spaces/${fx.spaceId}/archive`, {
    headers: { authorization: `Bearer ${tokenOf('alice')}` },
  });
  if (response.status !== 200) throw new Error(`Setup export answered ${response.status}`);
  return await response.arrayBuffer();
}

/**
 * Every route target: the WebDAV methods the mock serves, its event routes, and the archive
 * routes.
 *
 * @returns The targets.
 * @throws {Error} When a WebDAV method or an event route has no request here.
 */
export function routeTargets(): RouteTarget[] {
  const missing = [
    ...davMethods.filter((m) => !(m in davCalls)),
    ...Object.keys(eventRoutes).filter((k) => !(k in eventCalls)),
  ];
  if (missing.length > 0) throw new Error(`No matrix request for ${missing.join(', ')}`);
  return [
    ...davMethods.map((method): RouteTarget => ({
      surface: 'webdav',
      name: method,
      rule: { needs: davReadMethods.has(method) ? 'viewer' : 'editor' },
      envelope: false,
      alsoTakes: ['basic'],
      ...davCalls[method],
    })),
    ...Object.entries(eventRoutes).map(([key, path]): RouteTarget => ({
      ...eventCalls[key],
      surface: 'events',
      name: `${key === 'tickets' ? 'POST' : 'GET'} ${path}`,
      envelope: true,
    })),
    ...archiveTargets,
  ];
}
