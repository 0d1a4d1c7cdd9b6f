/**
 * What the Rool mutants share: the mutant shape, the mock they wrap (served under `/rool` with
 * the default users, as `deno task mock` serves it), the mock's own handlers for overrides, and
 * a `fetch` that rewrites RPC envelopes on the way in.
 *
 * @module
 */
import { createRoolMock, type RoolMockOptions } from '../../../mock-server/rool/mod.ts';
import { roolHandlers } from '../../../mock-server/rool/handlers/mod.ts';
import type { RoolHandlers } from '../../../mock-server/rool/handlers/_types.ts';
import type { RoolContext } from '../../../mock-server/rool/context.ts';
import {
  type FetchLike,
  type Mutant,
  readEnvelope,
  toRequest,
  withEnvelope,
} from '../../mutants/_build.ts';

/** A Rool mutant: as a Roj one, its `build` takes no configuration. */
export type RoolMutant = Omit<Mutant, 'build'> & { build(): { fetch: FetchLike } };

/**
 * The storage quota per space of the mutants' mock (bytes): small, so the suite's over-quota
 * write (conformance/rool/commands/files-sync.ts) stays small too.
 */
export const mutantQuotaBytes = 64 * 1024;

/**
 * A Rool mock served under `/rool` with the default users and a small storage quota per space,
 * some handlers replaced.
 *
 * @param handlers The replacements.
 * @param options More options.
 * @returns The mock.
 */
export function roolMutantMock(
  handlers: Partial<RoolHandlers> = {},
  options: RoolMockOptions = {},
): ReturnType<typeof createRoolMock> {
  return createRoolMock({
    basePath: '/rool',
    handlers,
    onError: () => {},
    log: () => {},
    ...options,
    limits: { storageBytesPerSpace: mutantQuotaBytes, ...options.limits },
  });
}

type AnyHandler = (input: never, ctx: RoolContext) => unknown;
const original = roolHandlers as unknown as Record<string, AnyHandler>;

/**
 * Calls the mock's own handler.
 *
 * @param method The method.
 * @param input Its input.
 * @param ctx The request's context.
 * @returns The handler's output.
 */
export async function call<T>(method: string, input: unknown, ctx: RoolContext): Promise<T> {
  return await original[method](input as never, ctx) as T;
}

/**
 * A mock behind a `fetch` that rewrites the envelope of some calls on the way in.
 *
 * @param rewrite Given an envelope, a new one, or `undefined` to keep it.
 * @returns The `fetch`.
 */
export function rewriting(
  rewrite: (envelope: { method: string; input: Record<string, unknown> }) => unknown | undefined,
): { fetch: FetchLike } {
  const mock = roolMutantMock();
  return {
    async fetch(input, init) {
      const request = toRequest(input, init);
      const envelope = await readEnvelope(request);
      const changed = envelope && rewrite(envelope);
      return await mock.fetch(changed ? withEnvelope(request, changed) : request);
    },
  };
}
