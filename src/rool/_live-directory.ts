// What the client knows of the user's spaces, so that `spaceAdded`, `spaceRemoved` and
// `spaceRenamed` fire once per change whether the client's own call or the client stream tells
// first. The stream gives these events no `source` (docs/rool-events.md), so echoes are told
// apart in two ways: a change this client emitted is expected back once and swallowed then, and
// any event that would not change what the client knows (a space it knows added again, a name
// it already has) is not news.

import { remember, trim } from './_recent.ts';

/** What is known of one space. */
type Known = { name: string } | 'removed';

/** Most spaces and expected echoes remembered; the oldest are forgotten first. */
const maxEntries = 10_000;

/** The kinds of change. */
export type SpaceChange = 'spaceAdded' | 'spaceRemoved' | 'spaceRenamed';

/** The user's spaces as the client knows them, with the echoes it expects. */
export class SpaceDirectory {
  #known = new Map<string, Known>();
  #expected = new Map<string, number>();
  #expecting = false;

  /**
   * Starts or stops expecting echoes: only while the client stream runs will they come.
   *
   * @param on Whether the client stream runs.
   */
  expectEchoes(on: boolean): void {
    this.#expecting = on;
    if (!on) this.#expected.clear();
  }

  /** Forgets the echoes expected (after a resync, or a connection that did not resume). */
  forgetEchoes(): void {
    this.#expected.clear();
  }

  /**
   * Records spaces as listed by the server.
   *
   * @param spaces The spaces.
   */
  listed(spaces: readonly { id: string; name: string }[]): void {
    for (const space of spaces) remember(this.#known, space.id, { name: space.name }, maxEntries);
  }

  /**
   * This client changed a space: whether to emit the event (it changes what is known).
   *
   * @param change The kind of change.
   * @param spaceId The space.
   * @param name Its name (added, renamed).
   * @returns Whether the change is news; its echo is then expected.
   */
  local(change: SpaceChange, spaceId: string, name?: string): boolean {
    if (!this.#apply(change, spaceId, name)) return false;
    if (this.#expecting) {
      const key = echoKey(change, spaceId, name);
      this.#expected.set(key, (this.#expected.get(key) ?? 0) + 1);
      trim(this.#expected, maxEntries);
    }
    return true;
  }

  /**
   * The client stream told of a change: whether to emit the event.
   *
   * @param change The kind of change.
   * @param spaceId The space.
   * @param name Its name (added, renamed).
   * @returns Whether the change is news; `false` for an expected echo or a known state.
   */
  remote(change: SpaceChange, spaceId: string, name?: string): boolean {
    const key = echoKey(change, spaceId, name);
    const expected = this.#expected.get(key) ?? 0;
    if (expected > 1) this.#expected.set(key, expected - 1);
    else this.#expected.delete(key);
    return this.#apply(change, spaceId, name) && expected === 0;
  }

  #apply(change: SpaceChange, spaceId: string, name: string | undefined): boolean {
    const known = this.#known.get(spaceId);
    const removed = change === 'spaceRemoved';
    remember(this.#known, spaceId, removed ? 'removed' : { name: name ?? '' }, maxEntries);
    if (removed) return known !== 'removed';
    return known === undefined || known === 'removed' ||
      (change === 'spaceRenamed' && known.name !== name);
  }
}

function echoKey(change: SpaceChange, spaceId: string, name: string | undefined): string {
  return change === 'spaceRenamed'
    ? JSON.stringify([change, spaceId, name])
    : `${change} ${spaceId}`;
}
