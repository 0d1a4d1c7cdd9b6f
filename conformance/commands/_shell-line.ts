/**
 * Command lines for the fake shell of `execInSandbox` (contract §5.1): a
 * small generated language of its commands, quoting, variables, lists,
 * redirects, unknown commands and syntax errors. The words come from a small
 * vocabulary so that commands meet each other's files and directories.
 * Nothing prints the sandbox token except `env`, whose output the rules pair.
 *
 * @module
 */
import fc from 'fast-check';

/** Paths that exist, will exist, or never do, relative and absolute. */
const paths = [
  'a',
  'b',
  'x.txt',
  'dir',
  'dir/sub',
  'dir/x.txt',
  '.hidden',
  'README.md',
  '.',
  '..',
  '/',
  '/tmp',
  '/home/user',
  '~',
  '~/dir',
  'missing',
  '/nope/x',
  'README.md/x',
  '"two words"',
  'x'.repeat(256),
] as const;

/** Arguments of `echo`: words, quotes, variables (set, unset, special) and comments. */
const echoWords = [
  'hello',
  'a  b',
  "'single $HOME'",
  '"double $USER"',
  '"$PWD/x"',
  '$HOME',
  '${USER}',
  '$PWD',
  '$?',
  '$0',
  '$UNSET',
  '"$UNSET"',
  '$ROJ_INSTANCE_ID',
  '"${ROJ_SANDBOX_ID}"',
  'hello\\ world',
  '\\$HOME',
  '~',
  '~/x',
  '-n',
  '-e',
  '--',
  '#comment',
  "it's",
] as const;

const path = fc.constantFrom(...paths);
const somePaths = (max: number) => fc.array(path, { minLength: 0, maxLength: max });

function command(name: string, options: readonly string[], args: string[]): string {
  return [name, ...options, ...args].join(' ');
}

/** One simple command, before any redirect. */
const simple: fc.Arbitrary<string> = fc.oneof(
  {
    arbitrary: fc.tuple(
      fc.constantFrom('', '-n', '-nn'),
      fc.array(fc.constantFrom(...echoWords), { maxLength: 4 }),
    ).map(([flag, words]) => command('echo', flag ? [flag] : [], words)),
    weight: 6,
  },
  // The exit statuses without output: `success` alone tells them apart.
  { arbitrary: fc.constantFrom('true', 'false'), weight: 3 },
  { arbitrary: fc.constantFrom('pwd', 'env'), weight: 2 },
  {
    arbitrary: fc.option(path, { nil: undefined }).map((p) => command('cd', [], p ? [p] : [])),
    weight: 2,
  },
  {
    arbitrary: fc.tuple(fc.constantFrom('', '-a'), somePaths(2)).map(([flag, ps]) =>
      command('ls', flag ? [flag] : [], ps)
    ),
    weight: 3,
  },
  { arbitrary: somePaths(2).map((ps) => command('cat', [], ps)), weight: 2 },
  {
    arbitrary: fc.tuple(fc.constantFrom('', '-p'), somePaths(2)).map(([flag, ps]) =>
      command('mkdir', flag ? [flag] : [], ps)
    ),
    weight: 3,
  },
  { arbitrary: somePaths(2).map((ps) => command('touch', [], ps)), weight: 2 },
  {
    arbitrary: fc.tuple(fc.constantFrom('', '-r'), somePaths(2)).map(([flag, ps]) =>
      command('rm', flag ? [flag] : [], ps)
    ),
    weight: 2,
  },
  {
    arbitrary: fc.option(fc.constantFrom('0', '1', '2', '255', '256', '300', 'abc', '1 2'), {
      nil: undefined,
    }).map((n) => command('exit', [], n ? [n] : [])),
    weight: 1,
  },
  {
    arbitrary: fc.constantFrom(
      'frobnicate',
      'NAME=value',
      'ls -l',
      'rm -f x',
      'cd a b',
      'env x',
      'mkdir',
      'touch',
    ),
    weight: 1,
  },
);

/** A simple command with an optional redirect of its stdout. */
const redirected: fc.Arbitrary<string> = fc.tuple(
  simple,
  // One in four.
  fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 3 },
    {
      arbitrary: fc.tuple(
        fc.constantFrom('>', '>>'),
        fc.constantFrom('out.txt', 'dir/out', '/nope/out', '$UNSET'),
      ),
      weight: 1,
    },
  ),
).map(([cmd, redirect]) => (redirect ? `${cmd} ${redirect[0]} ${redirect[1]}` : cmd));

/** Lines that do not parse (status 2, nothing runs). */
const syntaxErrors = [
  "echo 'unclosed",
  'echo "unclosed',
  'echo ${',
  'echo ${a b}',
  '&& true',
  'true &&',
  '; echo a',
  'echo a ;; echo b',
  'echo a | cat',
  'echo a &',
  'cat < x',
  'echo (a)',
  'echo `pwd`',
  'echo >',
] as const;

/**
 * An arbitrary of command lines: one to four commands joined by `;`, `&&`,
 * `||` or a line break, and now and then one that does not parse.
 */
export const shellLine: fc.Arbitrary<string> = fc.oneof(
  {
    arbitrary: fc.tuple(
      redirected,
      fc.array(fc.tuple(fc.constantFrom(' ; ', ' && ', ' || ', '\n'), redirected), {
        maxLength: 3,
      }),
    ).map(([first, rest]) => first + rest.map(([op, cmd]) => op + cmd).join('')),
    weight: 9,
  },
  { arbitrary: fc.constantFrom(...syntaxErrors), weight: 1 },
);
