import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatFigure, limitRow, markdownTable, row } from './report.ts';

const peer = { name: 'bare', value: 100, unit: 'req/s' };

describe('row', () => {
  it('passes an at-least budget at the bound and fails below it', () => {
    const budget = { kind: 'at-least', ratio: 0.75, label: '≥ 0.75×' } as const;
    const base = { scenario: 's', name: 'n', comparison: peer, budget };
    assert.equal(row({ ...base, figure: { value: 75, unit: 'req/s' } }).pass, true);
    assert.equal(row({ ...base, figure: { value: 74.9, unit: 'req/s' } }).pass, false);
  });

  it('leaves the verdict out of a row without a budget', () => {
    const r = row({
      scenario: 's',
      name: 'n',
      figure: { value: 5, unit: 'req/s' },
      comparison: peer,
    });
    assert.equal(r.ratio, 0.05);
    assert.equal('pass' in r, false);
  });
});

describe('limitRow', () => {
  it('compares with the limit: at most by default, at least for a floor', () => {
    const ceiling = limitRow({
      scenario: 's',
      name: 'latency',
      figure: { value: 3, unit: 'ms' },
      limit: 2,
      label: '< 2 ms',
    });
    assert.equal(ceiling.ratio, 1.5);
    assert.equal(ceiling.pass, false);
    const floor = limitRow({
      scenario: 's',
      name: 'commands',
      figure: { value: 3000, unit: 'commands/s' },
      limit: 1000,
      label: '≥ 1,000/s',
      floor: true,
    });
    assert.equal(floor.ratio, 3);
    assert.equal(floor.pass, true);
  });
});

describe('markdownTable', () => {
  it('has a line per row and per failed scenario, and says when and where', () => {
    const table = markdownTable({
      date: '2026-11-21T12:00:00.000Z',
      mode: 'quick',
      machine: { cores: '2' },
      rows: [
        row({ scenario: 's', name: 'a', figure: { value: 80, unit: 'req/s' }, comparison: peer }),
      ],
      failures: [{ scenario: 'prism', error: 'npx failed | badly' }],
    });
    const lines = table.split('\n');
    assert.equal(lines[0], 'Measured 2026-11-21 (quick run) on cores: 2.');
    assert.equal(lines.length, 6);
    assert.equal(lines[4], '| a | 80.0 req/s | bare 100 req/s | 0.80× | — | — |');
    assert.match(lines[5], /^\| prism \| did not run: npx failed \\\| badly \|/);
  });
});

describe('markdownTable with fixes', () => {
  it('lists each fix with its finding and figures, after the rows', () => {
    const table = markdownTable({
      date: '2026-11-21T12:00:00.000Z',
      mode: 'full',
      machine: {},
      rows: [],
      failures: [],
      fixes: [{
        scenario: 'memory',
        finding: 'Arrays | reserving slots',
        change: 'Exact copies',
        before: '640 B',
        after: '375 B',
      }],
    });
    const lines = table.split('\n');
    assert.equal(
      lines.at(-1),
      '| memory | Arrays \\| reserving slots | Exact copies | 640 B | 375 B |',
    );
    assert.ok(lines.indexOf('| Scenario | Finding | Change | Before | After |') > 3);
  });
});

describe('formatFigure', () => {
  it('groups thousands and keeps three significant digits below them', () => {
    assert.equal(formatFigure({ value: 71234.6, unit: 'req/s' }), '71,235 req/s');
    assert.equal(formatFigure({ value: 1.5234, unit: 'ms' }), '1.52 ms');
    assert.equal(formatFigure({ value: 0.000123, unit: 's' }), '0.000123 s');
  });
});
