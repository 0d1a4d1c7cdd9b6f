/**
 * Compares one target answer with the reference's, field by field, under the
 * rules of ./rules.ts. Returns every difference, each with its path.
 *
 * @module
 */
import type { Model } from './model.ts';
import { type Rule, ruleFor, type RuleTable } from './rules.ts';
import type { Exchange } from './side.ts';

/** One way the target's answer differs from the reference's. */
export interface Difference {
  /** Where, e.g. `status`, `error.type`, `value.instances[2].name`. */
  path: string;
  /** What differs. */
  message: string;
  /** The target's value there. */
  target?: unknown;
  /** The reference's value there. */
  reference?: unknown;
}

/** What the comparison needs besides the two answers. */
export interface CompareContext {
  /** The call's label (method name). */
  label: string;
  /** The input as the target received it (for TTLs and paging). */
  input: Record<string, unknown>;
  /** The run's model: ID pairing and baselines. */
  model: Model;
  /** Tolerated clock difference between the suite and the target (ms). */
  skewMs: number;
  /** The product's rules. */
  rules: RuleTable;
  /** The credential index the call used (Rool: 0 user A, 1 user B), for per-caller baselines. */
  caller?: number;
}

const isoUtc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/**
 * Compares two answers.
 *
 * @param target The target's exchange.
 * @param reference The reference's exchange.
 * @param ctx The label, input, model and tolerated skew.
 * @returns The differences; empty when the answers agree.
 */
export function compareExchanges(
  target: Exchange,
  reference: Exchange,
  ctx: CompareContext,
): Difference[] {
  const diffs: Difference[] = [];
  if (target.status !== reference.status) {
    diffs.push({
      path: 'status',
      message: 'HTTP status differs',
      target: target.status,
      reference: reference.status,
    });
  }
  const t = target.body as Record<string, unknown> | string;
  const r = reference.body as Record<string, unknown> | string;
  if (typeof r !== 'object' || r === null || typeof t !== 'object' || t === null) {
    if (typeof r !== typeof t) {
      diffs.push({
        path: 'body',
        message: 'Body is not JSON on one side',
        target: t,
        reference: r,
      });
    }
    return diffs;
  }
  if (r.ok === false || t.ok === false) {
    const te = (t.error ?? {}) as Record<string, unknown>;
    const re = (r.error ?? {}) as Record<string, unknown>;
    if (t.ok !== r.ok) {
      diffs.push({ path: 'ok', message: 'One side failed', target: t.ok, reference: r.ok });
    }
    if (te.type !== re.type) {
      diffs.push({
        path: 'error.type',
        message: 'Error type differs',
        target: te.type,
        reference: re.type,
      });
    }
    if (te.path !== re.path) {
      diffs.push({
        path: 'error.path',
        message: 'Error path differs',
        target: te.path,
        reference: re.path,
      });
    }
    return diffs;
  }
  // RPC answers wrap the output in `value`; the upload answers with the output itself.
  const walker = new Walker(ctx, target, diffs);
  if ('value' in r || 'value' in t) walker.walk('value', t.value, r.value);
  else walker.walk('', t, r);
  return diffs;
}

class Walker {
  #ctx: CompareContext;
  #target: Exchange;
  #diffs: Difference[];

  constructor(ctx: CompareContext, target: Exchange, diffs: Difference[]) {
    this.#ctx = ctx;
    this.#target = target;
    this.#diffs = diffs;
  }

  #diff(path: string, message: string, target?: unknown, reference?: unknown): void {
    this.#diffs.push({ path, message, target, reference });
  }

  walk(path: string, t: unknown, r: unknown, shown = path): void {
    const rule = path === 'value' || path === ''
      ? { kind: 'exact' } as Rule
      : ruleFor(this.#ctx.rules, { label: this.#ctx.label, path });
    this.#apply(rule, path, shown, t, r);
  }

  #apply(rule: Rule, path: string, shown: string, t: unknown, r: unknown): void {
    const { model, skewMs, input } = this.#ctx;
    const late = this.#target.receivedAt + skewMs;
    switch (rule.kind) {
      case 'ignore':
        return;
      case 'id': {
        if (typeof t !== 'string' || typeof r !== 'string') return this.#exact(path, shown, t, r);
        const error = model.ids.pair(t, r);
        if (error) this.#diff(shown, `ID pairing broken: ${error}`, t, r);
        return;
      }
      case 'secret':
        if (!(typeof t === 'string' && t.length > 0) || !(typeof r === 'string' && r.length > 0)) {
          if (t !== r) this.#diff(shown, 'Secret present on one side only, or not a string', t, r);
        }
        return;
      case 'timestamp':
        if (typeof t !== 'string' || typeof r !== 'string') return this.#exact(path, shown, t, r);
        if (!isoUtc.test(t) || Number.isNaN(Date.parse(t))) {
          return this.#diff(shown, 'Not an ISO 8601 UTC time', t, r);
        }
        if (Date.parse(t) > late) this.#diff(shown, 'Time is after the response arrived', t, r);
        return;
      case 'epochMs':
        if (typeof t !== 'number' || typeof r !== 'number') return this.#exact(path, shown, t, r);
        if (t > late) this.#diff(shown, 'Time is after the response arrived', t, r);
        return;
      case 'expiresAt': {
        if (typeof t !== 'string' || !isoUtc.test(t)) {
          return this.#diff(shown, 'Not an ISO 8601 UTC time', t, r);
        }
        const ttl = typeof input[rule.ttlField] === 'number'
          ? input[rule.ttlField] as number
          : rule.defaultSeconds;
        const at = Date.parse(t);
        const earliest = this.#target.sentAt + ttl * 1000 - skewMs;
        if (at < earliest || at > late + ttl * 1000) {
          this.#diff(shown, `Expected request time + ${ttl} s`, t, r);
        }
        return;
      }
      case 'pattern':
        if (typeof t !== 'string' || !rule.pattern.test(t)) {
          this.#diff(shown, `Does not match ${rule.pattern}`, t, r);
        }
        return;
      case 'translate':
        if (typeof t === 'string' && typeof r === 'string') {
          if (model.ids.translate(t) !== r) this.#diff(shown, 'Differs (IDs translated)', t, r);
          return;
        }
        return this.#exact(path, shown, t, r);
      case 'url': {
        if (typeof t !== 'string' || typeof r !== 'string') return this.#exact(path, shown, t, r);
        const local = (u: string) => {
          try {
            const parsed = new URL(u);
            return parsed.pathname + parsed.search;
          } catch {
            return `invalid URL ${u}`;
          }
        };
        const ids = rule.template === undefined ? undefined : templateIds(rule.template);
        const [tIds, rIds] = [ids?.(local(t)), ids?.(local(r))];
        if (tIds && rIds) {
          tIds.forEach((id, i) => {
            const error = model.ids.pair(id, rIds[i]);
            if (error) this.#diff(shown, `ID pairing broken: ${error}`, t, r);
          });
          return;
        }
        if (model.ids.translate(local(t)) !== local(r)) {
          this.#diff(shown, 'URL path differs (IDs translated)', t, r);
        }
        return;
      }
      case 'revealing':
        if (typeof t === 'string' && typeof r === 'string') {
          const [tSecrets, rSecrets] = [t, r].map((text) =>
            [...text.matchAll(rule.secret)].map((m) => m[1])
          );
          if (tSecrets.length === rSecrets.length) {
            // The values stay out of the report: they are secrets.
            tSecrets.forEach((secret, i) => {
              if (model.ids.pair(secret, rSecrets[i])) {
                this.#diff(shown, 'A secret revealed here was seen before with another partner');
              }
            });
          }
          if (model.ids.translate(t) !== r) {
            this.#diff(
              shown,
              'Differs (IDs and secrets translated)',
              redact(t, rule.secret),
              redact(r, rule.secret),
            );
          }
          return;
        }
        return this.#exact(path, shown, t, r);
      case 'progress':
        if (t !== r && !(rule.states.includes(t as string) && rule.states.includes(r as string))) {
          this.#diff(shown, `State differs beyond progress (${rule.states.join(' → ')})`, t, r);
        }
        return;
      case 'baselineTotal':
        if (typeof r !== 'number' || t !== model.baseline[rule.baseline] + r) {
          this.#diff(
            shown,
            `Expected the reference's total plus the ${
              model.baseline[rule.baseline]
            } foreign items seen at the start`,
            t,
            r,
          );
        }
        return;
      case 'ownPage':
        return this.#ownPage(rule, path, shown, t, r);
      case 'events': {
        if (!Array.isArray(t) || !Array.isArray(r)) return this.#exact(path, shown, t, r);
        const required = (list: unknown[]) =>
          list.filter((e) => !(isObject(e) && rule.optional.includes(String(e[rule.eventField]))));
        return this.#exact(path, shown, required(t), required(r));
      }
      case 'seededList':
        return this.#seededList(rule, path, shown, t, r);
      case 'anyTime':
        if (typeof t === 'number' && typeof r === 'number') {
          return this.#apply({ kind: 'epochMs' }, path, shown, t, r);
        }
        return this.#apply({ kind: 'timestamp' }, path, shown, t, r);
      case 'freeText':
        if (rule.exactWhen in input) return this.#exact(path, shown, t, r);
        if (typeof t !== 'string' || typeof r !== 'string') return this.#exact(path, shown, t, r);
        return;
      case 'keyedById': {
        if (Array.isArray(t) && Array.isArray(r)) {
          // A list of the same items: each under `<path>{}`, as a keyed one's values.
          if (t.length !== r.length) {
            this.#diff(
              shown,
              `Array length differs (${t.length} vs ${r.length})`,
              t.length,
              r.length,
            );
          }
          for (let i = 0; i < Math.min(t.length, r.length); i++) {
            this.walk(`${path}{}`, t[i], r[i], `${shown}[${i}]`);
          }
          return;
        }
        if (!isObject(t) || !isObject(r)) return this.#exact(path, shown, t, r);
        const translated = new Map(Object.keys(t).map((k) => [model.ids.translate(k), k]));
        for (const key of new Set([...Object.keys(r), ...translated.keys()])) {
          const tKey = translated.get(key);
          const shownChild = `${shown}.${tKey ?? key}`;
          if (tKey === undefined) {
            this.#diff(shownChild, 'Missing on the target', undefined, r[key]);
          } else if (!(key in r)) this.#diff(shownChild, 'Only on the target', t[tKey], undefined);
          else this.walk(`${path}{}`, t[tKey], r[key], shownChild);
        }
        return;
      }
      case 'runKeys': {
        if (!isObject(t) || !isObject(r)) return this.#exact(path, shown, t, r);
        const ours = (o: Record<string, unknown>) =>
          Object.fromEntries(
            Object.entries(o).filter(([k]) => k.startsWith(`conformance-${model.runTag}`)),
          );
        return this.#exact(path, shown, ours(t), ours(r));
      }
      case 'ownList':
        return this.#ownList(rule, path, shown, t, r);
      case 'exact':
        return this.#exact(path, shown, t, r);
    }
  }

  #ownList(
    rule: Extract<Rule, { kind: 'ownList' }>,
    path: string,
    shown: string,
    t: unknown,
    r: unknown,
  ): void {
    if (!Array.isArray(t) || !Array.isArray(r)) return this.#exact(path, shown, t, r);
    const { model, caller } = this.#ctx;
    const isOwn = (item: unknown) =>
      isObject(item) && model.ids.hasTarget(String(item[rule.idField]));
    const own = t.filter(isOwn);
    const firstForeign = t.findIndex((item) => !isOwn(item));
    if (firstForeign >= 0 && firstForeign < own.length) {
      this.#diff(shown, "An item the run did not create is listed before the run's own items");
    }
    if (own.length !== r.length) {
      this.#diff(
        shown,
        `The run's own items differ in number (${own.length} vs ${r.length})`,
        own.length,
        r.length,
      );
    }
    for (let i = 0; i < Math.min(own.length, r.length); i++) {
      this.walk(`${path}[]`, own[i], r[i], `${shown}[${i}]`);
    }
    const foreign = model.baseline[`${rule.baseline}${caller ?? 0}`] ?? 0;
    if (t.length - own.length !== foreign) {
      this.#diff(
        shown,
        `Expected the ${foreign} foreign items seen at the start besides the run's own`,
        t.length - own.length,
        foreign,
      );
    }
  }

  #exact(path: string, shown: string, t: unknown, r: unknown): void {
    if (Array.isArray(t) && Array.isArray(r)) {
      if (t.length !== r.length) {
        this.#diff(shown, `Array length differs (${t.length} vs ${r.length})`, t.length, r.length);
      }
      for (let i = 0; i < Math.min(t.length, r.length); i++) {
        this.walk(`${path}[]`, t[i], r[i], `${shown}[${i}]`);
      }
      return;
    }
    if (isObject(t) && isObject(r)) {
      for (const key of new Set([...Object.keys(r), ...Object.keys(t)])) {
        const child = `${path ? `${path}.` : ''}${key}`;
        const shownChild = `${shown ? `${shown}.` : ''}${key}`;
        if (!(key in t)) this.#diff(shownChild, 'Missing on the target', undefined, r[key]);
        else if (!(key in r)) this.#diff(shownChild, 'Only on the target', t[key], undefined);
        else this.walk(child, t[key], r[key], shownChild);
      }
      return;
    }
    if (t !== r) this.#diff(shown, 'Differs', t, r);
  }

  #ownPage(
    rule: Extract<Rule, { kind: 'ownPage' }>,
    path: string,
    shown: string,
    t: unknown,
    r: unknown,
  ): void {
    if (!Array.isArray(t) || !Array.isArray(r)) return this.#exact(path, shown, t, r);
    const { model, input } = this.#ctx;
    const own = t.filter((item) =>
      isObject(item) && model.ids.hasTarget(String(item[rule.idField]))
    );
    const firstForeign = t.findIndex((item) =>
      !(isObject(item) && model.ids.hasTarget(String(item[rule.idField])))
    );
    if (firstForeign >= 0 && firstForeign < own.length) {
      this.#diff(
        shown,
        "An item the run did not create is listed before the run's own (newer) items",
        t.length,
        r.length,
      );
    }
    if (own.length !== r.length) {
      this.#diff(
        shown,
        `The run's own items on this page differ in number (${own.length} vs ${r.length})`,
        own.length,
        r.length,
      );
    }
    for (let i = 0; i < Math.min(own.length, r.length); i++) {
      this.walk(`${path}[]`, own[i], r[i], `${shown}[${i}]`);
    }
    const limit = typeof input.limit === 'number' ? input.limit : 20;
    const offset = typeof input.offset === 'number' ? input.offset : 0;
    const ownTotal = model.entities[rule.entity].filter((e) => !e.gone).length;
    const expected = Math.min(
      limit,
      Math.max(0, model.baseline[rule.baseline] + ownTotal - offset),
    );
    if (t.length !== expected) {
      this.#diff(
        shown,
        `Page length should be ${expected} (limit ${limit}, offset ${offset}, ${
          model.baseline[rule.baseline]
        } foreign + ${ownTotal} own items)`,
        t.length,
        r.length,
      );
    }
  }

  #seededList(
    rule: Extract<Rule, { kind: 'seededList' }>,
    path: string,
    shown: string,
    t: unknown,
    r: unknown,
  ): void {
    if (!Array.isArray(t) || !Array.isArray(r)) return this.#exact(path, shown, t, r);
    const byKey = new Map(t.filter(isObject).map((item) => [item[rule.keyField], item]));
    r.forEach((item, i) => {
      if (!isObject(item)) return;
      const match = byKey.get(item[rule.keyField]);
      if (!match) {
        this.#diff(
          `${shown}[${i}]`,
          `No ${rule.keyField} ${JSON.stringify(item[rule.keyField])} on the target`,
          undefined,
          item,
        );
      } else this.walk(`${path}[]`, match, item, `${shown}[${i}]`);
    });
  }
}

// `/services/{id}/` → a function giving the `{id}` segments of a matching path, else undefined.
function templateIds(template: string): (path: string) => string[] | undefined {
  const pattern = new RegExp(
    `^${
      template.split('{id}').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('([^/]+)')
    }$`,
  );
  return (path) => pattern.exec(path)?.slice(1);
}

// Reports show revealed secrets as `<secret>`.
function redact(text: string, secret: RegExp): string {
  return text.replace(secret, (match, value: string) => match.replace(value, '<secret>'));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
