/**
 * Problems found while reading registries. Codegen collects every problem with
 * its `file:line` and reports them together, rather than stopping at the first.
 *
 * @module
 */
import type { Node } from 'ts-morph';

/** One thing codegen cannot represent, and where it is. */
export interface Problem {
  /** Source file, relative to the project root. */
  file: string;
  /** 1-based line. */
  line: number;
  /** What is wrong and what to do instead. */
  message: string;
}

/** Collects problems. */
export class Problems {
  #items: Problem[] = [];
  #root: string;

  /**
   * Creates a collector.
   *
   * @param root Absolute project root; reported paths are relative to it.
   */
  constructor(root: string) {
    this.#root = root.replace(/\/+$/, '');
  }

  /**
   * Records a problem at a node.
   *
   * @param node Where the problem is.
   * @param message What is wrong and what to do instead.
   */
  add(node: Node, message: string): void {
    const abs = node.getSourceFile().getFilePath();
    const file = abs.startsWith(this.#root + '/') ? abs.slice(this.#root.length + 1) : abs;
    const problem = { file, line: node.getStartLineNumber(), message };
    const seen = this.#items.some((p) =>
      p.file === problem.file && p.line === problem.line && p.message === problem.message
    );
    if (!seen) this.#items.push(problem);
  }

  /** The problems so far, in order found. */
  get items(): readonly Problem[] {
    return this.#items;
  }
}

/**
 * Thrown when codegen found problems; its message lists them all as `file:line: message`.
 *
 * @example The message names every problem
 * ```ts
 * import assert from 'node:assert/strict';
 * import { CodegenError } from './problems.ts';
 * const error = new CodegenError([{ file: 'api.ts', line: 3, message: 'bigint is not JSON' }]);
 * assert.equal(error.message, 'Codegen found 1 problem:\n  api.ts:3: bigint is not JSON');
 * ```
 */
export class CodegenError extends Error {
  /** Every problem found. */
  readonly problems: readonly Problem[];

  /**
   * Creates the error.
   *
   * @param problems The problems; at least one.
   */
  constructor(problems: readonly Problem[]) {
    const n = problems.length;
    super(
      `Codegen found ${n} problem${n === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  ${p.file}:${p.line}: ${p.message}`).join('\n'),
    );
    this.name = 'CodegenError';
    this.problems = problems;
  }
}
