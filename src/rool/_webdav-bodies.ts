// The bodies the WebDAV client sends: PROPFIND (RFC 4918 §14.20), sync-collection REPORT
// (RFC 6578 §6.1) and LOCK (RFC 4918 §14.11) XML, with every name and text checked and escaped;
// and PUT bodies, plain objects as JSON.
import { invalidArgument } from './errors.ts';
import { escapeXml } from './_xml.ts';
import type {
  WebDAVBody,
  WebDAVLockScope,
  WebDAVPropName,
  WebDAVQualifiedName,
  WebDAVSyncLevel,
} from './webdav-types.ts';

/** Most properties one request may name. */
const maxProps = 100;
/** Longest owner text of a lock. */
const maxOwnerLength = 1024;
/** Longest sync token accepted. */
const maxTokenLength = 1024;
/** Largest sync-collection `limit`. */
const maxSyncLimit = 100_000;

const declaration = '<?xml version="1.0" encoding="utf-8"?>';
// XML NCName (Namespaces in XML 1.0 §3), letters and digits of any script.
const ncName = /^[\p{L}_][\p{L}\p{N}._-]{0,255}$/u;
const clark = /^\{([^{}]+)\}(.+)$/;

/**
 * A property name as namespace and local name.
 *
 * @throws {RoolError} `validation_error` for a malformed name.
 */
function qualify(prop: WebDAVPropName): WebDAVQualifiedName {
  let name: WebDAVQualifiedName;
  if (typeof prop === 'string') {
    const match = clark.exec(prop);
    name = match ? { ns: match[1]!, name: match[2]! } : { ns: 'DAV:', name: prop };
  } else if (typeof prop === 'object' && prop !== null) {
    name = { ns: prop.ns, name: prop.name };
  } else {
    throw invalidArgument('Property name must be a string or {ns, name}');
  }
  if (typeof name.name !== 'string' || !ncName.test(name.name)) {
    throw invalidArgument(
      `Property name must be an XML name (a letter or _, then letters, digits, ., _ or -): ${
        String(name.name).slice(0, 100)
      }`,
    );
  }
  if (typeof name.ns !== 'string' || name.ns === '' || name.ns.length > 1024) {
    throw invalidArgument('Property namespace must be a URI of 1–1024 characters');
  }
  return name;
}

/** The key of a property in `WebDAVProps`: its local name in `DAV:`, else `{ns}name`. */
export function propKey(ns: string, local: string): string {
  return ns === 'DAV:' ? local : `{${ns}}${local}`;
}

/** `<D:prop>` naming `props`; other namespaces get prefixes `n0`, `n1`, … */
function propElement(props: WebDAVPropName[]): string {
  if (!Array.isArray(props) || props.length === 0 || props.length > maxProps) {
    throw invalidArgument(`Properties must be a list of 1–${maxProps} names`);
  }
  const prefixes = new Map<string, string>();
  const names = props.map(qualify).map(({ ns, name }) => {
    if (ns === 'DAV:') return `<D:${name}/>`;
    let prefix = prefixes.get(ns);
    if (prefix === undefined) prefixes.set(ns, prefix = `n${prefixes.size}`);
    return `<${prefix}:${name}/>`;
  });
  const declarations = [...prefixes].map(([ns, prefix]) => ` xmlns:${prefix}="${text(ns)}"`);
  return `<D:prop${declarations.join('')}>${names.join('')}</D:prop>`;
}

/**
 * A PROPFIND body: the named properties, `propname`, or `allprop` (the default).
 *
 * @throws {RoolError} `validation_error` when more than one is asked for, or for a bad name.
 */
export function propfindBody(
  options: { props?: WebDAVPropName[]; allprop?: boolean; propname?: boolean },
): string {
  const asked = [options.props !== undefined, options.allprop === true, options.propname === true];
  if (asked.filter(Boolean).length > 1) {
    throw invalidArgument('PROPFIND takes at most one of props, allprop and propname');
  }
  const inner = options.props !== undefined
    ? propElement(options.props)
    : options.propname
    ? '<D:propname/>'
    : '<D:allprop/>';
  return `${declaration}<D:propfind xmlns:D="DAV:">${inner}</D:propfind>`;
}

/**
 * A sync-collection REPORT body. An absent or `null` token asks for a full sync.
 *
 * @throws {RoolError} `validation_error` for a bad level, token, limit or property name.
 */
export function syncCollectionBody(options: {
  token?: string | null;
  level: WebDAVSyncLevel;
  props?: WebDAVPropName[];
  limit?: number;
}): string {
  const { token, level, limit } = options;
  if (level !== '1' && level !== 'infinite') {
    throw invalidArgument(`Sync level must be 1 or infinite: ${String(level)}`);
  }
  if (token !== undefined && token !== null) {
    if (typeof token !== 'string' || token === '' || token.length > maxTokenLength) {
      throw invalidArgument(
        `Sync token must be null or a string of 1–${maxTokenLength} characters`,
      );
    }
  }
  let limitElement = '';
  if (limit !== undefined) {
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > maxSyncLimit) {
      throw invalidArgument(`Sync limit must be an integer from 1 to ${maxSyncLimit}: ${limit}`);
    }
    limitElement = `<D:limit><D:nresults>${limit}</D:nresults></D:limit>`;
  }
  return `${declaration}<D:sync-collection xmlns:D="DAV:">` +
    `<D:sync-token>${token ? text(token) : ''}</D:sync-token>` +
    `<D:sync-level>${level}</D:sync-level>${limitElement}` +
    propElement(options.props ?? ['getetag', 'resourcetype']) +
    '</D:sync-collection>';
}

/**
 * A LOCK body for a write lock.
 *
 * @throws {RoolError} `validation_error` for a bad scope or owner.
 */
export function lockBody(scope: WebDAVLockScope, owner: string | undefined): string {
  if (scope !== 'exclusive' && scope !== 'shared') {
    throw invalidArgument(`Lock scope must be exclusive or shared: ${String(scope)}`);
  }
  let ownerElement = '';
  if (owner !== undefined) {
    if (typeof owner !== 'string' || owner.length > maxOwnerLength) {
      throw invalidArgument(`Lock owner must be a string of at most ${maxOwnerLength} characters`);
    }
    ownerElement = `<D:owner>${text(owner)}</D:owner>`;
  }
  return `${declaration}<D:lockinfo xmlns:D="DAV:"><D:lockscope><D:${scope}/></D:lockscope>` +
    `<D:locktype><D:write/></D:locktype>${ownerElement}</D:lockinfo>`;
}

/** Escaped text; a character XML cannot carry is refused. */
function text(value: string): string {
  try {
    return escapeXml(value);
  } catch {
    throw invalidArgument('Text sent in XML must not hold control characters or lone surrogates');
  }
}

/**
 * A PUT body as `fetch` takes it, and the content type it implies: a Blob's
 * type, JSON for a plain object or array.
 *
 * @throws {RoolError} `validation_error` for any other value.
 */
export function putBody(body: WebDAVBody): { init: BodyInit; contentType?: string } {
  if (body instanceof Blob) {
    // Stated rather than left to fetch, which not every runtime derives from a Blob.
    return body.type === '' ? { init: body } : { init: body, contentType: body.type };
  }
  if (
    typeof body === 'string' || body instanceof ArrayBuffer || ArrayBuffer.isView(body) ||
    body instanceof ReadableStream
  ) {
    return { init: body as BodyInit };
  }
  const proto = typeof body === 'object' && body !== null ? Object.getPrototypeOf(body) : undefined;
  if (Array.isArray(body) || proto === Object.prototype || proto === null) {
    return { init: JSON.stringify(body), contentType: 'application/json' };
  }
  throw invalidArgument(
    'Body must be a string, bytes, a Blob, a ReadableStream, or a plain object or array',
  );
}
