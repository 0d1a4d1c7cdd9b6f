/**
 * The error responses of JSON operations: one per HTTP status of the shared
 * error table (src/rpc/error-types.ts), each the RPC failure envelope.
 *
 * @module
 */
import { ref } from '../read/api.ts';

/**
 * Builds the error responses, by status in ascending order.
 *
 * @param errorStatus Error type → HTTP status, the table servers and clients share.
 * @param options The failure envelope's component name, and the statuses to keep (default: all).
 * @returns OpenAPI Response Objects keyed by status.
 *
 * @example Two types share 400
 * ```ts
 * import assert from 'node:assert/strict';
 * import { errorResponses } from './errors.ts';
 * const responses = errorResponses(
 *   { invalid_request: 400, validation_error: 400, not_found: 404 },
 *   { failure: 'RpcFailure', statuses: [400] },
 * );
 * assert.deepEqual(Object.keys(responses), ['400']);
 * ```
 */
export function errorResponses(
  errorStatus: Readonly<Record<string, number>>,
  options: { failure: string; statuses?: readonly number[] },
): Record<string, unknown> {
  const byStatus = new Map<number, string[]>();
  for (const [type, status] of Object.entries(errorStatus)) {
    if (options.statuses && !options.statuses.includes(status)) continue;
    byStatus.set(status, [...(byStatus.get(status) ?? []), type]);
  }
  return Object.fromEntries(
    [...byStatus].sort(([a], [b]) => a - b).map(([status, types]) => [String(status), {
      description: `Error envelope with \`error.type\` ${
        types.map((t) => `\`${t}\``).join(' or ')
      }`,
      content: { 'application/json': { schema: ref(options.failure) } },
    }]),
  );
}
