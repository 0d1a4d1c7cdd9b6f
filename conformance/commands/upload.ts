/**
 * The multipart upload, `POST /api/v1/files/upload`, with small files of
 * assorted names and media types, now and then in a part not named `file`
 * (400 at `/file`). Uploaded files are recorded for the resource commands.
 * Oversized bodies are the protocol commands' business.
 *
 * @module
 */
import fc from 'fast-check';
import type { ConformanceConfig } from '../config.ts';
import { type Model, record } from '../model.ts';
import type { Pair } from '../pair.ts';
import { type ConformanceCommand, PairCommand } from './base.ts';

/** Output of a successful upload. */
interface Uploaded {
  fileId: string;
}

/** An upload of one small file in the `file` part. */
export class UploadFile extends PairCommand {
  /**
   * Creates the command.
   *
   * @param args The part's field name, filename, media type and size in bytes.
   */
  constructor(
    readonly args: { field: string; filename: string; mimeType: string; size: number },
  ) {
    super();
  }

  /** @inheritdoc */
  describe(): string {
    const { field, mimeType, size } = this.args;
    return `files.upload(${field}=${JSON.stringify(this.#filename('<run>'))}, ${
      JSON.stringify(mimeType)
    }, ${size} B)`;
  }

  // Files cannot be deleted: their names at least say which run left them behind.
  #filename(runTag: string): string {
    const at = this.args.filename.lastIndexOf('/') + 1;
    return `${this.args.filename.slice(0, at)}conformance-${runTag}-${
      this.args.filename.slice(at)
    }`;
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    // Reports name the run generically, so a replay (another run) reads the same.
    this.shown = this.describe();
    const filename = this.#filename(model.runTag);
    const { target, reference } = await pair.exchange({
      label: 'files.upload',
      route: 'upload',
      upload: { ...this.args, filename },
    }, model);
    // The upload answers with its output itself, not wrapped in `value`.
    const t = target.status === 200 ? target.body as Uploaded : undefined;
    const r = reference.status === 200 ? reference.body as Uploaded : undefined;
    if (!t?.fileId || !r?.fileId) return;
    const created = record(model, 'file', { target: t.fileId, reference: r.fileId });
    if ('error' in created) throw new Error(created.error);
  }
}

/**
 * The upload commands.
 *
 * @param _config The target's catalogue (uploads need none of it).
 * @returns The commands.
 */
export function uploadCommands(_config: ConformanceConfig): ConformanceCommand[] {
  return [{
    name: 'files.upload',
    arbitrary: fc.record({
      field: fc.constantFrom('file', 'file', 'file', 'file', 'file', 'attachment'),
      // A path in the filename is reduced to its last segment (docs/roj-contract.md §4).
      filename: fc.constantFrom(
        'a.txt',
        'notes.md',
        'data.json',
        'photo.png',
        'report final.pdf',
        'dir/sub/b.txt',
        'no-extension',
      ),
      mimeType: fc.constantFrom(
        'text/plain',
        'text/markdown',
        'application/json',
        'image/png',
        'application/pdf',
        'application/octet-stream',
      ),
      size: fc.oneof(fc.constantFrom(0, 1, 1024), fc.nat(256)),
    }).map((args) => new UploadFile(args)),
  }];
}
