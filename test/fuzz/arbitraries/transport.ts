/**
 * How a body travels: whole, streamed in chunks without a length (so the
 * mock must count while reading), or with its `Content-Length` declared.
 *
 * @module
 */
import fc from 'fast-check';
import { type FuzzRequest, ref } from '../request.ts';

/** The reference a `Content-Length` value uses for the body's real length. */
export const bodyLengthRef: string = ref('bodyLength');

/** How to send a body: whole, streamed in chunks of a size, or with its length declared. */
export type Transport = 'whole' | 'declared' | number;

/** The ways to send a body, weighted toward sending it whole. */
export const transports: fc.Arbitrary<Transport> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Transport>('whole') },
  { weight: 2, arbitrary: fc.constantFrom<Transport>(1, 7, 64, 1024, 16_384) },
  { weight: 1, arbitrary: fc.constant<Transport>('declared') },
);

/**
 * A request sent the given way.
 *
 * @param request The request.
 * @param transport How to send its body.
 * @returns The request, streamed or with its length declared if asked (and it has a body).
 */
export function sendAs(request: FuzzRequest, transport: Transport): FuzzRequest {
  if (request.body === null || transport === 'whole') return request;
  if (transport === 'declared') {
    return request.with({ headers: [...request.headers, ['content-length', bodyLengthRef]] });
  }
  const length = typeof request.body === 'string' ? request.body.length : request.body.byteLength;
  // At most about 64 chunks: a body of 100 KB in 1-byte chunks would only be slow.
  return request.with({ streamChunk: Math.max(transport, Math.ceil(length / 64)) });
}

/**
 * An arbitrary of requests, each sent one of the ways.
 *
 * @param requests The requests.
 * @returns The arbitrary.
 */
export function withTransports(requests: fc.Arbitrary<FuzzRequest>): fc.Arbitrary<FuzzRequest> {
  return fc.tuple(requests, transports).map(([request, transport]) => sendAs(request, transport));
}
