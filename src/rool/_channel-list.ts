// `space.channels` after a refresh: which channels appeared, changed or went away, so the
// space can emit the same events live updates would.
import { sameJson } from './_live-echo.ts';
import type { ChannelInfo } from './types.ts';

/** What changed between two channel lists. */
export interface ChannelListDiff {
  created: ChannelInfo[];
  updated: ChannelInfo[];
  deleted: string[];
}

/** Compares channel lists by ID; a channel is updated when any field differs. */
export function diffChannels(before: ChannelInfo[], after: ChannelInfo[]): ChannelListDiff {
  const old = new Map(before.map((channel) => [channel.id, channel]));
  const diff: ChannelListDiff = { created: [], updated: [], deleted: [] };
  for (const channel of after) {
    const previous = old.get(channel.id);
    if (!previous) diff.created.push(channel);
    else if (!sameJson(previous, channel)) diff.updated.push(channel);
    old.delete(channel.id);
  }
  diff.deleted = [...old.keys()];
  return diff;
}
