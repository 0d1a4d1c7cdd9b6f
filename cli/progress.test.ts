import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderProgressFrame } from './progress-bar.ts';
import { isCi, progressMode, ProgressReporter } from './progress.ts';

describe('renderProgressFrame', () => {
  const cases: [string, { given: Parameters<typeof renderProgressFrame>; want: string }][] = [
    ['the start', {
      given: [{ label: 'bench', done: 0, total: 3 }, { barWidth: 6 }],
      want: 'bench ░░░░░░   0% 0/3',
    }],
    ['a third, with a detail', {
      given: [{ label: 'bench', done: 1, total: 3, detail: 'mock-throughput' }, { barWidth: 6 }],
      want: 'bench ██░░░░  33% 1/3 mock-throughput',
    }],
    ['the end', {
      given: [{ label: 'codegen', done: 3, total: 3 }, { barWidth: 6 }],
      want: 'codegen ██████ 100% 3/3',
    }],
    ['more done than planned (shrinking), clamped', {
      given: [{ label: 'c', done: 140, total: 100 }, { barWidth: 4 }],
      want: 'c ████ 100% 100/100',
    }],
    ['nothing to do', {
      given: [{ label: 'c', done: 0, total: 0 }, { barWidth: 4 }],
      want: 'c ████ 100% 0/0',
    }],
    ['a multi-line detail, on one line', {
      given: [{ label: 'c', done: 0, total: 1, detail: 'a\nb' }, { barWidth: 2 }],
      want: 'c ░░   0% 0/1 a b',
    }],
  ];
  for (const [name, { given, want }] of cases) {
    test(name, () => assert.equal(renderProgressFrame(...given), want));
  }

  test('never reaches the last column, so a redraw never wraps', () => {
    const frame = renderProgressFrame({
      label: 'conformance',
      done: 5,
      total: 10,
      detail: 'x'.repeat(200),
    }, { columns: 40 });
    assert.equal([...frame].length, 39);
    assert.ok(frame.endsWith('…'));
  });
});

describe('progressMode', () => {
  const cases: [string, { given: Parameters<typeof progressMode>; want: string }][] = [
    ['a terminal', { given: [{ stderrIsTerminal: true, env: {} }], want: 'bar' }],
    ['a pipe or a file', { given: [{ stderrIsTerminal: false, env: {} }], want: 'lines' }],
    ['CI=true on a terminal', {
      given: [{ stderrIsTerminal: true, env: { CI: 'true' } }],
      want: 'lines',
    }],
    ['CI=1 on a terminal', {
      given: [{ stderrIsTerminal: true, env: { CI: '1' } }],
      want: 'lines',
    }],
    ['CI=false on a terminal', {
      given: [{ stderrIsTerminal: true, env: { CI: 'false' } }],
      want: 'bar',
    }],
    ['a dumb terminal', {
      given: [{ stderrIsTerminal: true, env: { TERM: 'dumb' } }],
      want: 'lines',
    }],
    ['--quiet', { given: [{ stderrIsTerminal: true, env: {} }, { quiet: true }], want: 'off' }],
    ['--quiet in CI', {
      given: [{ stderrIsTerminal: false, env: { CI: 'true' } }, { quiet: true }],
      want: 'off',
    }],
  ];
  for (const [name, { given, want }] of cases) {
    test(name, () => assert.equal(progressMode(...given), want));
  }

  test('isCi reads CI as CI providers set it', () => {
    assert.deepEqual(
      ['true', 'TRUE', '1', 'woodpecker', '', '0', 'false', undefined].map((CI) => isCi({ CI })),
      [true, true, true, true, false, false, false, false],
    );
  });
});

function recorder() {
  const writes: string[] = [];
  return { writes, io: { stderr: (text: string) => void writes.push(text), columns: 60 } };
}

describe('ProgressReporter', () => {
  test('bar: redraws one line in place, keeps log lines above it, and clears it at the end', () => {
    const { writes, io } = recorder();
    const progress = new ProgressReporter(io, { mode: 'bar', label: 'bench', total: 2 });
    progress.log('bench: starting');
    progress.update(0, 'alpha');
    progress.update(0, 'alpha');
    progress.update(1, 'beta');
    progress.log('alpha done');
    progress.finish();
    assert.deepEqual(writes, [
      'bench: starting\n',
      '\r\x1b[2Kbench ░░░░░░░░░░░░░░░░░░░░   0% 0/2 alpha',
      '\r\x1b[2Kbench ██████████░░░░░░░░░░  50% 1/2 beta',
      '\r\x1b[2Kalpha done\n',
      '\r\x1b[2Kbench ██████████░░░░░░░░░░  50% 1/2 beta',
      '\r\x1b[2K',
    ]);
  });

  test('lines: one line per log and no carriage return, ever', () => {
    const { writes, io } = recorder();
    const progress = new ProgressReporter(io, { mode: 'lines', label: 'bench', total: 2 });
    progress.update(0, 'alpha');
    progress.log('alpha done');
    progress.update(1, 'beta');
    progress.log('beta done');
    progress.finish();
    assert.deepEqual(writes, ['alpha done\n', 'beta done\n']);
  });

  test('off: nothing at all', () => {
    const { writes, io } = recorder();
    const progress = new ProgressReporter(io, { mode: 'off', label: 'bench', total: 2 });
    progress.update(1, 'alpha');
    progress.log('alpha done');
    progress.finish();
    assert.deepEqual(writes, []);
  });
});
