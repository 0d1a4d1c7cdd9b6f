/**
 * The machine a benchmark ran on, for the results' heading: CPU model, cores,
 * memory, and the versions of the runtimes and the load generator.
 *
 * @module
 */
import { cpus, totalmem } from 'node:os';
import { bunBinary } from './process.ts';

/**
 * Describes this machine and the tools measured with.
 *
 * @returns Name–value pairs, e.g. `{ cpu: 'AMD EPYC…', cores: '2', deno: '2.9.6' }`.
 */
export async function machineInfo(): Promise<Record<string, string>> {
  const info: Record<string, string> = {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: String(cpus().length),
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    deno: Deno.version.deno,
  };
  const versions: [string, string, string[]][] = [
    ['bun', await bunBinary().catch(() => ''), ['--version']],
    ['node', 'node', ['--version']],
    ['wrk', 'wrk', ['--version']],
  ];
  for (const [name, program, args] of versions) {
    if (!program) continue;
    try {
      const out = await new Deno.Command(program, { args, stdout: 'piped', stderr: 'piped' })
        .output();
      const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
      info[name] = text.match(/\d+\.\d+(\.\d+)?/)?.[0] ?? 'unknown';
    } catch {
      info[name] = 'missing';
    }
  }
  return info;
}
