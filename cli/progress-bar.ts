/**
 * One frame of a progress bar, as text: `label ██████░░░░ 60% 3/5 detail`. Pure, so that tests
 * can pin every frame; ./progress.ts decides when and where frames are drawn.
 *
 * @module
 */

/** What a frame shows. */
export interface ProgressFrame {
  /** What is progressing, e.g. `conformance`. */
  label: string;
  /** Steps done; clamped to `0…total`. */
  done: number;
  /** Steps in all; 0 shows a full bar. */
  total: number;
  /** Free text after the counts, e.g. `512 commands, 1200/s`; cut to fit. */
  detail?: string;
}

/** How a frame is laid out. */
export interface FrameLayout {
  /** Cells of the bar itself. Default 20. */
  barWidth?: number;
  /**
   * The terminal's width. The frame stays one column narrower, so that it never wraps: a
   * wrapped line cannot be redrawn in place. Default 80.
   */
  columns?: number;
}

/**
 * Renders one frame.
 *
 * @param frame The label, the counts and the detail.
 * @param layout The bar's width and the terminal's.
 * @returns One line without a line break, at most `columns - 1` characters.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { renderProgressFrame } from './progress-bar.ts';
 * assert.equal(
 *   renderProgressFrame({ label: 'codegen', done: 1, total: 4, detail: 'roj' }, { barWidth: 8 }),
 *   'codegen ██░░░░░░  25% 1/4 roj',
 * );
 * ```
 */
export function renderProgressFrame(frame: ProgressFrame, layout: FrameLayout = {}): string {
  const width = Math.max(1, layout.barWidth ?? 20);
  const total = Math.max(0, frame.total);
  const done = Math.min(Math.max(0, frame.done), total);
  const ratio = total === 0 ? 1 : done / total;
  const filled = Math.round(ratio * width);
  const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
  const percent = `${Math.floor(ratio * 100)}%`.padStart(4);
  const line = `${frame.label} ${bar} ${percent} ${done}/${total}` +
    (frame.detail ? ` ${frame.detail.replace(/\s+/g, ' ')}` : '');
  return cut(line, Math.max(10, (layout.columns ?? 80) - 1));
}

/** Cuts text to `max` characters (code points), marking the cut with `…`. */
function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
