/**
 * What Rool commands know of a run beyond the entities: per space, who owns it, which
 * channels, collections, objects and conversations the reference says it has, and which
 * interaction IDs were used; and what cleanup must undo on the users (storage keys, a changed
 * name or slug). Commands read it to steer their inputs only: the reference alone says what the
 * answers must be. It lives beside the model, keyed by it.
 *
 * @module
 */
import { Bijection } from '../bijection.ts';
import type { Model } from '../model.ts';
import type { SpaceStreams } from './events/space-events.ts';

/** What the run knows of one space (same index as `model.entities.space`). */
export interface SpaceFacts {
  /** The credential index of the owner (0 user A, 1 user B). */
  owner: number;
  /** Channel IDs that exist. */
  channels: Set<string>;
  /** Collection names that exist. */
  collections: Set<string>;
  /** Object paths that exist. */
  objects: Set<string>;
  /** Interaction IDs recorded in the space, suite-chosen or generated (target values). */
  interactions: string[];
  /** Whether the drive got its first collection and file (WebDAV commands need something). */
  driveSeeded?: boolean;
}

/** What the run knows beyond the entities. */
export interface RoolRun {
  /** Per space. */
  spaces: SpaceFacts[];
  /** Interaction IDs handed out so far. */
  nextInteraction: number;
  /** Storage keys set on user A. */
  storageKeys: Set<string>;
  /** Users (credential indexes) whose name or slug the run changed. */
  usersChanged: Set<number>;
  /** The users' emails, by credential index (the same on both sides). */
  emails: string[];
  /** The users' slugs at the start, by credential index. */
  slugs: string[];
  /**
   * Opaque protocol values paired apart from IDs, so they are never rewritten inside text:
   * ETags per space and path, lock tokens and sync tokens per run (dav/compare.ts).
   */
  opaque: Bijection;
  /** The open event streams, by space index. */
  streams: Map<number, SpaceStreams>;
  /** The pair's call count when the run started, so a call's index in the run is known. */
  callBase: number;
}

const runs = new WeakMap<Model, RoolRun>();

/**
 * The run's facts.
 *
 * @param model The run's model.
 * @returns Its facts, created empty on first use.
 */
export function roolRun(model: Model): RoolRun {
  let run = runs.get(model);
  if (!run) {
    run = {
      spaces: [],
      nextInteraction: 0,
      storageKeys: new Set(),
      usersChanged: new Set(),
      emails: [],
      slugs: [],
      opaque: new Bijection(),
      streams: new Map(),
      callBase: 0,
    };
    runs.set(model, run);
  }
  return run;
}
