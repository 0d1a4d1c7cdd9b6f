import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SandboxRecord } from '../state.ts';
import { appendLog, maxLogLines, tailLog } from './agent-log.ts';

function sandbox(): SandboxRecord {
  return { log: [] as string[] } as SandboxRecord;
}

const runtime = { apiKeys: ['k_live_123', ''] };

describe('appendLog', () => {
  it('redacts tokens and API keys, and keeps an entry on one line', () => {
    const box = sandbox();
    appendLog(box, { line: '$ a rjs_A-b_1 rjt_x rjw_y k_live_123\r\nb\rc\n', runtime });
    assert.deepEqual(box.log, ['$ a <redacted> <redacted> <redacted> <redacted>\\nb\\nc\\n']);
  });

  it(`keeps the last ${maxLogLines} lines`, () => {
    const box = sandbox();
    for (let i = 0; i < maxLogLines + 5; i++) appendLog(box, { line: String(i), runtime });
    assert.equal(box.log.length, maxLogLines);
    assert.equal(box.log[0], '5');
    // Lines were dropped, so even the largest request is truncated.
    assert.equal(tailLog(box, 10_000).truncated, true);
  });
});

describe('tailLog', () => {
  const cases: Array<[string, { given: [string[], number]; want: ReturnType<typeof tailLog> }]> = [
    ['an empty log', { given: [[], 5], want: { logs: '', truncated: false } }],
    ['fewer lines than asked', { given: [['a'], 5], want: { logs: 'a', truncated: false } }],
    ['as many as asked', { given: [['a', 'b'], 2], want: { logs: 'a\nb', truncated: false } }],
    ['more than asked', { given: [['a', 'b', 'c'], 2], want: { logs: 'b\nc', truncated: true } }],
  ];
  for (const [name, { given: [log, lines], want }] of cases) {
    it(name, () => assert.deepEqual(tailLog({ log } as SandboxRecord, lines), want));
  }
});
