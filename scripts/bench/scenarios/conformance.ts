/**
 * `conformance`: commands per second of the conformance suite with the
 * reference mock in this process, the way scripts/bench-conformance.ts
 * measures them: `runConformance` in batches of sequences, counting the
 * commands each batch ran. Three modes, one batch of each per round, in turn:
 *
 * - the mock in process, without the `auth.expiry` command: what the suite's
 *   machinery and the mock cost (budget: at least 1,000 commands/s);
 * - the mock in its own process over loopback HTTP, the same commands, as
 *   `deno task conformance --target http://127.0.0.1:8787` runs against a
 *   local mock; compared with the first;
 * - the mock in process with every command: `auth.expiry` waits on purpose,
 *   once per sequence that draws it, for a token to expire (a second or more),
 *   so this figure is mostly sleep; compared with the first.
 *
 * Every batch must conform; a divergence would make the figures meaningless.
 *
 * @module
 */
import { allCommands } from '../../../conformance/commands/mod.ts';
import { defaultConfig, type Endpoint, runConformance } from '../../../conformance/mod.ts';
import { createMockServer, defaultApiKey } from '../../../mock-server/mod.ts';
import { startBenchServer } from '../process.ts';
import { type BenchRow, limitRow, row } from '../report.ts';
import type { Scenario } from '../scenario.ts';
import { roundOrder } from './client-rounds.ts';

/** One way of running the suite, and what it has run so far. */
interface Mode {
  name: string;
  target: Endpoint;
  /** The `only` filter; none runs every command. */
  only?: string;
  /** Sequences per batch. */
  runs: number;
  commands: number;
  sequences: number;
  seconds: number;
  batches: number;
}

/** Every command but the one that waits on purpose. */
function withoutWaits(): string {
  return allCommands(defaultConfig()).map((c) => c.name)
    .filter((name) => name !== 'auth.expiry').join(',');
}

function perSecond(mode: Mode): number {
  return mode.commands / mode.seconds;
}

/** The scenario. */
export const conformanceScenario: Scenario = {
  name: 'conformance',
  title: 'Conformance commands per second, reference in process: mock in process and over HTTP',
  async run(ctx) {
    ctx.progress('starting the mock on Deno for the loopback mode');
    const server = await startBenchServer({
      runtime: 'deno',
      entry: 'scripts/bench/servers/roj-mock.ts',
      // A fresh store, as the reference's: the suite compares every answer with it.
      args: ['--instances', '0', '--sessions', '0'],
      root: ctx.root,
      scratch: ctx.scratch,
    });
    try {
      const only = withoutWaits();
      const inProcess = {
        url: 'http://target.test',
        apiKey: defaultApiKey,
        fetch: createMockServer().fetch,
      };
      const mode = (name: string, target: Endpoint, runs: number, filter?: string): Mode => ({
        name,
        target,
        only: filter,
        runs,
        commands: 0,
        sequences: 0,
        seconds: 0,
        batches: 0,
      });
      const modes = [
        mode('in process, without waits', inProcess, 40, only),
        mode(
          'over loopback HTTP, without waits',
          { url: server.url, apiKey: defaultApiKey },
          40,
          only,
        ),
        mode('in process, with auth.expiry waits', inProcess, 10),
      ];
      // Uncounted: the first batch of a mode pays for the JIT and the connection pool.
      ctx.progress('warming up');
      for (const m of modes.slice(0, 2)) await batch({ ...m, runs: 10 }, 1000);
      const rounds = ctx.quick ? 2 : 25;
      const maxMs = ctx.quick ? 3_000 : 50_000;
      const started = performance.now();
      for (let round = 0; round < rounds; round++) {
        if (round >= 1 && performance.now() - started > maxMs) break;
        for (const m of roundOrder(modes, round)) await batch(m, round + 1);
        ctx.progress(
          `round ${round + 1}/${rounds}: ` +
            modes.map((m) => `${m.name} ${Math.round(perSecond(m))}/s`).join('; '),
        );
      }
      const [fast, http, waits] = modes;
      const notes = (m: Mode) =>
        `${m.commands} commands in ${m.sequences} sequences, ${m.batches} batches of ${m.runs} ` +
        `(seeds 1–${m.batches}), ${m.seconds.toFixed(1)} s`;
      return [
        limitRow({
          scenario: conformanceScenario.name,
          name: 'Conformance, mock in process, without auth.expiry waits',
          figure: { value: perSecond(fast), unit: 'commands/s' },
          limit: 1000,
          floor: true,
          label: '≥ 1,000/s',
          notes: `${notes(fast)}; target and reference mocks in the bench process`,
        }),
        row({
          scenario: conformanceScenario.name,
          name: 'Conformance, mock over loopback HTTP, without auth.expiry waits',
          figure: { value: perSecond(http), unit: 'commands/s' },
          comparison: { name: 'mock in process', value: perSecond(fast), unit: 'commands/s' },
          notes: `${notes(http)}; target: the mock on Deno in its own process, reference in ` +
            `process; no budget of its own`,
        }),
        row({
          scenario: conformanceScenario.name,
          name: 'Conformance, mock in process, every command (auth.expiry waits)',
          figure: { value: perSecond(waits), unit: 'commands/s' },
          comparison: { name: 'without waits', value: perSecond(fast), unit: 'commands/s' },
          notes: `${notes(waits)}; auth.expiry sleeps until a token has expired (≥ 1.1 s, at ` +
            `most once per sequence), so this is mostly waiting; no budget`,
        }),
      ] satisfies BenchRow[];
    } finally {
      await server.stop();
    }
  },
};

/** Runs one batch of `mode.runs` sequences from `seed` and adds what it ran to `mode`. */
async function batch(mode: Mode, seed: number): Promise<void> {
  const started = performance.now();
  const result = await runConformance({
    target: mode.target,
    runs: mode.runs,
    seed,
    only: mode.only,
  });
  mode.seconds += (performance.now() - started) / 1000;
  if (!result.ok) {
    throw new Error(
      `Conformance ${mode.name}, seed ${seed}: ${
        result.error ?? result.divergence?.message ?? 'did not conform'
      }; the figures would mean nothing`,
    );
  }
  mode.commands += result.progress.commands;
  mode.sequences += result.progress.runs;
  mode.batches++;
}
