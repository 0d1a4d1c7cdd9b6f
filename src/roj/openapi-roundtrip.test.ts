// Type-level round trip: openapi-typescript, run on our OpenAPI document, must give back the
// registry's own types. For every method of both registries, the registry's input and output
// and the document's schema types are mutually assignable. A mismatch is a type error naming the
// method, so `deno check` (and `deno test`, which type-checks) fails.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MethodInput, MethodOutput, MethodRegistry } from '../rpc/definition.ts';
import type { components } from './_generated/openapi-types.ts';
import type { methodSchemas, uploadSchemas } from './_generated/schemas.ts';
import { instanceMethodNames, platformMethodNames } from './_generated/bindings.ts';
import type { InstanceMethods } from './instance-methods.ts';
import type { PlatformMethods } from './methods.ts';
import type { UploadFileOutput } from './files.ts';

type Schemas = components['schemas'];
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Names = typeof methodSchemas;

/** The methods whose input or output differs from the document's, as `method input|output`. */
type Mismatches<Methods extends MethodRegistry, Endpoint extends keyof Names> = {
  [M in keyof Names[Endpoint] & keyof Methods & string]:
    | (Same<
      MethodInput<Methods, M>,
      Schemas[Names[Endpoint][M] extends { input: infer N extends keyof Schemas } ? N : never]
    > extends true ? never : `${M} input`)
    | (Same<
      MethodOutput<Methods, M>,
      Schemas[Names[Endpoint][M] extends { output: infer N extends keyof Schemas } ? N : never]
    > extends true ? never : `${M} output`);
}[keyof Names[Endpoint] & keyof Methods & string];

/** `true` when nothing differs; otherwise the differing methods, which `true` cannot be assigned to. */
type Verdict<T> = [T] extends [never] ? true : T;

const platform: Verdict<Mismatches<PlatformMethods, 'platform'>> = true;
const instance: Verdict<Mismatches<InstanceMethods, 'instance'>> = true;
const upload: Same<UploadFileOutput, Schemas[(typeof uploadSchemas)['files.upload']['output']]> =
  true;

// The check has teeth: a different type, or one optional field made required, is caught.
// @ts-expect-error CreateInstanceInput and GetInstanceInput differ
const _differentTypes: Same<
  MethodInput<PlatformMethods, 'instances.create'>,
  Schemas['GetInstanceInput']
> = true;
// @ts-expect-error `bundleSlug` is optional in the registry
const _optionality: Same<
  Required<Schemas['CreateInstanceInput']>,
  MethodInput<PlatformMethods, 'instances.create'>
> = true;

test('openapi-typescript types round-trip to the registry types for every method', () => {
  // The type-level verdicts above are what matter; here we check they cover every method.
  assert.equal(platform && instance && upload, true);
  assert.equal(platformMethodNames.length, 17);
  assert.equal(instanceMethodNames.length, 14);
});
