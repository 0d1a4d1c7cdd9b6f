/**
 * A Roj mock's whole state as a string, to prove that a rejected request
 * changed nothing (docs/roj-contract.md §1.1).
 *
 * @module
 */
import type { MockServer } from '../../mock-server/mod.ts';

/**
 * Serializes every record, index and sequence of the mock's current state.
 *
 * @param mock The mock.
 * @returns A string equal for equal states.
 */
export function stateSnapshot(mock: MockServer): string {
  return JSON.stringify(mock.runtime.state, (_key, value) => {
    if (value instanceof Map) return { map: [...value.entries()] };
    if (value instanceof Uint8Array) return { bytes: [...value] };
    return value;
  });
}
