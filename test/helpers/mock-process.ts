/**
 * Starts the mock as a real process, as a user would, and stops it without leaking anything;
 * and runs other programs (the conformance CLI, litmus) to their end.
 *
 * The process runs in a process group of its own (`detached`), so that stopping it reaches its
 * children too: `deno task` and `npx` run the real server as a child. It must print the banner
 * line `… listening on http://host:port` (see mock-server/serve/banner.ts); with `--port 0` that
 * line is how the test learns the port, so ports never collide.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import process from 'node:process';

/** A running mock process. */
export interface MockProcess {
  /** The mock's origin, from its banner. */
  url: string;
  /** Everything it printed so far, stdout and stderr interleaved. */
  output(): string;
  /**
   * Sends `signal` (default SIGTERM) to the process and waits for it and its process group to
   * exit; SIGKILL to the group after `graceMs`. Idempotent.
   */
  stop(signal?: 'SIGTERM' | 'SIGINT'): Promise<ProcessExit>;
  /**
   * SIGKILLs the process and its process group at once, as a crash or the OOM killer would: no
   * handler runs. Waits for it to exit.
   */
  kill(): Promise<ProcessExit>;
}

/** How a process ended. */
export interface ProcessExit {
  /** The exit code, or `null` when a signal ended it. */
  code: number | null;
  /** The signal that ended it, if any. */
  signal: string | null;
}

/** Options of {@linkcode startMockProcess}. */
export interface StartOptions {
  /** The working directory. */
  cwd: string;
  /** Variables added to this process's environment. */
  env?: Record<string, string>;
  /** How long it may take to print the banner and answer `/health`. Default 60 s. */
  startMs?: number;
  /** How long `stop` waits before SIGKILL. Default 10 s. */
  graceMs?: number;
}

const running = new Set<number>();
// A safety net for a test process that dies mid-run: leave no server behind.
process.on('exit', () => {
  for (const pid of running) killGroup(pid, 'SIGKILL');
});

/**
 * Starts a mock process and waits until it answers `GET /health`.
 *
 * @param command The program.
 * @param args Its arguments.
 * @param options Working directory, extra environment and time limits.
 * @returns The running process.
 * @throws {Error} When it exits or stays silent before listening, with everything it printed.
 */
export async function startMockProcess(
  command: string,
  args: readonly string[],
  options: StartOptions,
): Promise<MockProcess> {
  const child = spawn(command, [...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => output += chunk);
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => output += chunk);
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => {
      if (child.pid !== undefined) running.delete(child.pid);
      resolve({ code, signal });
    });
  });
  const started = new Promise<void>((resolve, reject) => {
    child.once('spawn', () => resolve());
    child.once('error', reject);
  });
  await started;
  const pid = child.pid!;
  running.add(pid);

  let stopping: Promise<ProcessExit> | undefined;
  const stop = (signal: 'SIGTERM' | 'SIGINT' = 'SIGTERM') =>
    stopping ??= (async () => {
      // Signal the process itself, as a terminal's Ctrl+C or a supervisor would reach it; a
      // wrapper such as `deno task` forwards it. Signalling the whole group would race the
      // wrapper's own exit against its child's clean shutdown.
      signalProcess(pid, signal);
      const graceEnds = Date.now() + (options.graceMs ?? 10_000);
      const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), options.graceMs ?? 10_000);
      const exit = await exited;
      // Children of a wrapper (deno task, npx) may outlive it: they are in its group.
      while (groupAlive(pid) && Date.now() < graceEnds) await sleep(25);
      clearTimeout(timer);
      killGroup(pid, 'SIGKILL');
      return exit;
    })();

  const deadline = Date.now() + (options.startMs ?? 60_000);
  let gone: ProcessExit | undefined;
  void exited.then((exit) => gone = exit);
  try {
    let url: string | undefined;
    while (url === undefined) {
      url = output.match(/listening on (http:\/\/\S+)/)?.[1];
      if (url !== undefined) break;
      if (gone) throw new Error(`Exited (${describeExit(gone)}) before listening`);
      if (Date.now() > deadline) throw new Error('Did not print its URL in time');
      await sleep(25);
    }
    while (!(await healthy(url))) {
      if (gone) throw new Error(`Exited (${describeExit(gone)}) before answering /health`);
      if (Date.now() > deadline) throw new Error(`${url}/health did not answer in time`);
      await sleep(25);
    }
    const kill = async () => {
      killGroup(pid, 'SIGKILL');
      const exit = await exited;
      const gone = Date.now() + 5_000;
      while (groupAlive(pid) && Date.now() < gone) await sleep(10);
      return exit;
    };
    return { url, output: () => output, stop, kill };
  } catch (error) {
    await stop();
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${command} ${args.join(' ')}: ${message}. It printed:\n${output}`);
  }
}

/** What {@linkcode runProcess} answers. */
export interface ProcessResult {
  /** The exit code, or `null` when a signal ended it. */
  code: number | null;
  /** What it printed on stdout. */
  stdout: string;
  /** What it printed on stderr. */
  stderr: string;
  /** Both, interleaved as they arrived. */
  output: string;
}

/**
 * Runs a program to its end without blocking this process's event loop (a test may be serving
 * what the program calls).
 *
 * @param command The program.
 * @param args Its arguments.
 * @param options Working directory and variables added to this process's environment (colour
 * and Deno's update check are off).
 * @returns Its exit code and output.
 * @throws {Error} When it cannot be started.
 */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let output = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      output += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr, output }));
  });
}

/**
 * Describes how a process ended.
 *
 * @param exit The exit.
 * @returns E.g. `exit code 2` or `signal SIGKILL`.
 */
export function describeExit(exit: ProcessExit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

function signalProcess(pid: number, signal: 'SIGTERM' | 'SIGINT'): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

function killGroup(pid: number, signal: 'SIGTERM' | 'SIGINT' | 'SIGKILL'): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
