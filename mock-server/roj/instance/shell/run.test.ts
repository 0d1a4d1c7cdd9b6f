import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SandboxRecord } from '../../state.ts';
import { createSandboxFs, sandboxReadme } from './fs.ts';
import { runCommandLine } from './run.ts';

function sandbox(): SandboxRecord {
  return {
    id: 'sbx_000001',
    instanceId: 'ins_000001',
    state: 'running',
    token: 'rjs_test',
    e2bId: 'e2b_000001',
    lastActivityAt: 0,
    log: [],
    fs: createSandboxFs(),
    cwd: '/home/user',
  };
}

interface Want {
  stdout: string;
  stderr: string;
  success: boolean;
  /** Checked when given. */
  exitCode?: number;
}

const ok = (stdout: string): Want => ({ stdout, stderr: '', success: true });
const err = (stderr: string, stdout = ''): Want => ({ stdout, stderr, success: false });
const notFound = (path: string, cmd: string) => `sh: ${cmd}: ${path}: No such file or directory\n`;

/** [name, {given: command line, want}], each run in a new sandbox. */
const cases: Array<[string, { given: string; want: Want }]> = [
  // echo
  ['echo joins its arguments with spaces', { given: 'echo a  b\tc', want: ok('a b c\n') }],
  ['echo alone prints a newline', { given: 'echo', want: ok('\n') }],
  ['echo -n leaves out the newline', { given: 'echo -n a b', want: ok('a b') }],
  ['echo -n -nn are all options', { given: 'echo -n -nn a', want: ok('a') }],
  ['echo -n alone prints nothing', { given: 'echo -n', want: ok('') }],
  ['echo prints other options', { given: 'echo -e -x -- a', want: ok('-e -x -- a\n') }],
  ['echo -n after text is text', { given: 'echo a -n', want: ok('a -n\n') }],
  // true, false
  ['true succeeds', { given: 'true', want: { ...ok(''), exitCode: 0 } }],
  ['true ignores arguments', { given: 'true x y', want: ok('') }],
  ['false fails with status 1', { given: 'false', want: { ...err(''), exitCode: 1 } }],
  // pwd, cd
  ['pwd starts in the home directory', { given: 'pwd', want: ok('/home/user\n') }],
  ['cd into an absolute path', { given: 'cd /home; pwd', want: ok('/home\n') }],
  ['cd .. goes up', { given: 'cd ..; pwd', want: ok('/home\n') }],
  ['cd .. at the root stays there', { given: 'cd /; cd ../..; pwd', want: ok('/\n') }],
  ['cd without an argument goes home', { given: 'cd /; cd; pwd', want: ok('/home/user\n') }],
  ['cd ~ goes home', { given: 'cd /; cd ~; pwd', want: ok('/home/user\n') }],
  ['cd . stays', { given: 'cd .; cd ./; pwd', want: ok('/home/user\n') }],
  ['cd relative', { given: 'mkdir -p a/b; cd a; cd b; pwd', want: ok('/home/user/a/b\n') }],
  ['cd updates $PWD', { given: 'cd /home && echo $PWD', want: ok('/home\n') }],
  ['cd a missing directory', { given: 'cd /nope', want: err(notFound('/nope', 'cd')) }],
  ['cd into a file', {
    given: 'cd README.md',
    want: err('sh: cd: README.md: Not a directory\n'),
  }],
  ['cd with two arguments', { given: 'cd a b', want: err('sh: cd: too many arguments\n') }],
  ['cd to an empty path', { given: "cd ''", want: err(notFound('', 'cd')) }],
  ['a failed cd keeps the directory', {
    given: 'cd /nope; pwd',
    want: {
      stdout: '/home/user\n',
      stderr: notFound('/nope', 'cd'),
      success: true,
    },
  }],
  // ls
  ['ls lists the working directory', { given: 'ls', want: ok('README.md\n') }],
  ['ls -a adds ./, ../ and hidden entries', {
    given: 'touch .h; mkdir .d; ls -a',
    want: ok('./\n../\n.d/\n.h\nREADME.md\n'),
  }],
  ['ls puts directories first, each group sorted', {
    given: 'mkdir zd ad; touch b a .hidden; ls',
    want: ok('ad/\nzd/\nREADME.md\na\nb\n'),
  }],
  ['ls a directory', { given: 'ls /', want: ok('home/\n') }],
  ['ls a file prints its operand', { given: 'ls ./README.md', want: ok('./README.md\n') }],
  ['ls an empty directory', { given: 'mkdir e; ls e', want: ok('') }],
  ['ls several operands: files, then each directory with a heading', {
    given: 'mkdir e; ls /home README.md e /',
    want: ok('README.md\n\n/:\nhome/\n\n/home:\nuser/\n\ne:\n'),
  }],
  ['ls a missing path', {
    given: 'ls nope /',
    want: err(notFound('nope', 'ls'), '/:\nhome/\n'),
  }],
  ['ls refuses other options', { given: 'ls -l', want: err("sh: ls: invalid option -- 'l'\n") }],
  ['ls after -- reads operands', { given: 'ls -- -a', want: err(notFound('-a', 'ls')) }],
  // cat
  ['cat prints a file', { given: 'cat README.md', want: ok(sandboxReadme) }],
  ['cat concatenates files', { given: 'echo a > x; echo b > y; cat x y x', want: ok('a\nb\na\n') }],
  ['cat without operands prints nothing', { given: 'cat', want: ok('') }],
  ['cat a directory', { given: 'cat /home', want: err('sh: cat: /home: Is a directory\n') }],
  ['cat goes on after a missing file', {
    given: 'echo a > x; cat nope x',
    want: err(notFound('nope', 'cat'), 'a\n'),
  }],
  ['cat through a file', {
    given: 'cat README.md/x',
    want: err('sh: cat: README.md/x: Not a directory\n'),
  }],
  // mkdir
  ['mkdir creates a directory', { given: 'mkdir d && ls', want: ok('d/\nREADME.md\n') }],
  ['mkdir creates several', { given: 'mkdir a b && ls', want: ok('a/\nb/\nREADME.md\n') }],
  ['mkdir an existing directory', {
    given: 'mkdir d; mkdir d',
    want: err('sh: mkdir: d: File exists\n'),
  }],
  ['mkdir an existing file', {
    given: 'mkdir README.md',
    want: err('sh: mkdir: README.md: File exists\n'),
  }],
  ['mkdir without the parent', { given: 'mkdir a/b', want: err(notFound('a/b', 'mkdir')) }],
  ['mkdir -p creates the parents', {
    given: 'mkdir -p a/b/c && cd a/b/c && pwd',
    want: ok('/home/user/a/b/c\n'),
  }],
  ['mkdir -p accepts an existing directory', { given: 'mkdir -p /home/user', want: ok('') }],
  ['mkdir -p refuses an existing file', {
    given: 'mkdir -p README.md',
    want: err('sh: mkdir: README.md: File exists\n'),
  }],
  ['mkdir under a file', {
    given: 'mkdir -p README.md/x',
    want: err('sh: mkdir: README.md/x: Not a directory\n'),
  }],
  ['mkdir without operands', { given: 'mkdir', want: err('sh: mkdir: missing operand\n') }],
  ['mkdir refuses other options', {
    given: 'mkdir -v d',
    want: err("sh: mkdir: invalid option -- 'v'\n"),
  }],
  // touch
  ['touch creates an empty file', { given: 'touch f && ls && cat f', want: ok('README.md\nf\n') }],
  ['touch keeps an existing file as it is', {
    given: 'echo hi > f; touch f; cat f',
    want: ok('hi\n'),
  }],
  ['touch a directory', { given: 'touch /home', want: ok('') }],
  ['touch without the parent', { given: 'touch nope/f', want: err(notFound('nope/f', 'touch')) }],
  ['touch without operands', { given: 'touch', want: err('sh: touch: missing operand\n') }],
  // rm
  ['rm removes a file', { given: 'rm README.md && ls', want: ok('') }],
  ['rm a missing file', { given: 'rm nope', want: err(notFound('nope', 'rm')) }],
  ['rm a directory without -r', {
    given: 'mkdir d; rm d',
    want: err('sh: rm: d: Is a directory\n'),
  }],
  ['rm -r removes a tree', {
    given: 'mkdir -p d/e; touch d/e/f; rm -r d && ls',
    want: ok('README.md\n'),
  }],
  ['rm -r refuses the root', {
    given: 'rm -r /',
    want: err('sh: rm: /: Refusing to remove the root directory\n'),
  }],
  ['rm -r refuses . and ..', {
    given: 'rm -r . ../',
    want: err(
      "sh: rm: .: Refusing to remove '.' or '..'\nsh: rm: ../: Refusing to remove '.' or '..'\n",
    ),
  }],
  ['rm goes on after an error', {
    given: 'touch a; rm nope a; ls',
    want: { stdout: 'README.md\n', stderr: notFound('nope', 'rm'), success: true },
  }],
  ['rm without operands', { given: 'rm', want: err('sh: rm: missing operand\n') }],
  ['rm refuses -f', { given: 'rm -rf d', want: err("sh: rm: invalid option -- 'f'\n") }],
  ['the working directory can be removed', {
    given: 'mkdir d; cd d; rm -r ../d; pwd; ls',
    want: err(notFound('.', 'ls'), '/home/user/d\n'),
  }],
  // env
  ['env prints the environment, sorted', {
    given: 'cd /home; env',
    want: ok(
      'HOME=/home/user\nPWD=/home\nROJ_INSTANCE_ID=ins_000001\nROJ_SANDBOX_ID=sbx_000001\n' +
        'ROJ_SANDBOX_TOKEN=rjs_test\nUSER=user\n',
    ),
  }],
  ['env takes no arguments', { given: 'env x', want: err('sh: env: too many arguments\n') }],
  // exit
  ['exit stops the line with status 0', { given: 'echo a; exit; echo b', want: ok('a\n') }],
  ['exit without N keeps the last status', {
    given: 'false; exit',
    want: { ...err(''), exitCode: 1 },
  }],
  ['exit N', { given: 'exit 3; echo b', want: { ...err(''), exitCode: 3 } }],
  ['exit N keeps the low 8 bits', { given: 'exit 256', want: { ...ok(''), exitCode: 0 } }],
  ['exit -1 is 255', { given: 'exit -1', want: { ...err(''), exitCode: 255 } }],
  ['exit of a huge number', {
    given: `exit ${'9'.repeat(40)}`,
    want: { ...err(''), exitCode: 255 },
  }],
  ['exit with a non-number stops with status 1', {
    given: 'exit abc; echo b',
    want: { ...err('sh: exit: abc: numeric argument required\n'), exitCode: 1 },
  }],
  ['exit with two arguments does not exit', {
    given: 'exit 1 2; echo b',
    want: { stdout: 'b\n', stderr: 'sh: exit: too many arguments\n', success: true },
  }],
  ['exit inside && and ||', {
    given: 'false || exit 4 && echo no',
    want: { ...err(''), exitCode: 4 },
  }],
  // operators
  ['&& runs after success', { given: 'true && echo yes', want: ok('yes\n') }],
  ['&& skips after failure', { given: 'false && echo yes', want: { ...err(''), exitCode: 1 } }],
  ['|| runs after failure', { given: 'false || echo no', want: ok('no\n') }],
  ['|| skips after success', { given: 'true || echo no', want: ok('') }],
  ['; always runs', { given: 'false; echo next', want: ok('next\n') }],
  ['&& and || are left-associative', { given: 'false && echo a || echo b', want: ok('b\n') }],
  ['a skipped command keeps the status', { given: 'true || echo a && echo b', want: ok('b\n') }],
  ['; ends an and-or list', { given: 'false && echo a; echo c', want: ok('c\n') }],
  ['success follows the last status', { given: 'true; false', want: err('') }],
  ['a trailing ; is fine', { given: 'echo a;', want: ok('a\n') }],
  ['newlines separate commands', { given: 'echo a\n\necho b\n', want: ok('a\nb\n') }],
  ['a newline may follow && and ||', { given: 'true &&\n echo a ||\n echo b', want: ok('a\n') }],
  ['an empty line does nothing', { given: '  \t ', want: ok('') }],
  ['operators need no spaces', { given: 'echo a;echo b&&echo c||echo d', want: ok('a\nb\nc\n') }],
  // quotes
  ['single quotes keep spaces', { given: "echo 'a  b'", want: ok('a  b\n') }],
  ['double quotes keep spaces', { given: 'echo "a  b"', want: ok('a  b\n') }],
  ['single quotes keep everything literal', {
    given: `echo '$HOME "x" \\ ; && > #'`,
    want: ok('$HOME "x" \\ ; && > #\n'),
  }],
  ['quotes join into one word', { given: `echo a"b"'c'd`, want: ok('abcd\n') }],
  ['an empty quoted word is an argument', { given: 'echo \'\' x ""', want: ok(' x \n') }],
  ['a backslash quotes the next character', {
    given: 'echo a\\ b \\$HOME \\\\',
    want: ok('a b $HOME \\\n'),
  }],
  ['backslashes in double quotes', { given: 'echo "a\\"b\\\\c\\d\\$"', want: ok('a"b\\c\\d$\n') }],
  ['a trailing backslash is text', { given: 'echo a\\', want: ok('a\\\n') }],
  ['a backslash-newline joins lines', { given: 'echo a\\\nb', want: ok('ab\n') }],
  ['operators inside quotes are text', {
    given: `echo "a;b" 'c&&d' "e|f>g"`,
    want: ok('a;b c&&d e|f>g\n'),
  }],
  ['# starts a comment', { given: 'echo a # b; echo c\necho d', want: ok('a\nd\n') }],
  ['# inside a word is text', { given: "echo a#b '#c'", want: ok('a#b #c\n') }],
  // expansion
  ['$NAME and ${NAME} expand', { given: 'echo $HOME ${USER}x', want: ok('/home/user userx\n') }],
  ['the sandbox variables', {
    given: 'echo $ROJ_SANDBOX_ID $ROJ_INSTANCE_ID $ROJ_SANDBOX_TOKEN',
    want: ok('sbx_000001 ins_000001 rjs_test\n'),
  }],
  ['a name runs as far as it can', { given: 'echo $HOMEx', want: ok('\n') }],
  ['an unset variable disappears', { given: 'echo a $NOPE b', want: ok('a b\n') }],
  ['a quoted unset variable is an empty argument', { given: 'echo "$NOPE" b', want: ok(' b\n') }],
  ['double quotes expand', { given: 'echo "[$USER]"', want: ok('[user]\n') }],
  ['single quotes do not expand', { given: "echo '$USER'", want: ok('$USER\n') }],
  ['$? is the last status', {
    given: 'false; echo $?; nope; echo ${?}',
    want: {
      stdout: '1\n127\n',
      stderr: 'sh: nope: command not found\n',
      success: true,
    },
  }],
  ['positional parameters are empty', { given: 'echo a$1b ${10}', want: ok('ab\n') }],
  ['a lone $ is text', { given: 'echo $ a$ "$" $-', want: ok('$ a$ $ $-\n') }],
  ['~ expands at the start of a word', {
    given: 'echo ~ ~/x a~ \'~\' "~" ~user',
    want: ok('/home/user /home/user/x a~ ~ ~ ~user\n'),
  }],
  ['a command made of nothing does nothing', { given: '$NOPE', want: ok('') }],
  ['an expanded command name runs', {
    given: 'X=1; $NOPE echo a',
    want: {
      stdout: 'a\n',
      stderr: 'sh: X=1: command not found\n',
      success: true,
    },
  }],
  // redirects
  ['> writes a file', { given: 'echo hi > f; cat f', want: ok('hi\n') }],
  ['> replaces', { given: 'echo a > f; echo b > f; cat f', want: ok('b\n') }],
  ['>> appends', { given: 'echo a > f; echo b >> f; cat f', want: ok('a\nb\n') }],
  ['>> creates', { given: 'echo a >> f; cat f', want: ok('a\n') }],
  ['redirects need no spaces', { given: 'echo a>f;echo b>>f; cat f', want: ok('a\nb\n') }],
  ['a redirect may come first', { given: '> f echo a; cat f', want: ok('a\n') }],
  ['a redirect alone creates an empty file', {
    given: '> f; ls; cat f',
    want: ok('README.md\nf\n'),
  }],
  ['every redirect is opened; the last gets the output', {
    given: 'echo old > f; echo a > f > g; cat f; echo -; cat g',
    want: ok('-\na\n'),
  }],
  ['redirect targets expand', { given: 'echo a > "$HOME/h"; cat ~/h', want: ok('a\n') }],
  ['stderr is not redirected', {
    given: 'cat nope > f; cat f',
    want: { stdout: '', stderr: notFound('nope', 'cat'), success: true },
  }],
  ['an unknown command still opens the file', {
    given: 'nope > f; ls',
    want: { stdout: 'README.md\nf\n', stderr: 'sh: nope: command not found\n', success: true },
  }],
  ['a redirect to a directory', {
    given: 'echo a > /home',
    want: err('sh: /home: Is a directory\n'),
  }],
  ['a redirect into a missing directory runs nothing', {
    given: 'echo a > nope/f',
    want: err('sh: nope/f: No such file or directory\n'),
  }],
  ['a redirect to nothing', {
    given: 'echo a > $NOPE',
    want: err('sh: $NOPE: ambiguous redirect\n'),
  }],
  ['a redirect without a file', {
    given: 'echo a >',
    want: { ...err("sh: syntax error: missing file name after '>'\n"), exitCode: 2 },
  }],
  ['a redirect before an operator', {
    given: 'echo a >> ; echo b',
    want: { ...err("sh: syntax error: missing file name after '>>'\n"), exitCode: 2 },
  }],
  // errors
  ['an unknown command', {
    given: 'nope a b',
    want: { ...err('sh: nope: command not found\n'), exitCode: 127 },
  }],
  ['commands are case-sensitive', { given: 'ECHO a', want: err('sh: ECHO: command not found\n') }],
  ['an empty command name', { given: "''", want: err('sh: : command not found\n') }],
  ...([
    ["echo 'a", "missing closing '"],
    ['echo "a', 'missing closing "'],
    ['echo ${HOME', "missing closing '}'"],
    ['echo ${a-b}', 'bad substitution'],
    ['echo ${}', 'bad substitution'],
    ['echo a | cat', "'|' is not supported"],
    ['echo a & echo b', "'&' is not supported"],
    ['cat < f', "'<' is not supported"],
    ['(echo a)', "'(' is not supported"],
    ['echo `pwd`', "'`' is not supported"],
    ['; echo a', "unexpected ';'"],
    ['echo a;; echo b', "unexpected ';'"],
    ['&& echo a', "unexpected '&&'"],
    ['echo a && || echo b', "unexpected '||'"],
    ['echo a ||', "unexpected end after '||'"],
    ['echo a &&\n', "unexpected end after '&&'"],
  ] as const).map(([given, error]): [string, { given: string; want: Want }] => [
    `syntax error: ${JSON.stringify(given)}`,
    { given, want: { ...err(`sh: syntax error: ${error}\n`), exitCode: 2 } },
  ]),
  ['a syntax error runs nothing', {
    given: "echo a; echo 'b",
    want: { ...err("sh: syntax error: missing closing '\n"), exitCode: 2 },
  }],
  // limits
  ['stdout is capped at 64 KiB', {
    given: `echo ${'x'.repeat(70_000)}`,
    want: ok('x'.repeat(65_536)),
  }],
  ['the cap never splits a character', {
    given: `echo ${'é'.repeat(40_000)}`,
    want: ok('é'.repeat(32_768)),
  }],
  ['stderr is capped at 64 KiB', {
    given: 'nope;'.repeat(5_000),
    want: err('sh: nope: command not found\n'.repeat(5_000).slice(0, 65_536)),
  }],
  ['the file tree is capped at 1 MiB', {
    given: `echo ${'x'.repeat(600_000)} > a; echo ${'x'.repeat(600_000)} > b; ls`,
    want: {
      stdout: 'README.md\na\nb\n',
      stderr: 'sh: b: No space left on device\n',
      success: true,
    },
  }],
  ['appending past the cap fails and keeps the file', {
    given: `echo -n ${'x'.repeat(1_040_000)} > big; echo a > f; echo ${
      'y'.repeat(10_000)
    } >> f; cat f`,
    want: { stdout: 'a\n', stderr: 'sh: f: No space left on device\n', success: true },
  }],
  ['a command longer than 1 MiB of arguments', {
    given: `echo ${'x'.repeat(1_100_000)}`,
    want: err('sh: echo: Argument list too long\n'),
  }],
  ['a name longer than 255 bytes', {
    given: `touch ${'n'.repeat(256)}; touch ${'n'.repeat(255)} && echo ok`,
    want: {
      stdout: 'ok\n',
      stderr: `sh: touch: ${'n'.repeat(256)}: File name too long\n`,
      success: true,
    },
  }],
  ['thousands of .. stop at the root', {
    given: `cd ${'../'.repeat(5_000)}; pwd`,
    want: ok('/\n'),
  }],
  ['a deep tree', {
    given: `mkdir -p ${'d/'.repeat(3_000)} && cd ${'d/'.repeat(3_000)} && cd ${
      '../'.repeat(2_999)
    } && pwd && cd && rm -r d && ls`,
    want: ok('/home/user/d\nREADME.md\n'),
  }],
];

describe('runCommandLine', () => {
  for (const [name, { given, want }] of cases) {
    it(name, () => {
      const result = runCommandLine(sandbox(), given);
      assert.deepEqual(
        { stdout: result.stdout, stderr: result.stderr, success: result.success },
        { stdout: want.stdout, stderr: want.stderr, success: want.success },
      );
      if (want.exitCode !== undefined) assert.equal(result.exitCode, want.exitCode);
    });
  }

  it('keeps the working directory and the files between command lines', () => {
    const box = sandbox();
    runCommandLine(box, 'mkdir -p a/b && cd a && echo x > b/f');
    assert.equal(box.cwd, '/home/user/a');
    assert.equal(runCommandLine(box, 'cat b/f; pwd').stdout, 'x\n/home/user/a\n');
  });

  it('changes nothing on a syntax error', () => {
    const box = sandbox();
    const before = structuredClone(box);
    runCommandLine(box, "mkdir d; cd d; echo 'x");
    assert.deepEqual(box, before);
  });

  it('fills the tree only up to its cap, through many command lines', () => {
    const box = sandbox();
    const chunk = 'x'.repeat(100_000);
    const answers = Array.from(
      { length: 12 },
      (_, i) => runCommandLine(box, `echo ${chunk} > f${i}`),
    );
    assert.deepEqual(
      answers.map((a) => a.success),
      [...Array(10).fill(true), false, false],
    );
    assert.equal(answers[10].stderr, 'sh: f10: No space left on device\n');
    // Removing a file frees its room.
    assert.equal(runCommandLine(box, `rm f0 f10 f11 && echo ${chunk} > g`).success, true);
  });
});
