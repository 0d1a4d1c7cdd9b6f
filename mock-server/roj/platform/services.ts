/**
 * `services.getUrl` (docs/roj-contract.md §3) and the pages its URLs answer
 * with (§6, `GET /services/{code}/…`).
 *
 * @module
 */
import { faultResponse, RpcFault } from '../../rpc/fault.ts';
import { findInstance } from '../domain/instances.ts';
import { findService, resolveServiceCode, serviceUrl } from '../domain/services.ts';
import { findSession } from '../domain/sessions.ts';
import type { RojState } from '../state.ts';
import type { NamespaceHandlers } from './_handlers.ts';

/** Handler of `services.getUrl`. */
export const servicesHandlers: NamespaceHandlers<'services'> = {
  'services.getUrl': ({ instanceId, sessionId, serviceType }, ctx) => {
    const instance = findInstance(ctx, instanceId);
    const session = findSession(ctx.state, { instance, sessionId });
    const service = findService(ctx.state, { session, serviceType });
    return { url: service ? serviceUrl(ctx.origin, service.code) : null };
  },
};

/**
 * The page a service URL answers with: a short text naming the service, or
 * the `not_found` error envelope when the code names none.
 *
 * @param state The state.
 * @param code The code from the path.
 * @returns 200 `text/plain`, or 404 JSON.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { servicePage } from './services.ts';
 * const state = { sessions: new Map() } as unknown as Parameters<typeof servicePage>[0];
 * assert.equal(servicePage(state, 'svc_000001_1').status, 404);
 * ```
 */
export function servicePage(state: RojState, code: string): Response {
  const found = resolveServiceCode(state, code);
  if (!found) return faultResponse(new RpcFault('not_found', 'No service has this code'));
  const { session, service } = found;
  const text = [
    `Roj mock service ${service.serviceType}`,
    `code: ${service.code}`,
    `instance: ${session.instanceId}`,
    `session: ${session.id}`,
    `port: ${service.port}`,
    '',
  ].join('\n');
  return new Response(text, { headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
