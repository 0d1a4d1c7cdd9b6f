import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { packageVersion } from '../cli/version.ts';
import { codegenUnavailable, nodeCommands } from './commands.ts';
import { type RojCommand, rojUsage, runRoj } from './roj.ts';

/** Captures what a command line writes. */
function capture(stderrIsTerminal = false) {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: (text: string) => void (stdout += text),
    stderr: (text: string) => void (stderr += text),
    stderrIsTerminal,
    env: stderrIsTerminal ? { TERM: 'xterm-256color' } : {},
  };
  return { io, out: () => stdout, err: () => stderr };
}

/** A `roj` whose commands record their arguments and exit with `code`. */
function setup(code = 0, stderrIsTerminal = false) {
  const calls: [string, readonly string[]][] = [];
  const command = (name: string): RojCommand => ({
    summary: `Run ${name}`,
    example: `roj ${name} --flag`,
    run(args) {
      calls.push([name, args]);
      return Promise.resolve(code);
    },
  });
  const { io, out, err } = capture(stderrIsTerminal);
  const commands = { mock: command('mock'), conformance: command('conformance') };
  const roj = (args: readonly string[]) => runRoj(args, commands, io);
  return { roj, calls, out, err };
}

describe('roj', () => {
  it('hands the flags after the command to it, and exits with its code', async () => {
    const { roj, calls, out, err } = setup(1);
    assert.equal(await roj(['conformance', '--target', 'http://x', '--help']), 1);
    assert.deepEqual(calls, [['conformance', ['--target', 'http://x', '--help']]]);
    assert.equal(out() + err(), '');
  });

  it('--help lists every command with its example, and exits 0', async () => {
    for (const flag of ['--help', '-h', 'help']) {
      const { roj, calls, out } = setup();
      assert.equal(await roj([flag]), 0);
      assert.deepEqual(calls, []);
      assert.match(out(), /^Usage: roj <command> \[options\]\n/);
      assert.match(out(), /\nCommands:\n {2}mock +Run mock\n {2}conformance +Run conformance\n/);
      assert.match(out(), /\n {2}# Run mock\n {2}roj mock --flag\n/);
      assert.match(out(), /\n {2}# Run conformance\n {2}roj conformance --flag\n/);
      assert.match(out(), /\n {2}-V, --version +Print the version/);
    }
  });

  it('--version prints `roj` and the version alone, and exits 0', async () => {
    for (const flag of ['--version', '-V']) {
      const { roj, out } = setup();
      assert.equal(await roj([flag]), 0);
      assert.equal(out(), `roj ${packageVersion}\n`);
    }
  });

  it('an unknown command exits 2 with an error line naming the commands, and a hint', async () => {
    const { roj, calls, out, err } = setup();
    assert.equal(await roj(['serve', '--port', '0']), 2);
    assert.deepEqual(calls, []);
    assert.equal(out(), '');
    assert.equal(
      err(),
      'error: Unknown command serve; the commands are mock or conformance\n' +
        'hint: Run roj --help to see the commands\n',
    );
  });

  it('a flag where the command goes is an unknown command', async () => {
    const { roj, err } = setup();
    assert.equal(await roj(['--port', '0']), 2);
    assert.match(err(), /^error: Unknown command --port;/);
  });

  it('no command exits 2 and names the commands', async () => {
    const { roj, err } = setup();
    assert.equal(await roj([]), 2);
    assert.match(err(), /^error: Missing command: the commands are mock or conformance\n/);
  });

  it('a very long unknown command is cut short in the error', async () => {
    const { roj, err } = setup();
    assert.equal(await roj(['x'.repeat(10_000)]), 2);
    assert.ok(err().split('\n')[0].length < 120, err());
    assert.match(err(), /Unknown command x{40}…;/);
  });

  it('more than 1000 arguments exit 2 before any command runs', async () => {
    const { roj, calls, err } = setup();
    assert.equal(await roj(['mock', ...Array(1_000).fill('--quiet')]), 2);
    assert.deepEqual(calls, []);
    assert.match(err(), /^error: Too many arguments: at most 1000\n/);
  });

  it('colours the error on a terminal', async () => {
    const { roj, err } = setup(0, true);
    await roj(['nope']);
    assert.ok(err().startsWith('\x1b['), JSON.stringify(err()));
    assert.match(err(), /error:.*Unknown command nope;/);
  });

  it('does not take Object.prototype names for commands', async () => {
    const { roj, err } = setup();
    assert.equal(await roj(['toString']), 2);
    assert.match(err(), /Unknown command toString;/);
  });
});

describe('roj on Node', () => {
  it('has mock, conformance and codegen, with examples that use the same flag names', () => {
    const commands = nodeCommands(capture().io);
    assert.deepEqual(Object.keys(commands), ['mock', 'conformance', 'codegen']);
    assert.match(commands.mock.example, /^roj mock --port 0/);
    assert.match(commands.conformance.example, /^roj conformance --target \S+ --api-key \S+/);
    assert.match(rojUsage(commands), /\n {2}codegen +Not in the npm package/);
  });

  it('roj codegen exits 2 and says what to run instead', async () => {
    const { io, err } = capture();
    assert.equal(await nodeCommands(io).codegen.run(['--check']), 2);
    assert.equal(
      err(),
      `error: ${codegenUnavailable}\n` +
        'hint: Run `deno task codegen` in a checkout of @roj/sdk (--help lists its options)\n',
    );
  });

  it('roj mock --help prints the mock options and exits 0, without listening', async () => {
    const { io, out } = capture();
    assert.equal(await nodeCommands(io).mock.run(['--help']), 0);
    assert.match(out(), /--port N/);
  });

  it('roj conformance without --target exits 2 with the error and a hint', async () => {
    const { io, err } = capture();
    assert.equal(await nodeCommands(io).conformance.run(['--api-key', 'roj_secret_key']), 2);
    assert.match(err(), /^error: Missing --target URL\nhint: /);
    assert.doesNotMatch(err(), /roj_secret_key/);
  });
});
