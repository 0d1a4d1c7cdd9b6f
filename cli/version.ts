/**
 * The version every command line prints for `--version`. deno.json's `version` is the source
 * of truth; ./version.test.ts fails when this copy (or the mock's `mockVersion`) drifts from it.
 * A constant rather than a JSON import of deno.json, so that bundles for Node and Workers do not
 * carry the whole configuration file.
 *
 * @module
 */

/** The package's version, as deno.json states it. */
export const packageVersion = '0.1.0';

/**
 * The line `--version` prints: the command's name and the version.
 *
 * @param command The command's name, e.g. `roj-mock`.
 * @returns For example `roj-mock 0.1.0`.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { packageVersion, versionLine } from './version.ts';
 * assert.equal(versionLine('roj-mock'), `roj-mock ${packageVersion}`);
 * ```
 */
export function versionLine(command: string): string {
  return `${command} ${packageVersion}`;
}
