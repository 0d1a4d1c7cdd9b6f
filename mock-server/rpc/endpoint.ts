/**
 * One RPC endpoint as a `Request → Response` function: authenticate, check the
 * content type, read the body under a size and a time limit, check the envelope, find the
 * method, validate the input with the generated validator, run the handler,
 * check its output, answer with the envelope. Every failure is an error
 * envelope with the status of the shared table; nothing reaches a handler
 * unvalidated.
 *
 * @module
 */
import type { MethodRegistry } from '../../src/rpc/definition.ts';
import type { MethodValidators } from '../../src/rpc/validation.ts';
import { findFault, readTextLimited } from './body.ts';
import type { BodyTime } from './body-time.ts';
import { faultResponse, RpcFault } from './fault.ts';
import { jsonDepth } from './json-depth.ts';
import type { Handlers } from './handlers.ts';

/** Options of {@linkcode rpcEndpoint}. */
export interface RpcEndpointOptions<Methods extends MethodRegistry, C> {
  /** The generated validators of every method. */
  validators: { [M in keyof Methods & string]: MethodValidators };
  /** The handler of every method. */
  handlers: Handlers<Methods, C>;
  /**
   * Authenticates the request and builds the handler context. Runs before the
   * body is read; throws an `RpcFault` (`unauthorized`, `forbidden`) to refuse.
   */
  context: (request: Request, params: Record<string, string>) => C | Promise<C>;
  /** The body size limit in bytes. */
  maxBodyBytes: number;
  /** The body time limits and shutdown signal. Default: `defaultBodyTime` (./body-time.ts). */
  bodyTime?: Readonly<BodyTime>;
  /** Checks every output against its schema, so a handler bug cannot break the contract unseen. */
  checkOutputs?: boolean;
  /** Told about unexpected errors (bugs); the caller only sees `internal_error`. */
  onError?: (error: unknown, method: string | undefined) => void;
  /**
   * Quotes a request value (an unknown method or envelope field) for an error
   * message. Products pass one that redacts their secrets. Default: JSON, cut at 64 characters.
   */
  quote?: (value: string) => string;
}

const envelopeKeys = new Set(['method', 'input']);

/**
 * Builds the endpoint. Give the registry and context types explicitly
 * (`rpcEndpoint<PlatformMethods, PlatformContext>(…)`): handler types are not
 * inferable through the validator table.
 *
 * @param options Validators, handlers, authentication and limits.
 * @returns A function answering one request.
 */
export function rpcEndpoint<Methods extends MethodRegistry, C>(
  options: RpcEndpointOptions<Methods, C>,
): (request: Request, params?: Record<string, string>) => Promise<Response> {
  const { validators, handlers, maxBodyBytes, bodyTime } = options;
  const quote = options.quote ?? shortJson;
  return async (request, params = {}) => {
    let method: string | undefined;
    try {
      const context = options.context(request, params);
      const ctx = context instanceof Promise ? await context : context;
      if (!isJson(request.headers.get('content-type'))) {
        throw new RpcFault('unsupported_media_type', 'Content-Type must be application/json');
      }
      const envelope = parseEnvelope(await readTextLimited(request, maxBodyBytes, bodyTime), quote);
      method = envelope.method;
      if (!Object.hasOwn(validators, method)) {
        throw new RpcFault('method_not_found', `Unknown method ${quote(method)}`);
      }
      const name = method as keyof Methods & string;
      const input = validators[name].input(envelope.input);
      if (!input.ok) {
        const [first] = input.issues;
        const more = input.issues.length > 1 ? ` (and ${input.issues.length - 1} more)` : '';
        throw new RpcFault('validation_error', `${first.message} at ${first.path || '/'}${more}`, {
          path: first.path,
        });
      }
      // deno-lint-ignore no-explicit-any
      const result = (handlers[name] as any)(input.value, ctx);
      // Most handlers are synchronous; awaiting their value would only cost a turn.
      const value = result instanceof Promise ? await result : result;
      if (options.checkOutputs) {
        const output = validators[name].output(value);
        if (!output.ok) {
          throw new Error(
            `Handler of ${method} broke its output schema: ${JSON.stringify(output.issues)}`,
          );
        }
      }
      return Response.json({ ok: true, value });
    } catch (error) {
      const fault = findFault(error);
      if (fault) return faultResponse(fault);
      options.onError?.(error, method);
      return faultResponse(new RpcFault('internal_error', 'Internal error'));
    }
  };
}

function isJson(contentType: string | null): boolean {
  if (contentType === 'application/json') return true;
  return contentType?.split(';')[0].trim().toLowerCase() === 'application/json';
}

function parseEnvelope(
  text: string,
  quote: (value: string) => string,
): { method: string; input: unknown } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new RpcFault('invalid_request', 'Body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RpcFault('invalid_request', 'Body must be a JSON object {method, input}');
  }
  const envelope = body as Record<string, unknown>;
  const method = Object.hasOwn(envelope, 'method') ? envelope.method : undefined;
  if (typeof method !== 'string') {
    throw new RpcFault('invalid_request', 'Envelope needs a string method');
  }
  if (!Object.hasOwn(envelope, 'input')) {
    throw new RpcFault(
      'invalid_request',
      'Envelope needs an input; send {} when a method takes none',
    );
  }
  for (const key of Object.keys(envelope)) {
    if (!envelopeKeys.has(key)) {
      throw new RpcFault(
        'invalid_request',
        `Unexpected envelope field ${quote(key)}; allowed: method, input`,
      );
    }
  }
  // Validators (and handlers) walk inputs recursively: a body of a few thousand nested arrays
  // fits in any size limit but would overflow the stack. Refuse it before anything walks it.
  if (jsonDepth(envelope.input, maxInputDepth) > maxInputDepth) {
    throw new RpcFault(
      'invalid_request',
      `Input nests deeper than ${maxInputDepth} levels of arrays and objects`,
    );
  }
  return { method, input: envelope.input };
}

/** How deeply an input may nest; stored values have their own, smaller limit. */
const maxInputDepth = 128;

// Names from the request are echoed only in part, and as JSON, so a message stays one short line.
function shortJson(text: string): string {
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text);
}
