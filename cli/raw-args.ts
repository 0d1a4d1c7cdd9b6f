/**
 * What a command line can learn from its arguments before parsing them, so that an error in
 * the arguments is still reported as asked (`--verbose`) and without the secrets they hold.
 *
 * @module
 */

/**
 * Whether a flag appears among the arguments, before any `--`.
 *
 * @param args The arguments.
 * @param flag The flag, e.g. `--verbose`.
 * @returns `true` when present.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { hasFlag } from './raw-args.ts';
 * assert.equal(hasFlag(['--port', 'x', '--verbose'], '--verbose'), true);
 * assert.equal(hasFlag(['--', '--verbose'], '--verbose'), false);
 * ```
 */
export function hasFlag(args: readonly string[], flag: string): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).includes(flag);
}

/**
 * The values given to secret-bearing flags (`--api-key K` or `--api-key=K`), to mask them in
 * any output. With `split`, a value is also split there and its parts after the first kept
 * (for `--user NAME:TOKEN`, the token).
 *
 * @param args The arguments.
 * @param flags The flags whose values are secret, e.g. `['--api-key', '--token']`.
 * @param options `split`: flags whose value is `NAME<sep>SECRET`, by flag, with the separator.
 * @returns The secret values, in order.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { secretValues } from './raw-args.ts';
 * assert.deepEqual(
 *   secretValues(['--api-key', 'k1', '--token=t2', '--user', 'ann:t3'], ['--api-key', '--token'], {
 *     split: { '--user': ':' },
 *   }),
 *   ['k1', 't2', 't3'],
 * );
 * ```
 */
export function secretValues(
  args: readonly string[],
  flags: readonly string[],
  options: { split?: Readonly<Record<string, string>> } = {},
): string[] {
  const split = options.split ?? {};
  const secrets: string[] = [];
  const take = (flag: string, value: string | undefined) => {
    if (value === undefined || value === '') return;
    if (flags.includes(flag)) secrets.push(value);
    const separator = split[flag];
    if (separator !== undefined) {
      const secret = value.split(separator).slice(1).join(separator);
      if (secret !== '') secrets.push(secret);
    }
  };
  args.forEach((arg, i) => {
    const equals = arg.indexOf('=');
    if (arg.startsWith('--') && equals > 2) take(arg.slice(0, equals), arg.slice(equals + 1));
    else take(arg, args[i + 1]);
  });
  return secrets;
}
