/**
 * Checkpoint state (docs/rool-contract.md §7): a space's objects with their
 * stats, its schema and its metadata, saved and restored. Stored records are
 * never changed in place (./state.ts), so saving copies three maps and no
 * object bodies.
 *
 * @module
 */
import type { CheckpointRecord, SpaceContent, SpaceRecord } from './state.ts';

/**
 * Saves a space's content.
 *
 * @param space The space.
 * @returns The saved content, unaffected by later changes to the space.
 */
export function captureContent(space: SpaceContent): SpaceContent {
  return {
    objects: new Map(space.objects),
    schema: new Map(space.schema),
    metadata: new Map(space.metadata),
  };
}

/**
 * Restores saved content into a space.
 *
 * @param space The space.
 * @param content What {@linkcode captureContent} saved; it stays usable afterwards.
 * @param now The clock reading (ms), the space's new `updatedAt`.
 */
export function restoreContent(space: SpaceRecord, content: SpaceContent, now: number): void {
  // Objects and schema are tracked maps: assigning into them logs what really changed, so
  // WebDAV sync sees undo and redo like any other write.
  space.objects.assign(content.objects);
  space.schema.assign(content.schema);
  space.metadata = new Map(content.metadata);
  space.updatedAt = now;
}

/**
 * Pushes a checkpoint onto a stack, dropping the oldest past the limit.
 *
 * @param stack The undo or redo stack, newest last.
 * @param checkpoint The checkpoint.
 * @param limit The most the stack keeps.
 */
export function pushCheckpoint(
  stack: CheckpointRecord[],
  checkpoint: CheckpointRecord,
  limit: number,
): void {
  stack.push(checkpoint);
  if (stack.length > limit) stack.splice(0, stack.length - limit);
}
