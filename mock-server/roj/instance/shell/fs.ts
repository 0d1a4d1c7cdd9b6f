/**
 * The fake shell's file system: the in-memory tree of a sandbox
 * (`SandboxRecord.fs`), path resolution, and the 1 MiB cap (contract §5.1).
 *
 * Paths are resolved lexically, as `cd` does by default: `..` removes the
 * previous component and never climbs above `/`. Every walk is a loop over the
 * path or an explicit stack, so neither a deep tree nor a path of thousands of
 * `..` can exhaust the call stack.
 *
 * @module
 */
import type { FsNode } from '../../state.ts';
import { utf8Length } from './utf8.ts';

/** A directory of the tree. */
export type DirNode = FsNode & { kind: 'dir' };

/** The most the tree may hold, in bytes (contract §5.1). */
export const fsCapBytes = 1024 * 1024;
/** What each file and directory costs besides its name and content, so empty ones are not free. */
export const nodeOverheadBytes = 64;
/** The longest name of a file or directory, in bytes of UTF-8 (Linux's `NAME_MAX`). */
export const maxNameBytes = 255;
/** The home directory, and the first working directory. */
export const homeDirectory = '/home/user';

/** Why a file system operation failed, worded as `strerror` does. */
export type FsReason =
  | 'No such file or directory'
  | 'Not a directory'
  | 'Is a directory'
  | 'File exists'
  | 'File name too long'
  | 'No space left on device';

/** A failed file system operation; commands turn it into `sh: <cmd>: <path>: <reason>`. */
export class FsError extends Error {
  /** Why it failed. */
  readonly reason: FsReason;

  /**
   * Creates the error.
   *
   * @param reason Why the operation failed.
   */
  constructor(reason: FsReason) {
    super(reason);
    this.name = 'FsError';
    this.reason = reason;
  }
}

/** The content of `/home/user/README.md` in a new sandbox. */
export const sandboxReadme = `# Roj sandbox

This sandbox is simulated by the Roj mock server. Its shell knows echo, true,
false, pwd, cd, ls, cat, mkdir, touch, rm, env and exit.
`;

/**
 * A new sandbox's tree: `/home/user/README.md` and the directories above it.
 *
 * @returns The root directory.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { createSandboxFs } from './fs.ts';
 * const root = createSandboxFs();
 * assert.equal(root.children.get('home')?.kind, 'dir');
 * ```
 */
export function createSandboxFs(): DirNode {
  const user: DirNode = {
    kind: 'dir',
    children: new Map([['README.md', { kind: 'file', content: sandboxReadme }]]),
  };
  const home: DirNode = { kind: 'dir', children: new Map([['user', user]]) };
  return { kind: 'dir', children: new Map([['home', home]]) };
}

/**
 * Resolves a path against a working directory, lexically.
 *
 * @param path The path as written: absolute, or relative to `cwd`.
 * @param cwd The absolute working directory.
 * @returns The components of the absolute path; `[]` is `/`.
 * @throws {FsError} `No such file or directory` for an empty path, as `open("")` does.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { resolvePath } from './fs.ts';
 * assert.deepEqual(resolvePath('../x/./y', '/home/user'), ['home', 'x', 'y']);
 * assert.deepEqual(resolvePath('/../..', '/home/user'), []);
 * ```
 */
export function resolvePath(path: string, cwd: string): string[] {
  if (path === '') throw new FsError('No such file or directory');
  const segments: string[] = [];
  const from = path.startsWith('/') ? path : `${cwd}/${path}`;
  for (const segment of from.split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '' && segment !== '.') segments.push(segment);
  }
  return segments;
}

/**
 * Formats resolved components as an absolute path.
 *
 * @param segments The components.
 * @returns The path, `/` for none.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { formatPath } from './fs.ts';
 * assert.equal(formatPath(['home', 'user']), '/home/user');
 * assert.equal(formatPath([]), '/');
 * ```
 */
export function formatPath(segments: readonly string[]): string {
  return `/${segments.join('/')}`;
}

/**
 * A sandbox's tree with its size known, for one command line. The size is
 * measured once when it is opened and then kept up to date by each change.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { createSandboxFs, FsError, ShellFs } from './fs.ts';
 * const fs = new ShellFs(createSandboxFs());
 * fs.makeDirectory(['tmp', 'a'], { parents: true });
 * fs.writeFile(['tmp', 'a', 'f'], { text: 'hi', append: false });
 * assert.deepEqual(fs.lookup(['tmp', 'a', 'f']), { kind: 'file', content: 'hi' });
 * assert.throws(() => fs.remove(['tmp'], { recursive: false }), FsError);
 * ```
 */
export class ShellFs {
  #root: DirNode;
  #used: number;
  // Content sizes already measured, so a big file is not measured again on every write.
  #contentBytes = new WeakMap<FsNode, number>();

  /**
   * Opens a tree.
   *
   * @param root The sandbox's root directory; changes are made to it in place.
   */
  constructor(root: DirNode) {
    this.#root = root;
    let used = 0;
    const stack: Array<[string, FsNode]> = [['', root]];
    for (let entry = stack.pop(); entry; entry = stack.pop()) {
      used += this.#cost(entry[0], entry[1]);
      if (entry[1].kind === 'dir') { for (const child of entry[1].children) stack.push(child); }
    }
    this.#used = used;
  }

  /** The bytes the tree holds, as counted against {@linkcode fsCapBytes}. */
  get usedBytes(): number {
    return this.#used;
  }

  /**
   * The node at a path.
   *
   * @param segments The resolved path.
   * @returns The node.
   * @throws {FsError} When a component is missing or is not a directory.
   */
  lookup(segments: readonly string[]): FsNode {
    let node: FsNode = this.#root;
    for (const segment of segments) {
      if (node.kind !== 'dir') throw new FsError('Not a directory');
      const child: FsNode | undefined = node.children.get(segment);
      if (!child) throw new FsError('No such file or directory');
      node = child;
    }
    return node;
  }

  /**
   * Writes a file, creating it when missing.
   *
   * @param segments The resolved path.
   * @param options The text, and whether to append it rather than replace the content.
   * @throws {FsError} When the parent is missing, the path is a directory, or the tree would pass
   * its cap (then nothing changes).
   */
  writeFile(segments: readonly string[], options: { text: string; append: boolean }): void {
    const { parent, name } = this.#parent(segments);
    const existing = parent.children.get(name);
    if (existing?.kind === 'dir') throw new FsError('Is a directory');
    const added = utf8Length(options.text);
    if (!existing) {
      this.#checkName(name);
      this.#reserve(this.#cost(name, { kind: 'file', content: '' }) + added);
      const node: FsNode = { kind: 'file', content: options.text };
      this.#contentBytes.set(node, added);
      parent.children.set(name, node);
      return;
    }
    const before = this.#sizeOf(existing);
    const after = options.append ? before + added : added;
    this.#reserve(after - before);
    existing.content = options.append ? existing.content + options.text : options.text;
    this.#contentBytes.set(existing, after);
  }

  /**
   * Creates a directory.
   *
   * @param segments The resolved path.
   * @param options `parents`: create missing parents, and accept an existing directory.
   * @throws {FsError} When it exists (without `parents`), a parent is missing (without
   * `parents`) or is a file, a name is too long, or the tree would pass its cap.
   */
  makeDirectory(segments: readonly string[], options: { parents: boolean }): void {
    // Find the deepest existing directory first, so the whole path is checked before any change.
    let node: FsNode = this.#root;
    let depth = 0;
    for (; depth < segments.length; depth++) {
      if (node.kind !== 'dir') throw new FsError('Not a directory');
      const child: FsNode | undefined = node.children.get(segments[depth]);
      if (!child) break;
      node = child;
    }
    if (depth === segments.length) {
      if (options.parents && node.kind === 'dir') return;
      throw new FsError('File exists');
    }
    if (node.kind !== 'dir') throw new FsError('Not a directory');
    if (!options.parents && depth < segments.length - 1) {
      throw new FsError('No such file or directory');
    }
    const missing = segments.slice(depth);
    let cost = 0;
    for (const name of missing) {
      this.#checkName(name);
      cost += this.#cost(name, { kind: 'dir', children: new Map() });
    }
    this.#reserve(cost);
    let dir: DirNode = node;
    for (const name of missing) {
      const child: DirNode = { kind: 'dir', children: new Map() };
      dir.children.set(name, child);
      dir = child;
    }
  }

  /**
   * Removes a file, or a directory with everything in it.
   *
   * @param segments The resolved path; not `/`.
   * @param options `recursive`: allow removing a directory.
   * @throws {FsError} When it is missing, or is a directory without `recursive`.
   */
  remove(segments: readonly string[], options: { recursive: boolean }): void {
    const { parent, name } = this.#parent(segments);
    const node = parent.children.get(name);
    if (!node) throw new FsError('No such file or directory');
    if (node.kind === 'dir' && !options.recursive) throw new FsError('Is a directory');
    let freed = 0;
    const stack: Array<[string, FsNode]> = [[name, node]];
    for (let entry = stack.pop(); entry; entry = stack.pop()) {
      freed += this.#cost(entry[0], entry[1]);
      if (entry[1].kind === 'dir') { for (const child of entry[1].children) stack.push(child); }
    }
    parent.children.delete(name);
    this.#used -= freed;
  }

  #parent(segments: readonly string[]): { parent: DirNode; name: string } {
    if (segments.length === 0) throw new FsError('Is a directory');
    const parent = this.lookup(segments.slice(0, -1));
    if (parent.kind !== 'dir') throw new FsError('Not a directory');
    return { parent, name: segments[segments.length - 1] };
  }

  #checkName(name: string): void {
    if (utf8Length(name) > maxNameBytes) throw new FsError('File name too long');
  }

  #reserve(bytes: number): void {
    if (this.#used + bytes > fsCapBytes) throw new FsError('No space left on device');
    this.#used += bytes;
  }

  #cost(name: string, node: FsNode): number {
    return nodeOverheadBytes + utf8Length(name) + (node.kind === 'file' ? this.#sizeOf(node) : 0);
  }

  #sizeOf(node: FsNode & { kind: 'file' }): number {
    let size = this.#contentBytes.get(node);
    if (size === undefined) {
      size = utf8Length(node.content);
      this.#contentBytes.set(node, size);
    }
    return size;
  }
}
