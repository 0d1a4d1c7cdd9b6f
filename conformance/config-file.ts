/**
 * Reads a `--config FILE`: the target's catalogue (templates, bundles,
 * presets, in the mock's seed format) and its upload limit, as JSON. Fields
 * left out take the mock's defaults. The catalogue is checked as a mock seed
 * is (`mock-server/roj/seed-check.ts`), and every problem is reported at once,
 * one line each, as `file: /json/pointer: message`.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { checkSeed } from '../mock-server/roj/seed-check.ts';
import type { ValidationIssue } from '../src/rpc/validation.ts';
import { type ConformanceConfig, defaultConfig } from './config.ts';

/** A configuration file that cannot be used. Its message lists every problem, one per line. */
export class ConfigFileError extends Error {
  /** Always `ConfigFileError`. */
  override readonly name = 'ConfigFileError';
  /** The problems; empty when the file could not be read or parsed at all. */
  readonly issues: readonly ValidationIssue[];

  /**
   * Creates the error.
   *
   * @param file The file, as given.
   * @param options `issues`, each with a JSON Pointer; or `reason`, why the file is unusable.
   */
  constructor(file: string, options: { issues?: readonly ValidationIssue[]; reason?: string }) {
    const issues = options.issues ?? [];
    super(
      issues.length > 0
        ? issues.map((issue) => `${file}: ${issue.path || '/'}: ${issue.message}`).join('\n')
        : `${file}: ${options.reason ?? 'Unusable configuration'}`,
    );
    this.issues = issues;
  }
}

const fields = ['templates', 'bundles', 'presets', 'uploadLimitBytes'] as const;

/**
 * Parses and checks configuration JSON.
 *
 * @param text The file's contents.
 * @param file The file name, for messages.
 * @returns The configuration, with the mock's defaults for fields left out.
 * @throws {ConfigFileError} When the text is not JSON or not a valid configuration.
 *
 * @example A template whose bundle the configuration does not list
 * ```ts
 * import assert from 'node:assert/strict';
 * import { parseConfig } from './config-file.ts';
 * assert.throws(
 *   () => parseConfig('{"templates": [{"slug": "web", "name": "Web", "bundleSlug": "web"}]}', 'c.json'),
 *   { message: 'c.json: /templates/0/bundleSlug: No bundle has slug "web"' },
 * );
 * ```
 */
export function parseConfig(text: string, file: string): ConformanceConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ConfigFileError(file, { reason: `Not valid JSON: ${detail}` });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigFileError(file, {
      reason: `Must be a JSON object with ${fields.join(', ')}`,
    });
  }
  const given = value as Record<string, unknown>;
  const issues: ValidationIssue[] = [];
  for (const key of Object.keys(given)) {
    if (!(fields as readonly string[]).includes(key)) {
      issues.push({
        path: `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`,
        message: `Unexpected property; allowed: ${fields.join(', ')}`,
      });
    }
  }
  const limit = given.uploadLimitBytes;
  if (limit !== undefined && !(Number.isSafeInteger(limit) && (limit as number) >= 1)) {
    issues.push({
      path: '/uploadLimitBytes',
      message: 'Must be a whole number of bytes, 1 or more',
    });
  }
  const defaults = defaultConfig();
  const catalogue = {
    templates: given.templates ?? defaults.templates,
    bundles: given.bundles ?? defaults.bundles,
    presets: given.presets ?? defaults.presets,
  };
  const checked = checkSeed(catalogue);
  if (!checked.ok) issues.push(...checked.issues);
  else {
    // Commands draw template slugs and preset ids from these lists: they must not be empty.
    if (checked.seed.templates.length === 0) {
      issues.push({ path: '/templates', message: 'Name at least one template' });
    }
    if (checked.seed.presets.length === 0) {
      issues.push({ path: '/presets', message: 'Name at least one preset' });
    }
  }
  if (issues.length > 0) {
    issues.sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }));
    throw new ConfigFileError(file, { issues });
  }
  return {
    ...(catalogue as Pick<ConformanceConfig, 'templates' | 'bundles' | 'presets'>),
    uploadLimitBytes: (limit as number | undefined) ?? defaults.uploadLimitBytes,
  };
}

/**
 * Reads, parses and checks a configuration file.
 *
 * @param file The path.
 * @returns The configuration.
 * @throws {ConfigFileError} When the file cannot be read, is not JSON, or is not valid.
 *
 * @example Usage
 * ```ts ignore
 * const config = await readConfigFile('staging.json');
 * ```
 */
export async function readConfigFile(file: string): Promise<ConformanceConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason = code === 'ENOENT'
      ? 'No such file'
      : `Cannot read it: ${error instanceof Error ? error.message : String(error)}`;
    throw new ConfigFileError(file, { reason });
  }
  return parseConfig(text, file);
}
