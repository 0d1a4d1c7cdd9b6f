/**
 * Reads a `--seed FILE`: JSON checked against the generated `MockSeed`
 * validator and for cross-references (see `../roj/seed-check.ts`). Every
 * problem is reported at once, one line each, as `file: /path: message`.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import type { ValidationIssue } from '../../src/rpc/validation.ts';
import { checkSeed } from '../roj/seed-check.ts';
import type { MockSeed } from '../roj/seed.ts';

/** A seed file that cannot be used. Its message lists every problem, one per line. */
export class SeedFileError extends Error {
  /** Always `SeedFileError`. */
  override readonly name = 'SeedFileError';
  /** The file, as given. */
  readonly file: string;
  /** The problems; empty when the file could not be read or parsed at all. */
  readonly issues: readonly ValidationIssue[];

  /**
   * Creates the error.
   *
   * @param file The file, as given.
   * @param options `issues`, each with a JSON Pointer; or `reason`, why the file could not be
   * read or parsed.
   */
  constructor(file: string, options: { issues?: readonly ValidationIssue[]; reason?: string }) {
    const issues = options.issues ?? [];
    const lines = issues.length > 0
      ? issues.map((issue) => `${file}: ${issue.path || '/'}: ${issue.message}`)
      : [`${file}: ${options.reason ?? 'Unusable seed'}`];
    super(lines.join('\n'));
    this.file = file;
    this.issues = issues;
  }
}

/**
 * Parses and checks seed JSON.
 *
 * @param text The file's contents.
 * @param file The file name, for messages.
 * @returns The seed.
 * @throws {SeedFileError} When the text is not JSON or not a valid seed.
 *
 * @example An unknown property
 * ```ts
 * import assert from 'node:assert/strict';
 * import { parseSeed } from './seed-file.ts';
 * assert.throws(
 *   () => parseSeed('{"templates": [], "bundles": [], "presets": [], "extra": 1}', 'seed.json'),
 *   { message: 'seed.json: /extra: Unexpected property; allowed: templates, bundles, presets' },
 * );
 * ```
 */
export function parseSeed(text: string, file: string): MockSeed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new SeedFileError(file, { reason: `Not valid JSON: ${detail}` });
  }
  const result = checkSeed(value);
  if (!result.ok) throw new SeedFileError(file, { issues: result.issues });
  return result.seed;
}

/**
 * Reads, parses and checks a seed file.
 *
 * @param file The path.
 * @returns The seed.
 * @throws {SeedFileError} When the file cannot be read, is not JSON, or is not a valid seed.
 *
 * @example Usage
 * ```ts ignore
 * import { readSeedFile } from './seed-file.ts';
 * const seed = await readSeedFile('my-seed.json');
 * ```
 */
export async function readSeedFile(file: string): Promise<MockSeed> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new SeedFileError(file, { reason: `Cannot read the file: ${readFailure(error)}` });
  }
  return parseSeed(text, file);
}

function readFailure(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'No such file';
  if (code === 'EISDIR') return 'It is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'Permission denied';
  return error instanceof Error ? error.message : String(error);
}
