/**
 * Compares space archives (docs/rool-archive.md) by what they hold, not by their bytes (another
 * deployment may compress differently): the entry names as sets, with target IDs translated;
 * each JSON entry under the Rool rules (IDs paired, times by form, the agent's words free), as if
 * it were the value of an answer; every other entry byte for byte. A refused export is compared
 * as an RPC error. Unzipped with fflate, with a size limit per entry, so a hostile target cannot
 * exhaust the suite.
 *
 * @module
 */
import { unzipSync } from 'fflate';
import type { Call } from '../../call.ts';
import { type CompareContext, compareExchanges, type Difference } from '../../compare.ts';
import type { Exchange } from '../../side.ts';

/** Largest entry the suite unpacks (bytes). */
const maxEntryBytes = 16 * 1024 * 1024;

/** The label the rules know archive entries by (rool/rules.ts). */
export const archiveEntryLabel = 'archive.entry';

/**
 * Unpacks an archive.
 *
 * @param bytes The zip.
 * @returns Its entries by name, or why it cannot be read.
 */
export function unpackArchive(bytes: Uint8Array): Map<string, Uint8Array> | { error: string } {
  try {
    const entries = unzipSync(bytes, {
      filter: (file) => {
        if (file.originalSize > maxEntryBytes) {
          throw new Error(`Entry ${file.name} unpacks to more than ${maxEntryBytes} bytes`);
        }
        return true;
      },
    });
    return new Map(Object.entries(entries));
  } catch (error) {
    return { error: `Not a readable zip: ${(error as Error).message}` };
  }
}

/**
 * Compares the answers to an archive export.
 *
 * @param _call The call.
 * @param answers Both exchanges (bytes kept).
 * @param ctx The comparison context.
 * @returns The differences; empty when the archives hold the same.
 */
export function compareArchive(
  _call: Call,
  answers: { target: Exchange; reference: Exchange },
  ctx: CompareContext,
): Difference[] {
  const { target: t, reference: r } = answers;
  if (t.status !== 200 || r.status !== 200) return compareExchanges(t, r, ctx);
  const diffs: Difference[] = [];
  const type = (e: Exchange) => e.headers?.['content-type']?.split(';')[0].trim();
  if (type(t) !== type(r)) {
    diffs.push({
      path: 'header.content-type',
      message: 'Differs',
      target: type(t),
      reference: type(r),
    });
  }
  const [te, re] = [unpackArchive(t.bytes ?? new Uint8Array()), unpackArchive(r.bytes!)];
  if ('error' in re) return [{ path: 'body', message: `The reference's archive: ${re.error}` }];
  if ('error' in te) return [...diffs, { path: 'body', message: te.error }];
  const names = new Map([...te.keys()].map((name) => [ctx.model.ids.translate(name), name]));
  for (const name of [...new Set([...re.keys(), ...names.keys()])].sort()) {
    const tName = names.get(name);
    if (tName === undefined || !re.has(name)) {
      diffs.push({
        path: `archive[${tName ?? name}]`,
        message: tName === undefined ? 'Missing on the target' : 'Only on the target',
      });
      continue;
    }
    diffs.push(...compareEntry(name, te.get(tName)!, re.get(name)!, { ctx, t, r }));
  }
  return diffs;
}

function compareEntry(
  name: string,
  tBytes: Uint8Array,
  rBytes: Uint8Array,
  at: { ctx: CompareContext; t: Exchange; r: Exchange },
): Difference[] {
  const path = `archive[${name}]`;
  const json = (bytes: Uint8Array) => {
    try {
      return { value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) };
    } catch {
      return undefined;
    }
  };
  const [tj, rj] = name.endsWith('.json') ? [json(tBytes), json(rBytes)] : [];
  if (tj && rj) {
    // Each entry as the value of an answer, so the Rool rules apply to its fields.
    const as = (e: Exchange, value: unknown): Exchange => ({ ...e, status: 200, body: { value } });
    return compareExchanges(as(at.t, tj.value), as(at.r, rj.value), {
      ...at.ctx,
      label: archiveEntryLabel,
    }).map((d) => ({ ...d, path: `${path}${d.path.slice('value'.length)}` }));
  }
  if (tBytes.length === rBytes.length && tBytes.every((b, i) => b === rBytes[i])) return [];
  return [{
    path,
    message: 'Content differs',
    target: `${tBytes.length} bytes`,
    reference: `${rBytes.length} bytes`,
  }];
}
