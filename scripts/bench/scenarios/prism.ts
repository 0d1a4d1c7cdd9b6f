/**
 * `prism`: the mock on Deno against Prism 5 (`@stoplight/prism-cli`), the
 * OpenAPI mock server people reach for, answering the same `instances.get`
 * call. wrk, one thread, 32 connections; the servers are loaded in turn.
 *
 * Prism runs twice, each as favourably as it allows: static examples, its
 * per-request logging off, warmed up before the first round.
 * - On our own `openapi.json`, as the issue asks. Prism answers `200` with the
 *   example of the success envelope's first `anyOf` branch, and lets any body
 *   through (see ./prism-document.ts), so it does less than the mock.
 * - On a one-operation document derived from ours, where it validates the body
 *   and answers the `instances.get` shape: the like-for-like peer, and the
 *   setup of the anchor figure (about 3k req/s).
 *
 * @module
 */
import { join } from 'node:path';
import { prismInstall, startPrism } from '../prism.ts';
import { type BenchServer, startBenchServer } from '../process.ts';
import { type BenchRow, row } from '../report.ts';
import type { Scenario } from '../scenario.ts';
import { checkCall, loadInTurn, rpcPath, rpcRequest } from './_rpc.ts';
import { oneOperationDocument } from './prism-document.ts';

const ourDocument = 'src/roj/_generated/openapi.json';

/** The scenario. */
export const prismScenario: Scenario = {
  name: 'prism',
  title: 'Mock instances.get on Deno vs Prism 5 serving our OpenAPI document (wrk, 32 connections)',
  async run(ctx) {
    ctx.progress('finding Prism 5 through npx (the first run installs it from npm)');
    const { version } = await prismInstall();
    const oneOperation = join(ctx.scratch, 'openapi-instances-get.json');
    const ours = JSON.parse(await Deno.readTextFile(join(ctx.root, ourDocument)));
    await Deno.writeTextFile(
      oneOperation,
      JSON.stringify(oneOperationDocument(ours, {
        path: rpcPath,
        request: 'PlatformInstancesGetRequest',
        success: 'PlatformInstancesGetSuccess',
      })),
    );

    const servers: BenchServer[] = [];
    try {
      ctx.progress('starting the mock on Deno and Prism on both documents');
      const mock = await startBenchServer({
        runtime: 'deno',
        entry: 'scripts/bench/servers/roj-mock.ts',
        args: ['--instances', '1000'],
        root: ctx.root,
        scratch: ctx.scratch,
      });
      servers.push(mock);
      const instanceId = (mock.info.instanceIds as string[])[0];
      const request = rpcRequest('instances.get', { instanceId });
      // Prism starts in seconds; both at once, and both stopped even when one fails.
      const started = await Promise.allSettled([
        startPrism(join(ctx.root, ourDocument), { probe: request }),
        startPrism(oneOperation, { probe: request }),
      ]);
      for (const s of started) if (s.status === 'fulfilled') servers.push(s.value);
      for (const s of started) if (s.status === 'rejected') throw s.reason;
      const [prismOurs, prismOne] = servers.slice(1);

      // Never measure errors: each must answer this very call with a success envelope.
      const answer = await checkCall(mock, request) as { instanceId?: string };
      if (answer.instanceId !== instanceId) {
        throw new Error(`The mock answered instances.get with ${JSON.stringify(answer)}`);
      }
      await checkCall(prismOurs, request);
      const narrowed = await checkCall(prismOne, request) as Record<string, unknown>;
      if (!('instanceId' in narrowed && 'createdAt' in narrowed)) {
        throw new Error(`Prism answered instances.get with ${JSON.stringify(narrowed)}`);
      }

      const targets = [
        { name: 'Deno mock', server: mock, requests: [request] },
        { name: 'Prism, our openapi.json', server: prismOurs, requests: [request] },
        { name: 'Prism, one-operation document', server: prismOne, requests: [request] },
      ];
      const results = await loadInTurn(targets, {
        // Short rounds, many of them: the machine is shared, and its bursts of load then fall
        // on every server alike.
        rounds: ctx.quick ? 1 : 5,
        seconds: 2,
        // Prism is a Node process whose JIT takes seconds to settle (≈ 580 → 1,000 req/s).
        warmupSeconds: ctx.quick ? 1 : 3,
        scratch: ctx.scratch,
        progress: ctx.progress,
      });
      const [measured, ourRun, oneRun] = targets.map((t) => results.get(t.name)!.median);
      const spread = targets.map((t) => {
        const rps = results.get(t.name)!.runs.map((r) => r.rps);
        return `${t.name} ${Math.round(Math.min(...rps))}–${Math.round(Math.max(...rps))}`;
      }).join(', ');
      const rounds = results.get(targets[0].name)!.runs.length;
      const common = `Prism ${version} on Node (static examples, -v error), warmed up; median of ` +
        `${rounds} wrk runs each, taken in turn (req/s ranges: ${spread}); 1 thread, 32 connections`;
      const rows: BenchRow[] = [
        row({
          scenario: this.name,
          name: 'Deno mock vs Prism on our openapi.json: instances.get',
          figure: { value: measured.rps, unit: 'req/s' },
          comparison: { name: 'Prism', value: ourRun.rps, unit: 'req/s' },
          budget: { kind: 'at-least', ratio: 25, label: '≥ 25×' },
          notes: `${common}. On our whole document Prism answers 200 with the first anyOf ` +
            'branch (the instances.create shape) and does not validate the body (`[]` passes)',
        }),
        row({
          scenario: this.name,
          name: 'Deno mock vs Prism on a one-operation document: instances.get',
          figure: { value: measured.rps, unit: 'req/s' },
          comparison: { name: 'Prism', value: oneRun.rps, unit: 'req/s' },
          budget: { kind: 'at-least', ratio: 25, label: '≥ 25×' },
          notes: `${common}. Our document narrowed to instances.get (body and 200 schemas), ` +
            'where Prism validates the body and answers the instances.get shape',
        }),
      ];
      return rows;
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
  },
};
