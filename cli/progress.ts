/**
 * Progress of a long run (conformance runs, bench scenarios, codegen targets) on stderr:
 *
 * - `bar` on a terminal: one line redrawn in place (./progress-bar.ts), with log lines above it;
 * - `lines` when stderr is not a terminal, or in CI (`CI` set and not `false` or `0`): the log
 *   lines only, one per phase, and never a carriage return;
 * - `off` with `--quiet`: nothing.
 *
 * Results and errors never go through here: they are printed whatever the mode.
 *
 * @module
 */
import type { CliEnv } from './color.ts';
import type { TerminalIo } from './io.ts';
import { renderProgressFrame } from './progress-bar.ts';

/** How progress is shown. */
export type ProgressMode = 'bar' | 'lines' | 'off';

/**
 * Whether the environment says this is a CI run: `CI` set, and not empty, `0` or `false`.
 *
 * @param env The environment.
 * @returns `true` in CI.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { isCi } from './progress.ts';
 * assert.equal(isCi({ CI: 'true' }), true);
 * assert.equal(isCi({ CI: 'false' }), false);
 * ```
 */
export function isCi(env: CliEnv): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

/**
 * Decides how to show progress.
 *
 * @param io Whether stderr is a terminal, and the environment (`CI`, `TERM`).
 * @param options `quiet`: show none.
 * @returns `off` when quiet; `lines` in CI, on a dumb terminal or when stderr is not a
 * terminal; else `bar`.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { progressMode } from './progress.ts';
 * assert.equal(progressMode({ stderrIsTerminal: true, env: {} }), 'bar');
 * assert.equal(progressMode({ stderrIsTerminal: true, env: { CI: 'true' } }), 'lines');
 * assert.equal(progressMode({ stderrIsTerminal: false }), 'lines');
 * assert.equal(progressMode({ stderrIsTerminal: true }, { quiet: true }), 'off');
 * ```
 */
export function progressMode(
  io: Pick<TerminalIo, 'stderrIsTerminal' | 'env'>,
  options: { quiet?: boolean } = {},
): ProgressMode {
  if (options.quiet) return 'off';
  const env = io.env ?? {};
  if (!io.stderrIsTerminal || isCi(env) || env.TERM === 'dumb') return 'lines';
  return 'bar';
}

/** Options of {@linkcode ProgressReporter}. */
export interface ProgressOptions {
  /** How to show progress, e.g. from {@linkcode progressMode}. */
  mode: ProgressMode;
  /** The bar's label, e.g. `conformance`. */
  label: string;
  /** Steps in all. */
  total: number;
}

const clearLine = '\r\x1b[2K';

/**
 * Shows a long run's progress on stderr.
 *
 * @example A bar on a terminal, cleared at the end
 * ```ts
 * import assert from 'node:assert/strict';
 * import { ProgressReporter } from './progress.ts';
 * let err = '';
 * const io = { stdout: () => {}, stderr: (text: string) => err += text, columns: 60 };
 * const progress = new ProgressReporter(io, { mode: 'bar', label: 'bench', total: 2 });
 * progress.update(1, 'throughput');
 * progress.finish();
 * assert.equal(err, '\r\x1b[2Kbench ██████████░░░░░░░░░░  50% 1/2 throughput\r\x1b[2K');
 * ```
 */
export class ProgressReporter {
  #io: Pick<TerminalIo, 'stderr' | 'columns'>;
  #options: ProgressOptions;
  #done = 0;
  #detail: string | undefined;
  #drawn: string | undefined;

  /**
   * Starts showing progress; nothing is drawn until the first {@linkcode update} or {@linkcode log}.
   *
   * @param io Where to write (stderr), and the terminal's width.
   * @param options The mode, the label and the number of steps.
   */
  constructor(io: Pick<TerminalIo, 'stderr' | 'columns'>, options: ProgressOptions) {
    this.#io = io;
    this.#options = options;
  }

  /** How progress is shown. */
  get mode(): ProgressMode {
    return this.#options.mode;
  }

  /**
   * Moves the bar. Shown in `bar` mode only: logs keep one line per phase, from {@linkcode log}.
   *
   * @param done Steps done so far.
   * @param detail What is going on, after the counts.
   */
  update(done: number, detail?: string): void {
    this.#done = done;
    this.#detail = detail;
    if (this.#options.mode === 'bar') this.#draw();
  }

  /**
   * Prints a line that stays: above the bar in `bar` mode, as is in `lines` mode.
   *
   * @param line The line, without its line break.
   */
  log(line: string): void {
    const { mode } = this.#options;
    if (mode === 'off') return;
    if (mode === 'lines') return this.#io.stderr(`${line}\n`);
    const redraw = this.#drawn !== undefined;
    this.#io.stderr(`${redraw ? clearLine : ''}${line}\n`);
    this.#drawn = undefined;
    if (redraw) this.#draw();
  }

  /** Clears the bar, so that what follows starts on a clean line. */
  finish(): void {
    if (this.#drawn !== undefined) this.#io.stderr(clearLine);
    this.#drawn = undefined;
  }

  #draw(): void {
    const frame = renderProgressFrame({
      label: this.#options.label,
      done: this.#done,
      total: this.#options.total,
      detail: this.#detail,
    }, { columns: this.#io.columns });
    if (frame === this.#drawn) return;
    this.#io.stderr(`${clearLine}${frame}`);
    this.#drawn = frame;
  }
}
