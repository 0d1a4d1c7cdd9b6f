/**
 * What a Roj handler gets: the state, the configuration, the request's clock
 * reading and origin, and, on the instance endpoint, the instance and token
 * the request was authenticated for.
 *
 * @module
 */
import type { BodyTimeLimits, BodyTimes } from '../rpc/body-time.ts';
import type { InstanceRecord, RojState, TokenRecord } from './state.ts';

/** Delays of the simulated lifecycles, in milliseconds (0: immediately). */
export interface MockTiming {
  /** From `instances.create` until the instance is `ready`. */
  instanceReadyMs: number;
  /** From a non-blocking session create until the session is `active`. */
  sessionActiveMs: number;
}

/**
 * Size limits, in bytes, and time limits on request bodies, in milliseconds
 * (`bodyIdleMs`, `rpcBodyMs`, `uploadBodyMs`: see ../rpc/body-time.ts).
 */
export interface MockLimits extends BodyTimeLimits {
  /** Largest RPC request body. */
  rpcBodyBytes: number;
  /** Largest upload request body. */
  uploadBytes: number;
}

/** The running mock: its state (replaced on reset) and fixed settings. */
export interface MockRuntime {
  /** The current state. `mock.reset` and `mock.loadSeed` replace it. */
  state: RojState;
  /** Accepted API keys. */
  apiKeys: readonly string[];
  /** Simulated lifecycle delays. */
  timing: MockTiming;
  /** Size and time limits. */
  limits: MockLimits;
  /** The time limits of body reads, with the signal that ends them when the mock is closed. */
  bodyTime: BodyTimes;
  /** The clock, in epoch milliseconds. */
  clock: () => number;
  /**
   * Called after `mock.reset` and `mock.loadSeed` replace the state, so that what the server
   * serves beside Roj (the Rool mock) is reset too.
   */
  onReset?: () => void;
}

/** The context of a platform method. */
export interface PlatformContext {
  /** The current state. */
  state: RojState;
  /** The running mock. */
  runtime: MockRuntime;
  /** The clock, read once when the request arrived (ms). */
  now: number;
  /** The mock's own origin as the caller reached it, e.g. `http://127.0.0.1:8787`, for service URLs. */
  origin: string;
}

/** The context of an instance method. */
export interface InstanceContext extends PlatformContext {
  /** The instance from the path, which the token was minted for. */
  instance: InstanceRecord;
  /** The token the request carried. */
  token: TokenRecord;
}
