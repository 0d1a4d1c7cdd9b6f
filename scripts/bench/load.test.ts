import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { luaScript, parseWrkSummary } from './load.ts';

describe('luaScript', () => {
  it('sends every request in turn, with a Host header', () => {
    const script = luaScript([
      { method: 'POST', path: '/a', headers: { 'content-type': 'application/json' }, body: '{}' },
      { method: 'GET', path: '/b', headers: {} },
    ], '127.0.0.1:8080');
    assert.match(
      script,
      /wrk\.format\(\[\[POST\]\], \[\[\/a\]\], \{\[ \[\[host\]\] \] = \[\[127\.0\.0\.1:8080\]\]/,
    );
    assert.match(script, /wrk\.format\(\[\[GET\]\], \[\[\/b\]\], \{[^}]*\}, nil\)/);
    assert.match(script, /i = i % #requests \+ 1/);
  });

  it('quotes a body that contains the closing bracket of a Lua long string', () => {
    const body = 'a]]b]=]c';
    const script = luaScript([{ method: 'POST', path: '/', headers: {}, body }], 'h');
    assert.ok(script.includes(`[==[${body}]==]`), script);
  });
});

describe('parseWrkSummary', () => {
  it('turns microseconds into milliseconds and counts errors apart', () => {
    const result = parseWrkSummary(JSON.stringify({
      requests: 1000,
      durationUs: 2_000_000,
      connect: 1,
      read: 2,
      write: 0,
      timeout: 3,
      status: 4,
      p50: 100,
      p90: 200,
      p99: 2500,
      max: 10_000,
      mean: 150,
    }));
    assert.deepEqual(result, {
      requests: 1000,
      rps: 500,
      latency: { p50: 0.1, p90: 0.2, p99: 2.5, max: 10, mean: 0.15 },
      non2xx: 4,
      socketErrors: 6,
    });
  });
});
