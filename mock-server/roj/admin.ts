/**
 * Handlers of the mock-only control methods (`/_mock/rpc`).
 *
 * @module
 */
import type { Handlers } from '../rpc/handlers.ts';
import type { MockAdminMethods } from './admin-api.ts';
import type { MockRuntime } from './context.ts';
import { RpcFault } from '../rpc/fault.ts';
import { echo } from './domain/echo.ts';
import { checkSeed } from './seed-check.ts';
import { createState } from './state.ts';

/** The context of a control method. */
export interface AdminContext {
  /** The running mock, whose state the methods replace. */
  runtime: MockRuntime;
}

/** Handlers of `mock.reset`, `mock.loadSeed` and `mock.getSeed`. */
export const adminHandlers: Handlers<MockAdminMethods, AdminContext> = {
  'mock.reset': (_input, { runtime }) => {
    runtime.state = createState(runtime.state.seed, runtime.clock());
    runtime.onReset?.();
    return { ok: true };
  },
  'mock.loadSeed': ({ seed }, { runtime }) => {
    // The schema was checked before this handler ran; these are the rules it cannot state.
    // Values are quoted redacted: a caller may have pasted a secret into the seed.
    const check = checkSeed(seed, (value) => echo(runtime, value));
    if (!check.ok) {
      const [first] = check.issues;
      throw new RpcFault('validation_error', `${first.message} at /seed${first.path}`, {
        path: `/seed${first.path}`,
      });
    }
    runtime.state = createState(seed, runtime.clock());
    runtime.onReset?.();
    return {
      ok: true,
      counts: {
        templates: seed.templates.length,
        bundles: seed.bundles.length,
        presets: seed.presets.length,
      },
    };
  },
  'mock.getSeed': (_input, { runtime }) => structuredClone(runtime.state.seed),
};
