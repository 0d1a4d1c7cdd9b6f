/**
 * What a load run counts: operations by name, errors (a call that failed: an error answer or no
 * answer) and mismatches (an answer that contradicts what the mock had acknowledged), with the
 * first few of each kept to print. Messages never carry a secret: the mock's error messages redact
 * them (docs/roj-contract.md §1.2), and mismatch messages name tokens by their instance only.
 *
 * @module
 */

/** An answer that contradicts the model: a consistency violation, not a failed call. */
export class MismatchError extends Error {
  /** Always `MismatchError`. */
  override readonly name = 'MismatchError';
}

/** How many samples of errors and of mismatches are kept. */
const keptSamples = 10;

/**
 * Counters of one load run.
 *
 * @example Count an operation and an error
 * ```ts
 * import assert from 'node:assert/strict';
 * import { LoadStats, MismatchError } from './stats.ts';
 * const stats = new LoadStats();
 * stats.done('instances.get');
 * stats.failed('instances.list', new MismatchError('total 3 outside [4, 5]'));
 * assert.equal(stats.operations, 2);
 * assert.equal(stats.mismatches, 1);
 * assert.deepEqual(stats.samples, ['mismatch in instances.list: total 3 outside [4, 5]']);
 * ```
 */
export class LoadStats {
  /** Operations that ran, whatever their outcome. */
  operations = 0;
  /** Calls that failed. */
  errors = 0;
  /** Answers that contradicted the model. */
  mismatches = 0;
  /** Operations by name. */
  readonly byName: Map<string, number> = new Map();
  /** The first errors and mismatches, one line each. */
  readonly samples: string[] = [];

  /**
   * Counts an operation that succeeded.
   *
   * @param name The operation.
   */
  done(name: string): void {
    this.operations++;
    this.byName.set(name, (this.byName.get(name) ?? 0) + 1);
  }

  /**
   * Counts an operation that failed, as a mismatch or as an error.
   *
   * @param name The operation.
   * @param error What it threw.
   */
  failed(name: string, error: unknown): void {
    this.done(name);
    const mismatch = error instanceof MismatchError;
    if (mismatch) this.mismatches++;
    else this.errors++;
    if (this.samples.length < keptSamples) {
      this.samples.push(`${mismatch ? 'mismatch' : 'error'} in ${name}: ${describe(error)}`);
    }
  }

  /**
   * The operations by name, most frequent first.
   *
   * @returns E.g. `instances.get 12,034, instances.list 7,001`.
   */
  breakdown(): string {
    return [...this.byName].sort((a, b) => b[1] - a[1])
      .map(([name, count]) => `${name} ${count.toLocaleString('en-US')}`).join(', ');
  }
}

/**
 * One line describing a thrown value: a `RojApiError`'s type and status, then its message.
 *
 * @param error The value.
 * @returns The line.
 */
export function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { type, status } = error as { type?: unknown; status?: unknown };
  return typeof type === 'string' ? `${type} (${status}): ${error.message}` : error.message;
}
