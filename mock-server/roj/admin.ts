/**
 * Handlers of the mock-only control methods (`/_mock/rpc`).
 *
 * @module
 */
import type { Handlers } from '../rpc/handlers.ts';
import type { MockAdminMethods } from './admin-api.ts';
import type { MockRuntime } from './context.ts';
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
    return { ok: true };
  },
  'mock.loadSeed': ({ seed }, { runtime }) => {
    runtime.state = createState(seed, runtime.clock());
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
