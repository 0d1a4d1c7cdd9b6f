/**
 * The services a session exposes, from its preset, and their codes and URLs
 * (docs/roj-contract.md §3, `services.getUrl`). A code names one service of
 * one session and resolves back to it without an index: `svc_<n>_<i>` is the
 * `i`-th service (from 1) of session `ses_<n>`.
 *
 * @module
 */
import type { RojState, SessionRecord } from '../state.ts';

/** A service of a session. */
export interface SessionService {
  /** Kind of service, e.g. `preview`. */
  serviceType: string;
  /** The code that addresses it in `/services/{code}/`. */
  code: string;
  /** Port inside the sandbox. */
  port: number;
}

const codePattern = /^svc_([0-9]+)_([1-9][0-9]*)$/;

/**
 * The services a session exposes, in preset order.
 *
 * @param state The state, for the presets.
 * @param session The session.
 * @returns Its services with their codes.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { servicesOf } from './services.ts';
 * const state = {
 *   presets: new Map([['default', { services: [{ serviceType: 'preview', port: 3000 }] }]]),
 * } as unknown as Parameters<typeof servicesOf>[0];
 * const session = { id: 'ses_000007', presetId: 'default' } as Parameters<typeof servicesOf>[1];
 * assert.deepEqual(servicesOf(state, session), [
 *   { serviceType: 'preview', code: 'svc_000007_1', port: 3000 },
 * ]);
 * ```
 */
export function servicesOf(state: RojState, session: SessionRecord): SessionService[] {
  const services = state.presets.get(session.presetId)?.services ?? [];
  const n = session.id.slice(session.id.indexOf('_') + 1);
  return services.map((s, i) => ({
    serviceType: s.serviceType,
    code: `svc_${n}_${i + 1}`,
    port: s.port,
  }));
}

/**
 * The service of a session with a given type: the first in preset order.
 *
 * @param state The state.
 * @param options The session and the service type.
 * @returns The service, or `undefined` when the preset has no such type.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { findService } from './services.ts';
 * const state = { presets: new Map([['p', { services: [] }]]) } as unknown as Parameters<
 *   typeof findService
 * >[0];
 * const session = { id: 'ses_000001', presetId: 'p' } as Parameters<typeof findService>[1]['session'];
 * assert.equal(findService(state, { session, serviceType: 'preview' }), undefined);
 * ```
 */
export function findService(
  state: RojState,
  options: { session: SessionRecord; serviceType: string },
): SessionService | undefined {
  return servicesOf(state, options.session).find((s) => s.serviceType === options.serviceType);
}

/**
 * The service a code names.
 *
 * @param state The state.
 * @param code The code from a service URL.
 * @returns The session and its service, or `undefined` when the code names none.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { resolveServiceCode } from './services.ts';
 * const state = { sessions: new Map() } as unknown as Parameters<typeof resolveServiceCode>[0];
 * assert.equal(resolveServiceCode(state, 'svc_000001_1'), undefined);
 * ```
 */
export function resolveServiceCode(
  state: RojState,
  code: string,
): { session: SessionRecord; service: SessionService } | undefined {
  const match = codePattern.exec(code);
  if (!match) return undefined;
  const session = state.sessions.get(`ses_${match[1]}`);
  if (!session) return undefined;
  const service = servicesOf(state, session)[Number(match[2]) - 1];
  return service && { session, service };
}

/**
 * The URL of a service, under the mock's origin as the caller reached it.
 *
 * @param origin The mock's origin, e.g. `http://127.0.0.1:8787`.
 * @param code The service's code.
 * @returns `<origin>/services/<code>/`.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { serviceUrl } from './services.ts';
 * assert.equal(serviceUrl('http://mock.test', 'svc_000001_1'), 'http://mock.test/services/svc_000001_1/');
 * ```
 */
export function serviceUrl(origin: string, code: string): string {
  return `${origin}/services/${code}/`;
}
