/**
 * The product-independent server core: typed handler tables, the RPC endpoint,
 * faults and size- and time-limited bodies. Each product's mock wires its registries and
 * state into these.
 *
 * @module
 */
export * from './fault.ts';
export * from './body.ts';
export * from './body-time.ts';
export * from './handlers.ts';
export * from './endpoint.ts';
