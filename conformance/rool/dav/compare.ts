/**
 * Compares WebDAV answers (docs/rool-webdav.md) under the rules of ./rules.ts: the status; the
 * headers that carry meaning (`ETag` and `Lock-Token` as opaque values paired through the run's
 * bijection, `DAV` and `Allow` as sets of tokens, `Content-Range`, a successful `GET`'s or
 * `HEAD`'s `Content-Type` and a `HEAD`'s `Content-Length` exactly, `Last-Modified` by format);
 * and the body: a
 * multistatus structurally (./dav-xml.ts: responses by path, statuses, property values, with
 * ETags, lock tokens and sync tokens paired and dates checked by format, and the conditions of
 * each response's and propstat's `DAV:error`), a LOCK's `prop` the same way, a successful `GET`'s
 * content exactly, and the conditions an error names with the hrefs inside them (target IDs
 * translated). Error wording is free.
 *
 * Pairing an opaque value is also how the run learns it: each ETag, lock token and sync token
 * seen is recorded as an entity (`etag`, `lock`, `syncToken`), so later commands can send it
 * back (`If-Match`, `If`, a sync report's token) as each side knows it.
 *
 * @module
 */
import type { Call } from '../../call.ts';
import type { CompareContext, Difference } from '../../compare.ts';
import type { Model } from '../../model.ts';
import type { Exchange } from '../../side.ts';
import { roolRun } from '../run-state.ts';
import {
  type DavCondition,
  type DavProp,
  type DavValue,
  errorConditions,
  machinePath,
  type Multistatus,
  parseMultistatus,
  parseProp,
} from './dav-xml.ts';
import { datePatterns, davHeaderRules, type DavHeaderWhen } from './rules.ts';

const timeout = /^(Second-\d+|Infinite)$/;

/** What a comparison knows besides the answers. */
interface Scope {
  model: Model;
  /** The space's index in the run, or -1 for an unknown space. */
  space: number;
  /** The request's machine path. */
  path: string;
  diffs: Difference[];
}

/**
 * Compares the answers to a WebDAV call, and records the opaque values they pair.
 *
 * @param call The call (its `http` request and `space`).
 * @param answers Both exchanges.
 * @param ctx The comparison context (the model).
 * @returns The differences; empty when the answers agree.
 */
export function compareDav(
  call: Call,
  answers: { target: Exchange; reference: Exchange },
  ctx: CompareContext,
): Difference[] {
  const { target: t, reference: r } = answers;
  const path = machinePath(call.http?.path ?? '/');
  const scope: Scope = {
    model: ctx.model,
    space: call.space && 'kind' in call.space ? call.space.index : -1,
    path,
    diffs: [],
  };
  const diff = (path: string, message: string, target?: unknown, reference?: unknown) =>
    scope.diffs.push({ path, message, target, reference });
  if (t.status !== r.status) diff('status', 'HTTP status differs', t.status, r.status);
  const method = call.http?.method ?? 'POST';
  const ok = r.status >= 200 && r.status < 300 && t.status === r.status;
  compareHeaders(scope, { t, r, method, path, ok });
  if (t.status !== r.status) return scope.diffs;

  const [tText, rText] = [t.text ?? '', r.text ?? ''];
  if (r.status === 207) {
    const [tm, rm] = [parseMultistatus(tText), parseMultistatus(rText)];
    if ('error' in rm) diff('body', `The reference's multistatus is broken: ${rm.error}`);
    else if ('error' in tm) diff('body', tm.error, cut(tText), cut(rText));
    else compareMultistatus(scope, tm, rm);
  } else if (method === 'LOCK' && ok) {
    const [tp, rp] = [parseProp(tText), parseProp(rText)];
    if ('error' in rp) diff('body', `The reference's lock answer is broken: ${rp.error}`);
    else if ('error' in tp) diff('body', tp.error, cut(tText), cut(rText));
    else {
      for (const name of new Set([...rp.keys(), ...tp.keys()])) {
        const [tv, rv] = [tp.get(name), rp.get(name)];
        if (!tv || !rv) diff(`body.${name}`, tv ? 'Only on the target' : 'Missing on the target');
        else compareValue(scope, { at: `body.${name}`, href: path }, tv, rv);
      }
    }
  } else if (method === 'GET' && ok) {
    if (tText !== rText) diff('body', 'Content differs', cut(tText), cut(rText));
  } else if (!ok) {
    compareConditions(scope, 'body', errorConditions(tText), errorConditions(rText));
  }
  return scope.diffs;
}

function compareHeaders(
  scope: Scope,
  a: { t: Exchange; r: Exchange; method: string; path: string; ok: boolean },
): void {
  const { t, r, method, path, ok } = a;
  const th = t.headers ?? {};
  const rh = r.headers ?? {};
  const holds: Record<DavHeaderWhen, boolean> = {
    always: true,
    readSucceeded: ok && (method === 'GET' || method === 'HEAD'),
    headSucceeded: ok && method === 'HEAD',
  };
  for (const [name, rule] of Object.entries(davHeaderRules)) {
    const diff = (message: string) =>
      scope.diffs.push({ path: `header.${name}`, message, target: th[name], reference: rh[name] });
    if (!holds['when' in rule ? rule.when ?? 'always' : 'always']) continue;
    const [tv, rv] = [th[name], rh[name]];
    if (rv === undefined && 'ifReference' in rule && rule.ifReference) continue;
    if ((tv === undefined) !== (rv === undefined)) {
      diff(tv === undefined ? 'Missing on the target' : 'Only on the target');
      continue;
    }
    if (tv === undefined || rv === undefined) continue;
    switch (rule.kind) {
      case 'opaque': {
        const bare = (v: string) => rule.bracketed ? v.trim().replace(/^<(.*)>$/, '$1') : v;
        // A file's ETag is paired per path: the same content may carry the same ETag elsewhere.
        const error = pairOpaque(scope, { of: rule.of, href: path }, bare(tv), bare(rv));
        if (error) diff(error);
        break;
      }
      case 'tokenSet': {
        const set = (v: string) =>
          v.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean).sort().join(', ');
        if (set(tv) !== set(rv)) diff('Differs (as a set)');
        break;
      }
      case 'schemes': {
        // `Basic realm="Rool", Bearer realm="a, b"`: after quoted strings are blanked, a part
        // between commas that starts with a token not followed by `=` starts a challenge.
        const schemes = (v: string) =>
          v.replace(/"(?:[^"\\]|\\.)*"/g, '""').split(',')
            .map((part) => /^\s*([^\s=]+)(?:\s|$)/.exec(part)?.[1]?.toLowerCase())
            .filter((scheme) => scheme !== undefined).sort().join(', ');
        if (schemes(tv) !== schemes(rv)) diff('Other authentication schemes');
        break;
      }
      case 'exact':
        if (tv !== rv) diff('Differs');
        break;
      case 'mediaType': {
        const norm = (v: string) => v.toLowerCase().replace(/\s*;\s*/g, ';');
        if (norm(tv) !== norm(rv)) diff('Differs');
        break;
      }
      case 'date':
        if (!datePatterns[rule.format].test(tv)) diff('Not an RFC 1123 date (RFC 9110 §5.6.7)');
        break;
    }
  }
}

function compareMultistatus(scope: Scope, t: Multistatus, r: Multistatus): void {
  const diff = (path: string, message: string, target?: unknown, reference?: unknown) =>
    scope.diffs.push({ path, message, target, reference });
  if ((t.syncToken === undefined) !== (r.syncToken === undefined)) {
    diff('body.sync-token', 'Present on one side only', t.syncToken, r.syncToken);
  } else if (t.syncToken !== undefined && r.syncToken !== undefined) {
    const error = pairOpaque(scope, { of: 'sync', href: scope.path }, t.syncToken, r.syncToken);
    if (error) diff('body.sync-token', error);
  }
  const hrefs = [...new Set([...r.responses.keys(), ...t.responses.keys()])].sort();
  for (const href of hrefs) {
    const at = `body[${href}]`;
    const [tr, rr] = [t.responses.get(href), r.responses.get(href)];
    if (!tr || !rr) {
      diff(at, tr ? 'Only on the target' : 'Missing on the target', tr?.status, rr?.status);
      continue;
    }
    if (tr.status !== rr.status) diff(`${at}.status`, 'Status differs', tr.status, rr.status);
    compareConditions(scope, `${at}.error`, tr.errors, rr.errors);
    const names = [...new Set([...rr.props.keys(), ...tr.props.keys()])].sort();
    for (const name of names) {
      const [tp, rp] = [tr.props.get(name), rr.props.get(name)];
      if (!tp || !rp) {
        diff(`${at}.${name}`, tp ? 'Only on the target' : 'Missing on the target');
        continue;
      }
      compareProp(scope, { at: `${at}.${name}`, href }, tp, rp);
    }
  }
}

function compareProp(scope: Scope, where: Where, t: DavProp, r: DavProp): void {
  if (t.status !== r.status) {
    scope.diffs.push({
      path: `${where.at}.status`,
      message: 'Property status differs',
      target: t.status,
      reference: r.status,
    });
    return;
  }
  compareConditions(scope, `${where.at}.error`, t.errors, r.errors);
  compareValue(scope, where, t.value, r.value);
}

/**
 * Compares the conditions of a `DAV:error` (RFC 4918 §16): the same names, each with the same
 * hrefs once the target's IDs are translated.
 */
function compareConditions(
  scope: Scope,
  at: string,
  t: readonly DavCondition[],
  r: readonly DavCondition[],
): void {
  const shown = (conditions: readonly DavCondition[], translate: (s: string) => string) =>
    conditions.map((c) =>
      c.hrefs.length === 0 ? c.name : `${c.name}(${c.hrefs.map(translate).sort().join(' ')})`
    );
  const [tc, rc] = [shown(t, (h) => scope.model.ids.translate(h)), shown(r, (h) => h)];
  if (tc.join() !== rc.join()) {
    scope.diffs.push({
      path: at,
      message: 'The error names other conditions (RFC 4918 §16)',
      target: tc,
      reference: rc,
    });
  }
}

interface Where {
  /** The difference's path. */
  at: string;
  /** The resource's machine path, scoping its ETag. */
  href: string;
}

function compareValue(scope: Scope, where: Where, t: DavValue, r: DavValue): void {
  const diff = (message: string, target?: unknown, reference?: unknown): void => {
    scope.diffs.push({ path: where.at, message, target, reference });
  };
  if (t.kind !== r.kind) return diff('Differs in kind', shown(t), shown(r));
  // A name without a value (`propname`, a 404 propstat) is compared as such.
  if (r.kind !== 'elements' && r.text === '') {
    if (shown(t) !== '') diff('A value where the reference names the property only', shown(t));
    return;
  }
  switch (r.kind) {
    case 'elements': {
      const tn = (t as typeof r).nodes;
      const names = (nodes: typeof tn) => nodes.map((n) => n.name).join(',');
      if (names(tn) !== names(r.nodes)) return diff('Elements differ', names(tn), names(r.nodes));
      r.nodes.forEach((n, i) =>
        compareValue(scope, { ...where, at: `${where.at}.${n.name}` }, tn[i].value, n.value)
      );
      return;
    }
    case 'text':
      if ((t as typeof r).text !== r.text) diff('Differs', shown(t), shown(r));
      return;
    case 'href': {
      const text = scope.model.ids.translate((t as typeof r).text);
      if (text !== r.text) diff('Path differs (IDs translated)', shown(t), shown(r));
      return;
    }
    case 'opaque': {
      const error = pairOpaque(scope, { of: r.of, href: where.href }, shown(t), r.text);
      if (error) diff(error, shown(t), r.text);
      return;
    }
    case 'date': {
      if (!datePatterns[r.format].test(shown(t))) {
        diff(`Not an ${r.format.toUpperCase()} date`, shown(t));
      }
      return;
    }
    case 'timeout': {
      const kind = (v: string) => v.startsWith('Second-') ? 'Second-N' : v;
      if (!timeout.test(shown(t)) || kind(shown(t)) !== kind(r.text)) {
        diff('Not a timeout of the same kind', shown(t), r.text);
      }
      return;
    }
  }
}

/**
 * Pairs an opaque value of the target with the reference's, and records it for later commands.
 * ETags are paired per space and path, lock tokens and sync tokens per run.
 */
function pairOpaque(
  scope: Scope,
  what: { of: 'etag' | 'lock' | 'sync'; href: string },
  t: string,
  r: string,
): string | undefined {
  const run = roolRun(scope.model);
  const key = what.of === 'etag' ? `etag|${scope.space}|${what.href}|` : `${what.of}||`;
  const error = run.opaque.pair(`${key}${t}`, `${key}${r}`);
  if (error) {
    return `${
      { etag: 'ETag', lock: 'Lock token', sync: 'Sync token' }[what.of]
    } pairing broken: the target reuses a value the reference does not, or the other way round`;
  }
  const kind = { etag: 'etag', lock: 'lock', sync: 'syncToken' } as const;
  const list = scope.model.entities[kind[what.of]];
  const known = list.findLast((e) => e.space === scope.space && e.label === what.href);
  if (!known || known.target !== t || known.reference !== r) {
    if (what.of !== 'lock' || !list.some((e) => e.target === t)) {
      list.push({ target: t, reference: r, label: what.href, space: scope.space });
    }
  }
  return undefined;
}

function shown(value: DavValue): string {
  return value.kind === 'elements' ? `<${value.nodes.length} elements>` : value.text;
}

function cut(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
