// The channel's conversations as the client sees them: each tree of interactions, its active
// leaf (the branch the user is viewing), name and system instruction. The server keeps the
// trees; this mirror is fed from channels.open and from every answer that records something,
// and follows the same rules (docs/rool-contract.md §5): a new conversation starts with its
// first interaction, the latest interaction is the active leaf, 200 interactions at most.
import { invalidArgument } from './errors.ts';
import type { Conversation, ConversationInfo, Interaction } from './types.ts';

/** The contract's cap on a conversation's interactions. */
export const maxInteractions = 200;

interface Entry {
  id: string;
  name: string | null;
  systemInstruction: string | null;
  createdAt: number;
  createdBy: string;
  interactions: Map<string, Interaction>;
  activeLeafId: string | undefined;
}

/** Every conversation of one channel. */
export class ConversationState {
  #entries = new Map<string, Entry>();

  /** Starts from the conversations of a `channels.open` answer. */
  constructor(conversations: Record<string, Conversation>) {
    for (const conversation of Object.values(conversations)) this.load(conversation);
  }

  /** Replaces a conversation with the server's copy; the active leaf stays if it still exists. */
  load(conversation: Conversation): void {
    const previous = this.#entries.get(conversation.id)?.activeLeafId;
    const interactions = new Map(Object.entries(conversation.interactions));
    this.#entries.set(conversation.id, {
      id: conversation.id,
      name: conversation.name,
      systemInstruction: conversation.systemInstruction,
      createdAt: conversation.createdAt,
      createdBy: conversation.createdBy,
      interactions,
      activeLeafId: previous !== undefined && interactions.has(previous)
        ? previous
        : latest(interactions),
    });
  }

  /**
   * Replaces a conversation with the server's copy after a change made
   * elsewhere (live events): a viewer at the tip of a branch (an active leaf
   * nothing had grown from) follows it to the newest interaction, when that
   * grew from there; one looking anywhere else stays where it is.
   */
  sync(conversation: Conversation): void {
    const previous = this.#entries.get(conversation.id);
    const before = previous?.activeLeafId;
    // At the tip: nothing had grown from the interaction being viewed.
    const atTip = before !== undefined &&
      ![...previous!.interactions.values()].some((i) => i.parentId === before);
    this.load(conversation);
    const entry = this.#entries.get(conversation.id)!;
    const newest = latest(entry.interactions);
    if (
      atTip && newest !== undefined && entry.activeLeafId === before &&
      lineage(entry.interactions, newest).has(before!)
    ) {
      entry.activeLeafId = newest;
    }
  }

  /** The IDs of the conversations held. */
  ids(): string[] {
    return [...this.#entries.keys()];
  }

  /** The conversations as listed: `default` first, then oldest first. */
  list(): ConversationInfo[] {
    return [...this.#entries.values()]
      .sort((a, b) =>
        Number(b.id === 'default') - Number(a.id === 'default') || a.createdAt - b.createdAt ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
      )
      .map((entry) => ({
        id: entry.id,
        name: entry.name,
        createdAt: entry.createdAt,
        createdBy: entry.createdBy,
        interactionCount: entry.interactions.size,
      }));
  }

  /** The whole tree, by interaction ID (a copy; empty for an unknown conversation). */
  tree(conversationId: string): Record<string, Interaction> {
    return Object.fromEntries(this.#entries.get(conversationId)?.interactions ?? []);
  }

  /** The active branch, root first, active leaf last. */
  branch(conversationId: string): Interaction[] {
    const entry = this.#entries.get(conversationId);
    if (!entry) return [];
    return [...lineage(entry.interactions, entry.activeLeafId ?? null)]
      .flatMap((id) => entry.interactions.get(id) ?? [])
      .reverse();
  }

  /** The tip of the branch being viewed. */
  activeLeafId(conversationId: string): string | undefined {
    return this.#entries.get(conversationId)?.activeLeafId;
  }

  /** Switches branches; throws when `interactionId` is not in the conversation. */
  setActiveLeaf(conversationId: string, interactionId: string): void {
    const entry = this.#entries.get(conversationId);
    if (!entry?.interactions.has(interactionId)) {
      throw invalidArgument(
        `Interaction ${interactionId} is not in conversation ${conversationId}`,
      );
    }
    entry.activeLeafId = interactionId;
  }

  /** Adds (or replaces) an interaction the server recorded, and makes it the active leaf. */
  record(conversationId: string, interaction: Interaction): void {
    let entry = this.#entries.get(conversationId);
    if (!entry) {
      entry = {
        id: conversationId,
        name: null,
        systemInstruction: null,
        createdAt: interaction.timestamp,
        createdBy: interaction.userId,
        interactions: new Map(),
        activeLeafId: undefined,
      };
      this.#entries.set(conversationId, entry);
    }
    entry.interactions.set(interaction.id, interaction);
    entry.activeLeafId = interaction.id;
    while (entry.interactions.size > maxInteractions) evictOldest(entry);
  }

  /** Forgets a deleted conversation. */
  remove(conversationId: string): void {
    this.#entries.delete(conversationId);
  }

  /** The system instruction, if one is set. */
  systemInstruction(conversationId: string): string | undefined {
    return this.#entries.get(conversationId)?.systemInstruction ?? undefined;
  }
}

/** Order of interactions in time: by timestamp, then by ID (as the server evicts). */
function compare(a: Interaction, b: Interaction): number {
  return a.timestamp - b.timestamp || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

// The latest recorded: maps hold a tree in recording order (the server's order), so among
// interactions of the same millisecond the later one wins, whatever their IDs.
function latest(interactions: Map<string, Interaction>): string | undefined {
  let newest: Interaction | undefined;
  for (const interaction of interactions.values()) {
    if (!newest || interaction.timestamp >= newest.timestamp) newest = interaction;
  }
  return newest?.id;
}

// The IDs from `id` up its chain of parents, the last one possibly unknown; a set, so that a
// cycle in a malformed tree ends the walk.
function lineage(interactions: Map<string, Interaction>, id: string | null): Set<string> {
  const ids = new Set<string>();
  for (let at = id; at !== null && !ids.has(at); at = interactions.get(at)?.parentId ?? null) {
    ids.add(at);
  }
  return ids;
}

function evictOldest(entry: Entry): void {
  let oldest: Interaction | undefined;
  for (const interaction of entry.interactions.values()) {
    if (!oldest || compare(interaction, oldest) < 0) oldest = interaction;
  }
  if (!oldest) return;
  entry.interactions.delete(oldest.id);
  // Its children become roots, as on the server.
  for (const [id, interaction] of entry.interactions) {
    if (interaction.parentId === oldest.id) {
      entry.interactions.set(id, { ...interaction, parentId: null });
    }
  }
  if (entry.activeLeafId === oldest.id) entry.activeLeafId = latest(entry.interactions);
}
