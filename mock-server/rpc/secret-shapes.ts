/**
 * The shapes of the secrets a mock server hands out, Roj's and Rool's alike.
 * One server serves both products (`createMockServer`), so an error message
 * of either must not echo a secret of the other, pasted into a field by
 * mistake: a Rool token in a Roj ID, a Roj instance token in a Rool space ID.
 * Each product's quoting (roj/domain/echo.ts, rool/auth.ts) adds its own
 * configured secrets (API keys, seeded user tokens) to these shapes.
 *
 * @module
 */

// Roj: instance, WebSocket and sandbox tokens (`rjt_`, `rjw_`, `rjs_`, docs/roj-contract.md §1)
// and the public development key. Rool: seeded tokens and verification tokens (`rool_`, `rvt_`)
// and issued JWTs, whose base64url JSON header starts `eyJ` (docs/rool-contract.md §2).
const secretShape = /rj[tws]_|roj_dev_key|rool_|rvt_|eyJ[A-Za-z0-9_-]*\./;

/**
 * Whether a value holds something shaped like a secret of the mock server, of either product.
 *
 * @param value A value from a request, about to be quoted in a message.
 * @returns Whether to redact it.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { looksLikeSecret } from './secret-shapes.ts';
 * assert.equal(looksLikeSecret('spc_123'), false);
 * assert.equal(looksLikeSecret('rool_alice_token'), true);
 * assert.equal(looksLikeSecret('x rjt_abc'), true);
 * ```
 */
export function looksLikeSecret(value: string): boolean {
  return secretShape.test(value);
}
