// The client's `connectionStateChanged` sums up every live stream it runs (its own and one per
// open space): `reconnecting` while any stream is, else `connected` while any is, else
// `disconnected`. Each change of the sum is reported once.
import type { ConnectionState } from './event-types.ts';

/** The states of several streams, and their sum. */
export class ConnectionStates {
  #states = new Map<object, ConnectionState>();
  #overall: ConnectionState = 'disconnected';
  #onChange: (state: ConnectionState) => void;

  /**
   * Creates an empty set: `disconnected`.
   *
   * @param onChange Called when the sum changes.
   */
  constructor(onChange: (state: ConnectionState) => void) {
    this.#onChange = onChange;
  }

  /**
   * Records a stream's state.
   *
   * @param stream The stream (any object standing for it).
   * @param state Its state; `disconnected` forgets it.
   */
  set(stream: object, state: ConnectionState): void {
    if (state === 'disconnected') this.#states.delete(stream);
    else this.#states.set(stream, state);
    const states = new Set(this.#states.values());
    const overall = states.has('reconnecting')
      ? 'reconnecting'
      : states.has('connected')
      ? 'connected'
      : 'disconnected';
    if (overall === this.#overall) return;
    this.#overall = overall;
    this.#onChange(overall);
  }
}
