/**
 * The live-event mutant (docs/rool-events.md): a `fetch` wrapper drops every frame of one event
 * type from the event streams, as a server that never publishes it would.
 *
 * @module
 */
import { type FetchLike, toRequest } from '../../mutants/_build.ts';
import { type RoolMutant, roolMutantMock } from './_mock.ts';

/** An event stream without the frames of one event (`filesChanged`, say). */
function withoutEvent(response: Response, name: string): Response {
  const type = response.headers.get('content-type') ?? '';
  if (!response.body || !type.startsWith('text/event-stream')) return response;
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let buffer = '';
  // The mock writes `\n` line ends (mock-server/rool/events/frames.ts), one blank line after each frame.
  const body = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        buffer += decoder.decode(chunk, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const frame = buffer.slice(0, end + 2);
          buffer = buffer.slice(end + 2);
          if (!frame.split('\n').includes(`event: ${name}`)) {
            controller.enqueue(encoder.encode(frame));
          }
        }
      },
    }),
  );
  return new Response(body, { status: response.status, headers: response.headers });
}

/** The event-stream mutant. */
export const eventMutants: readonly RoolMutant[] = [
  {
    name: 'rool-event-never-sent',
    description: 'filesChanged is never sent on the space stream (docs/rool-events.md)',
    caughtBy: 'any object write (objects.put, a WebDAV PUT) while the space stream is open',
    build(): { fetch: FetchLike } {
      const mock = roolMutantMock();
      return {
        async fetch(input, init) {
          return withoutEvent(await mock.fetch(toRequest(input, init)), 'filesChanged');
        },
      };
    },
  },
];
