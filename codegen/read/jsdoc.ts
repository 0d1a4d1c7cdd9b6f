/**
 * JSDoc and trailing `//` comments become `description`s, and a small set of
 * JSDoc tags become JSON Schema keywords (`@minimum 1`, `@integer`, ...).
 *
 * @module
 */
import { type Node, ts } from 'ts-morph';
import type { JsonSchema } from '../../src/rpc/json-schema.ts';
import type { Problems } from '../problems.ts';

/** What a declaration's comments say. */
export interface Docs {
  /** The JSDoc summary and any trailing `//` comment, joined. */
  description?: string;
  /** JSDoc tags, in order. */
  tags: { name: string; value: string }[];
}

/**
 * Reads the JSDoc and trailing line comment of a declaration.
 *
 * @param node A property, interface, alias or registry entry.
 * @returns Its description and tags.
 */
export function docsOf(node: Node): Docs {
  const parts: string[] = [];
  const tags: Docs['tags'] = [];
  for (const doc of ts.getJSDocCommentsAndTags(node.compilerNode)) {
    if (!ts.isJSDoc(doc)) continue;
    const text = ts.getTextOfJSDocComment(doc.comment)?.trim();
    if (text) parts.push(text);
    for (const tag of doc.tags ?? []) {
      tags.push({
        name: tag.tagName.text,
        value: (ts.getTextOfJSDocComment(tag.comment) ?? '').trim(),
      });
    }
  }
  for (const range of node.getTrailingCommentRanges()) {
    const text = range.getText();
    if (!text.startsWith('//')) continue;
    // A JSDoc summary that restates the trailing comment (for doc linters) is said once, in the
    // comment's words: those are the registry author's.
    const comment = text.slice(2).trim();
    const same = parts.findIndex((p) => sameText(p, comment));
    if (same >= 0) parts[same] = comment;
    else parts.push(comment);
  }
  const description = parts.join('\n\n').trim();
  return description ? { description, tags } : { tags };
}

function sameText(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[.\s]+$/, '');
  return norm(a) === norm(b);
}

const numericTags = [
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
] as const;

const lengthTags = new Set<string>(['minLength', 'maxLength', 'minItems', 'maxItems']);

/**
 * Applies a declaration's docs to its schema: the description, then each
 * supported tag as a keyword. Unsupported tags (`@see`, `@remarks`) are left alone.
 *
 * @param schema The schema read from the declaration's type.
 * @param from What {@linkcode docsOf} returned, the declaration (where problems point) and
 * where bad tag values are reported.
 * @returns A new schema with the docs applied.
 */
export function applyDocs(
  schema: JsonSchema,
  from: { docs: Docs; node: Node; problems: Problems },
): JsonSchema {
  const { docs, node: at, problems } = from;
  // Keep `$ref` first and `description` next: the order people read a schema in.
  const { $ref, ...rest } = schema;
  const out: JsonSchema = {
    ...($ref ? { $ref } : {}),
    ...(docs.description ? { description: docs.description } : {}),
    ...rest,
  };
  for (const { name, value } of docs.tags) {
    if ((numericTags as readonly string[]).includes(name)) {
      const n = Number(value);
      const valid = value !== '' && Number.isFinite(n) &&
        (!lengthTags.has(name) || (Number.isInteger(n) && n >= 0));
      if (!valid) {
        problems.add(
          at,
          `@${name} needs a ${
            lengthTags.has(name) ? 'non-negative integer' : 'number'
          }, got '${value}'`,
        );
        continue;
      }
      out[name as (typeof numericTags)[number]] = n;
    } else if (name === 'integer') {
      if (out.type === 'number') out.type = 'integer';
      else if (Array.isArray(out.type) && out.type.includes('number')) {
        out.type = out.type.map((t) => (t === 'number' ? 'integer' : t));
      } else problems.add(at, '@integer applies only to number fields');
    } else if (name === 'pattern') {
      try {
        new RegExp(value, 'u');
        out.pattern = value;
      } catch {
        problems.add(at, `@pattern is not a valid regular expression: '${value}'`);
      }
    } else if (name === 'format') {
      if (value) out.format = value;
      else problems.add(at, '@format needs a format name, e.g. date-time');
    } else if (name === 'default') {
      try {
        out.default = JSON.parse(value);
      } catch {
        problems.add(at, `@default needs a JSON value, got '${value}'`);
      }
    } else if (name === 'deprecated') {
      out.deprecated = true;
    }
  }
  return out;
}

/**
 * Whether a declaration comes from a library (TypeScript's lib, node_modules).
 *
 * @param node A declaration.
 * @returns `true` for library declarations.
 */
export function isLibraryNode(node: Node): boolean {
  const file = node.getSourceFile();
  return file.isDeclarationFile() || file.isInNodeModules();
}
