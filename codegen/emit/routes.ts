/**
 * Emits an API definition's other HTTP routes (WebDAV) as path items. Methods
 * with a fixed Path Item field (`get`, `put`, …) are ordinary operations in
 * both documents; the rest (`PROPFIND`, `MKCOL`, `LOCK`, …) exist only in the
 * 3.2 document, under `additionalOperations` (OpenAPI 3.2, Path Item Object),
 * and the 3.1 path item says so in its description.
 *
 * @module
 */
import type { ApiDefinition, RouteDef, RouteMethod } from '../../src/rpc/api.ts';
import { routeOperationId } from './operation-ids.ts';
import { parameters } from './parameters.ts';

// OpenAPI 3.1 §4.8.9 has a field for each of these; 3.2 adds `query`.
const fixed31 = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'];
const fixed32 = [...fixed31, 'QUERY'];

/**
 * Builds the path items of the routes.
 *
 * @param api The definition.
 * @param version Which document: 3.2 adds `additionalOperations`.
 * @returns Path Item Objects keyed by path.
 */
export function routePaths(
  api: ApiDefinition,
  version: '3.1' | '3.2',
): Record<string, Record<string, unknown>> {
  const fixed = version === '3.2' ? fixed32 : fixed31;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, route] of Object.entries(api.routes ?? {})) {
    const item: Record<string, unknown> = {};
    const additional: Record<string, unknown> = {};
    const left: string[] = [];
    for (const [method, def] of Object.entries(route.methods)) {
      const op = operation(name, route, method, def);
      if (fixed.includes(method)) item[method.toLowerCase()] = op;
      else if (version === '3.2') additional[method] = op;
      else left.push(method);
    }
    const note = left.length > 0
      ? `It also answers ${left.map((m) => `\`${m}\``).join(', ')}, which OpenAPI 3.1 ` +
        'cannot describe: see the OpenAPI 3.2 document.'
      : '';
    paths[route.path] = {
      summary: route.summary,
      description: [route.description ?? '', note].filter(Boolean).join('\n\n'),
      parameters: [...parameters('path', route.params), ...parameters('header', route.headers)],
      ...item,
      ...(Object.keys(additional).length > 0 ? { additionalOperations: additional } : {}),
    };
  }
  return paths;
}

/**
 * The tags of the routes: one per route name's first word (`webdavRoot` and `webdav` share
 * `webdav`), described by the first such route's summary.
 *
 * @param api The definition.
 * @returns Tag Objects, in definition order.
 */
export function routeTags(api: ApiDefinition): { name: string; description: string }[] {
  const tags = new Map<string, string>();
  for (const [name, route] of Object.entries(api.routes ?? {})) {
    if (!tags.has(routeTag(name))) tags.set(routeTag(name), route.summary);
  }
  return [...tags].map(([name, description]) => ({ name, description }));
}

function routeTag(name: string): string {
  return /^[a-z0-9]+/.exec(name)?.[0] ?? name;
}

function operation(name: string, route: RouteDef, method: string, def: RouteMethod) {
  const headers = parameters('header', def.headers);
  return {
    operationId: routeOperationId(name, method),
    tags: [routeTag(name)],
    summary: def.summary,
    ...(def.description ? { description: def.description } : {}),
    ...(headers.length > 0 ? { parameters: headers } : {}),
    security: route.auth.map((scheme) => ({ [scheme]: [] })),
    ...(def.body
      ? {
        requestBody: {
          description: def.body.description,
          required: def.body.required === true,
          content: content(def.body.mediaTypes),
        },
      }
      : {}),
    responses: Object.fromEntries(
      Object.entries(def.responses).map(([status, r]) => [status, {
        description: r.description,
        ...(r.headers
          ? {
            headers: Object.fromEntries(
              Object.entries(r.headers).map(([h, p]) => [h, {
                description: p.description,
                schema: { type: 'string' },
              }]),
            ),
          }
          : {}),
        ...(r.mediaTypes ? { content: content(r.mediaTypes) } : {}),
      }]),
    ),
  };
}

// Text and XML are strings; other bodies are bytes, described by their media type alone
// (OpenAPI 3.1 §4.8.14: binary content needs no schema).
function content(mediaTypes: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(mediaTypes.map((type) => [
    type,
    /^text\/|[/+]xml$/.test(type) ? { schema: { type: 'string' } } : {},
  ]));
}
