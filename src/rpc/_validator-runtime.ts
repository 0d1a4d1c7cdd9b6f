// The helpers every generated validator module calls (codegen/emit/validators.ts). They live
// here, once, rather than in each generated file. Private to the package: generated code only.
import type { Validation, ValidationIssue as Issue } from './validation.ts';

/** A compiled check: pushes issues under JSON Pointer `p` and says whether `v` passed. */
export type Check = (v: unknown, p: string, e: Issue[]) => boolean;

/** Whether a value is a JSON object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An own property, never one inherited from the prototype (`constructor`, `__proto__`). */
export function own(o: Record<string, unknown>, k: string): unknown {
  return Object.hasOwn(o, k) ? o[k] : undefined;
}

/** A property name escaped as a JSON Pointer segment (RFC 6901 §3). */
export function esc(k: string): string {
  return k.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** The length of a string in code points, as JSON Schema counts it. */
export function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Checks `anyOf`, reporting the branch that got furthest: the one whose issues lie deepest. */
export function anyOf(
  v: unknown,
  p: string,
  e: Issue[],
  branches: { checks: Check[]; expected: string },
): boolean {
  let best: Issue[] | undefined;
  for (const branch of branches.checks) {
    const issues: Issue[] = [];
    if (branch(v, p, issues)) return true;
    if (issues.some((i) => i.path.length > p.length) && (!best || issues.length < best.length)) {
      best = issues;
    }
  }
  if (best) e.push(...best);
  else e.push({ path: p, message: `Expected ${branches.expected}` });
  return false;
}

/** Runs a compiled check from the root and shapes the outcome. */
export function run<T>(check: Check, value: unknown): Validation<T> {
  const issues: Issue[] = [];
  return check(value, '', issues) ? { ok: true, value: value as T } : { ok: false, issues };
}
