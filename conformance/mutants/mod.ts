/**
 * Mutant backends: each is the mock with one realistic deviation from the
 * contract. The suite must report every one of them (./mutants.test.ts);
 * they prove it has teeth. Not part of the public API.
 *
 * @module
 */
import type { Mutant } from './_build.ts';
import { instanceMutants } from './instance.ts';
import { platformMutants } from './platform.ts';
import { wireMutants } from './wire.ts';

export type { FetchLike, Mutant } from './_build.ts';

/** Every mutant. */
export const mutants: readonly Mutant[] = [...platformMutants, ...instanceMutants, ...wireMutants];
