/**
 * A call described once for both sides. Its values may be symbolic — "the
 * instance created second", "that instance's token" — and are resolved into
 * each side's own IDs and secrets just before sending.
 *
 * @module
 */
import type { Model, Ref } from './model.ts';

/** A JSON value that may hold symbolic references. */
export type SymJson =
  | string
  | number
  | boolean
  | null
  | SymJson[]
  | { [key: string]: SymJson }
  | SymRef;

/** A symbolic reference inside a call's input. */
export interface SymRef {
  /** The entity. */
  '~ref': Ref;
}

/**
 * Marks a value as "this entity's ID (or secret) on whichever side".
 *
 * @param ref The entity.
 * @returns The symbolic value.
 */
export function sym(ref: Ref): SymRef {
  return { '~ref': ref };
}

/**
 * Text (a header value) built from literal parts and symbolic ones, concatenated per side: an
 * entity's value (`sym(ref)`, e.g. a lock token inside an `If` header), or the absolute URL of a
 * path under a route on the side's own origin (`routeUrl(…)`, e.g. a WebDAV `Destination`).
 */
export type SymText = string | ReadonlyArray<string | SymRef | RouteUrl>;

/** The absolute URL of a path under a route, on whichever side's origin. */
export interface RouteUrl {
  /** The route, its `{spaceId}` filled from `space`, and the path appended. */
  '~url': { route: string; space?: Ref | { literal: string }; path: string };
}

/**
 * The absolute URL of a path under a route (a WebDAV `Destination`), resolved per side.
 *
 * @param route The route key, e.g. `dav`.
 * @param options The space in the route's `{spaceId}`, and the path appended to the route.
 * @returns The symbolic value.
 */
export function routeUrl(
  route: string,
  options: { space?: Ref | { literal: string }; path: string },
): RouteUrl {
  return { '~url': { route, ...options } };
}

/** A raw HTTP request (WebDAV, event streams, archives): any method, headers and body. */
export interface HttpRequest {
  /** The HTTP method, e.g. `PROPFIND`. */
  method: string;
  /** Appended to the route's path: a WebDAV machine path, or a query (`?name=…`). */
  path?: string;
  /** Request headers; values may hold symbolic parts. */
  headers?: Readonly<Record<string, SymText>>;
  /** The body: text (which may hold symbolic parts, a sync token), bytes, or bytes that differ
   * per side (each side's own archive). */
  body?:
    | { text: SymText }
    | { bytes: Uint8Array }
    | { perSide: Readonly<Record<SideName, Uint8Array>> };
  /** Keep the answer's bytes (an archive) instead of decoding them as text. */
  binary?: boolean;
}

/** How a call authenticates. */
export type CallAuth =
  | { kind: 'apiKey' }
  | { kind: 'wrongApiKey' }
  | { kind: 'none' }
  | { kind: 'token'; token: Ref; via?: 'bearer' | 'cookie' }
  /**
   * The side's credential at this index (Rool: 0 is user A, 1 user B): a bearer token, or the
   * password of HTTP Basic with any user name, as WebDAV clients send it.
   */
  | { kind: 'credential'; index: number; via?: 'bearer' | 'basic' }
  | { kind: 'literal'; header: string };

/** One request, described once. */
export interface Call {
  /** The method (or route) name, for reports and rule lookup, e.g. `instances.get`. */
  label: string;
  /** Which route: a key of the product's {@linkcode Routes} (`platform`, `instance`, `upload`, `rool`). */
  route: string;
  /** For the instance route: the instance in the path, symbolic or literal. */
  instance?: Ref | { literal: string };
  /** For routes with `{spaceId}` (Rool's `dav`, `archive`): the space, symbolic or literal. */
  space?: Ref | { literal: string };
  /** A raw HTTP request instead of a JSON envelope. */
  http?: HttpRequest;
  /** A `Rool-Client-Id` header, so live events name the caller's own changes `local_user`. */
  clientId?: string;
  /** Credentials. Default: the API key (platform, upload) — instance calls must say. */
  auth?: CallAuth;
  /** An `Origin` header. */
  origin?: string;
  /** A JSON envelope `{method, input}`. */
  envelope?: { method: string; input: SymJson };
  /** A raw body instead of an envelope (malformed bodies). */
  raw?: { contentType: string | null; body: string };
  /** A multipart upload instead of an envelope. */
  upload?: { field: string; filename: string; mimeType: string; size: number };
}

/** Which side a call is resolved for. */
export type SideName = 'target' | 'reference';

/** A call made concrete for one side. */
export interface ConcreteRequest {
  /** The HTTP method; default `POST`. */
  method?: string;
  /** The path, from the side's origin. */
  path: string;
  /** Request headers. */
  headers: Record<string, string>;
  /** The body; `null` for none (`GET`, `HEAD`). */
  body: string | FormData | Uint8Array | null;
  /** The input as sent, for reports (JSON calls only). */
  input?: unknown;
  /** Keep the answer's bytes instead of decoding them. */
  binary?: boolean;
}

/**
 * Route paths by name, from the API definition. Roj: `platform`, `instance` (a template with
 * `{instanceId}`) and `upload`; Rool: `rool`, and the templates with `{spaceId}` of WebDAV
 * (`dav`), event streams (`events`) and archives (`archive`), and `import`.
 */
export type Routes = Readonly<Record<string, string>>;

/**
 * Resolves a call for one side.
 *
 * @param call The call.
 * @param side Which side, the model, the routes and the side's API key.
 * @returns The concrete request.
 * @throws {Error} When a symbolic reference names no entity (a bug in a command).
 */
export function resolveCall(
  call: Call,
  side: {
    name: SideName;
    model: Model;
    routes: Routes;
    apiKey: string;
    credentials?: readonly string[];
    /** The side's origin (and base path), for absolute URLs in headers. */
    origin?: string;
  },
): ConcreteRequest {
  const value = (ref: Ref) => {
    const entity = side.model.entities[ref.kind][ref.index];
    if (!entity) throw new Error(`No ${ref.kind} #${ref.index} in this run`);
    return entity[side.name];
  };
  const headers: Record<string, string> = {};
  const auth = call.auth ?? { kind: call.route === 'instance' ? 'none' : 'apiKey' };
  if (auth.kind === 'apiKey') headers.authorization = `Bearer ${side.apiKey}`;
  else if (auth.kind === 'wrongApiKey') headers.authorization = 'Bearer conformance_wrong_key';
  else if (auth.kind === 'literal') headers.authorization = auth.header;
  else if (auth.kind === 'credential') {
    const credential = side.credentials?.[auth.index];
    if (credential === undefined) throw new Error(`No credential #${auth.index} on this side`);
    headers.authorization = auth.via === 'basic'
      ? `Basic ${btoa(`conformance:${credential}`)}`
      : `Bearer ${credential}`;
  } else if (auth.kind === 'token') {
    if (auth.via === 'cookie') headers.cookie = `roj_instance_token=${value(auth.token)}`;
    else headers.authorization = `Bearer ${value(auth.token)}`;
  }
  if (call.origin !== undefined) headers.origin = call.origin;
  if (call.clientId !== undefined) headers['rool-client-id'] = call.clientId;

  const routePath = (route: string, space: Ref | { literal: string } | undefined) => {
    const template = side.routes[route];
    if (template === undefined) throw new Error(`No route ${route}`);
    if (!template.includes('{spaceId}')) return template;
    const id = !space ? 'spc_none' : 'literal' in space ? space.literal : value(space);
    return template.replace('{spaceId}', encodeURIComponent(id));
  };
  let path = routePath(call.route, call.space);
  if (call.route === 'instance') {
    const id = !call.instance
      ? 'ins_none'
      : 'literal' in call.instance
      ? call.instance.literal
      : value(call.instance);
    path = side.routes.instance.replace('{instanceId}', encodeURIComponent(id));
  }
  if (call.http) {
    const text = (parts: SymText) =>
      typeof parts === 'string'
        ? parts
        : parts.map((part) =>
          typeof part === 'string'
            ? part
            : '~ref' in part
            ? value(part['~ref'])
            : `${side.origin ?? ''}${routePath(part['~url'].route, part['~url'].space)}${
              part['~url'].path
            }`
        ).join('');
    for (const [name, parts] of Object.entries(call.http.headers ?? {})) {
      headers[name.toLowerCase()] = text(parts);
    }
    const body = call.http.body;
    return {
      method: call.http.method,
      path: `${path}${call.http.path ?? ''}`,
      headers,
      body: !body
        ? null
        : 'text' in body
        ? text(body.text)
        : 'bytes' in body
        ? body.bytes
        : body.perSide[side.name],
      binary: call.http.binary,
    };
  }
  if (call.upload) {
    const form = new FormData();
    const bytes = new Uint8Array(call.upload.size).fill(0x61);
    form.append(
      call.upload.field,
      new Blob([bytes], { type: call.upload.mimeType }),
      call.upload.filename,
    );
    return { path, headers, body: form };
  }
  if (call.raw) {
    if (call.raw.contentType !== null) headers['content-type'] = call.raw.contentType;
    return { path, headers, body: call.raw.body };
  }
  // `null` is an input like any other (a near miss of an object schema); only a missing one is `{}`.
  const input = resolveJson(call.envelope?.input === undefined ? {} : call.envelope.input, value);
  headers['content-type'] = 'application/json';
  return { path, headers, body: JSON.stringify({ method: call.envelope?.method, input }), input };
}

// An XML body without what every one has: the declaration, namespace declarations.
function shortXml(text: string): string {
  return text.replace(/^<\?xml[^>]*\?>/, '').replace(/ xmlns(:\w+)?="[^"]*"/g, '');
}

// Symbolic parts shown as `etag#2`, URLs as `<dav/rool-drive/a.txt>`.
function showText(parts: SymText): string {
  return typeof parts === 'string'
    ? parts
    : parts.map((p) =>
      typeof p === 'string'
        ? p
        : '~ref' in p
        ? `${p['~ref'].kind}#${p['~ref'].index}`
        : `<${p['~url'].route}${p['~url'].path}>`
    ).join('');
}

function resolveJson(value: SymJson, resolve: (ref: Ref) => string): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => resolveJson(v, resolve));
  if ('~ref' in value) return resolve((value as SymRef)['~ref']);
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, resolveJson(v as SymJson, resolve)]),
  );
}

/**
 * The call as a short line for reports, with symbolic references shown as `instance#1`.
 *
 * @param call The call.
 * @returns The line.
 */
export function describeCall(call: Call): string {
  const show = (v: SymJson): string =>
    JSON.stringify(
      v,
      (
        _k,
        x,
      ) => (x && typeof x === 'object' && '~ref' in x ? `${x['~ref'].kind}#${x['~ref'].index}` : x),
    );
  const where = call.route === 'instance'
    ? ` @ ${
      call.instance && 'literal' in call.instance
        ? call.instance.literal
        : call.instance
        ? `instance#${call.instance.index}`
        : '?'
    }`
    : '';
  const auth = call.auth?.kind === 'credential'
    ? ` [user ${String.fromCharCode(65 + call.auth.index)}${
      call.auth.via === 'basic' ? ' basic' : ''
    }]`
    : call.auth && call.auth.kind !== 'apiKey'
    ? ` [${call.auth.kind}${
      call.auth.kind === 'token'
        ? ` token#${call.auth.token.index}${call.auth.via === 'cookie' ? ' cookie' : ''}`
        : ''
    }]`
    : '';
  const origin = call.origin ? ` Origin: ${call.origin}` : '';
  if (call.http) {
    const space = !call.space
      ? ''
      : 'literal' in call.space
      ? ` @ ${call.space.literal}`
      : ` @ space#${call.space.index}`;
    const headers = Object.entries(call.http.headers ?? {}).map(([name, parts]) =>
      ` ${name}: ${showText(parts)}`
    ).join(';');
    const body = call.http.body;
    const shownBody = !body
      ? ''
      : 'text' in body
      ? ` ${JSON.stringify(shortXml(showText(body.text)).slice(0, 100))}`
      : 'bytes' in body
      ? ` <${body.bytes.length} bytes>`
      : " <each side's own bytes>";
    return `${call.http.method} ${call.route}${
      call.http.path ?? ''
    }${space}${auth}${headers}${shownBody}`;
  }
  if (call.upload) {
    return `upload ${call.upload.field}=${call.upload.filename} (${call.upload.size} B)${auth}`;
  }
  if (call.raw) {
    return `${call.label} raw ${call.raw.contentType ?? 'no content type'} ${
      JSON.stringify(call.raw.body.slice(0, 60))
    }${where}${auth}`;
  }
  const input = call.envelope?.input === undefined ? {} : call.envelope.input;
  return `${call.envelope?.method}(${show(input)})${where}${auth}${origin}`;
}
