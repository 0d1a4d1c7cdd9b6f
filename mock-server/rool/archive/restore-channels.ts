/**
 * Restoring a space's channels and conversations from an archive. Each
 * conversation's interactions must form a tree (docs/rool-contract.md §5):
 * every parent is an interaction of the same conversation, and no chain of
 * parents loops. Interaction IDs are unique in the space, only finished
 * interactions are kept (a prompt cannot be in flight in a space that did not
 * exist), and a conversation holds at most the interaction cap.
 *
 * @module
 */
import { componentValidators } from '../../../src/rool/_generated/validators.ts';
import type { Interaction } from '../../../src/rool/types.ts';
import { pointerJoin, type Validator } from '../../../src/rpc/validation.ts';
import { RpcFault } from '../../rpc/fault.ts';
import type { ChannelRecord, ConversationRecord } from '../state.ts';
import {
  entryFault,
  type EntryRef,
  type FieldCheck,
  is,
  parseEntry,
  requireFields,
  requireValid,
} from './entry-json.ts';
import type { ArchivedChannel, ArchivedConversation } from './layout.ts';

const validInteraction = componentValidators.Interaction as Validator<Interaction>;
const interactionIdPattern = /^[A-Za-z0-9_-]{1,64}$/;
const userId = is.id(/^.{1,64}$/su, 'a user ID of 1–64 characters');
const name = is.text(200, true);

/**
 * Reads `channels.json`: the channel IDs, oldest first.
 *
 * @param entry The entry.
 * @param bytes Its bytes.
 * @returns The IDs.
 * @throws {RpcFault} `validation_error` for a malformed or repeated ID.
 */
export function restoreChannelOrder(entry: EntryRef, bytes: Uint8Array): string[] {
  const value = parseEntry(entry, bytes);
  return requireIdList(entry, '', value, /^[A-Za-z0-9_-]{1,32}$/, 'channel ID', 32);
}

/**
 * Reads a `channel.json`, without its conversations.
 *
 * @param entry The entry.
 * @param channelId The channel ID its name gives.
 * @param bytes Its bytes.
 * @returns The channel (its conversations still empty) and their IDs in order.
 * @throws {RpcFault} `validation_error` for a bad field, an ID that is not the name's, or a
 * conversation list without `default` first.
 */
export function restoreChannel(
  entry: EntryRef,
  channelId: string,
  bytes: Uint8Array,
): { channel: ChannelRecord; conversationIds: string[] } {
  const value = requireFields(entry, '', parseEntry(entry, bytes), {
    id: sameAs(entry, channelId),
    name,
    createdAt: is.time,
    createdBy: userId,
    createdByName: name,
    conversations: is.any,
  }) as unknown as ArchivedChannel;
  const ids = requireIdList(
    entry,
    '/conversations',
    value.conversations,
    /^[A-Za-z0-9_-]{1,64}$/,
    'conversation ID',
    64,
  );
  if (ids[0] !== 'default') {
    throw entryFault(entry, '/conversations', 'every channel has a default conversation, first');
  }
  const channel: ChannelRecord = {
    id: channelId,
    name: value.name,
    createdAt: value.createdAt,
    createdBy: value.createdBy,
    createdByName: value.createdByName,
    conversations: new Map(),
    undo: [],
    redo: [],
  };
  return { channel, conversationIds: ids };
}

/**
 * Reads a conversation entry.
 *
 * @param entry The entry.
 * @param id The conversation ID its name gives.
 * @param bytes Its bytes.
 * @param options The interaction cap, and the interaction IDs taken so far in the space (this
 * conversation's are added).
 * @returns The conversation.
 * @throws {RpcFault} `validation_error` for a bad field or interaction, an interaction still in
 * flight, an ID used twice, interactions that do not form a tree, or an active leaf outside it;
 * `payload_too_large` past the cap.
 */
export function restoreConversation(
  entry: EntryRef,
  id: string,
  bytes: Uint8Array,
  options: { cap: number; taken: Set<string> },
): ConversationRecord {
  const value = requireFields(entry, '', parseEntry(entry, bytes), {
    id: sameAs(entry, id),
    name,
    systemInstruction: is.text(20_000, true),
    createdAt: is.time,
    createdBy: userId,
    activeLeaf: (v) =>
      v === null || typeof v === 'string' ? undefined : 'expected a string or null',
    interactions: (v) => Array.isArray(v) ? undefined : 'expected an array',
  }) as unknown as ArchivedConversation;
  if (value.interactions.length > options.cap) {
    // Too much, as past the objects per space: not malformed (docs/rool-archive.md).
    const { message } = entryFault(
      entry,
      '/interactions',
      `${value.interactions.length} interactions; a conversation holds at most ${options.cap}`,
    );
    throw new RpcFault('payload_too_large', message);
  }
  const interactions = new Map<string, Interaction>();
  value.interactions.forEach((raw, i) => {
    const pointer = `/interactions/${i}`;
    const interaction = requireValid(entry, pointer, raw, validInteraction);
    if (!interactionIdPattern.test(interaction.id)) {
      throw entryFault(entry, `${pointer}/id`, 'expected 1–64 characters of A–Z, a–z, 0–9, _ or -');
    }
    if (options.taken.has(interaction.id)) {
      throw entryFault(entry, `${pointer}/id`, 'this interaction ID is used twice in the space');
    }
    if (interaction.status !== 'done' && interaction.status !== 'error') {
      throw entryFault(
        entry,
        `${pointer}/status`,
        `an archive holds only finished interactions (done or error), not ${interaction.status}`,
      );
    }
    options.taken.add(interaction.id);
    interactions.set(interaction.id, interaction);
  });
  requireTree(entry, interactions);
  if (value.activeLeaf !== null && !interactions.has(value.activeLeaf)) {
    throw entryFault(entry, '/activeLeaf', 'the active leaf must be an interaction of the tree');
  }
  return {
    id,
    name: value.name,
    systemInstruction: value.systemInstruction,
    createdAt: value.createdAt,
    createdBy: value.createdBy,
    interactions,
    activeLeaf: value.activeLeaf,
  };
}

/** Every parent is in the conversation, and following parents always ends at a root. */
function requireTree(entry: EntryRef, interactions: Map<string, Interaction>): void {
  const index = new Map([...interactions.keys()].map((id, i) => [id, i]));
  // 0: not seen; 1: on the chain being followed; 2: known to end at a root.
  const state = new Map<string, 1 | 2>();
  for (const start of interactions.keys()) {
    const chain: string[] = [];
    let id: string | null = start;
    while (id !== null && state.get(id) !== 2) {
      if (state.get(id) === 1) {
        throw entryFault(
          entry,
          `/interactions/${index.get(id)}/parentId`,
          'the interactions do not form a tree: this chain of parents loops',
        );
      }
      state.set(id, 1);
      chain.push(id);
      const parentId: string | null = interactions.get(id)!.parentId;
      if (parentId !== null && !interactions.has(parentId)) {
        throw entryFault(
          entry,
          `/interactions/${index.get(id)}/parentId`,
          'the parent must be an interaction of the same conversation',
        );
      }
      id = parentId;
    }
    for (const done of chain) state.set(done, 2);
  }
}

function requireIdList(
  entry: EntryRef,
  pointer: string,
  value: unknown,
  pattern: RegExp,
  what: string,
  max: number,
): string[] {
  if (!Array.isArray(value)) throw entryFault(entry, pointer, `expected an array of ${what}s`);
  const seen = new Set<string>();
  value.forEach((id, i) => {
    if (typeof id !== 'string' || !pattern.test(id)) {
      throw entryFault(
        entry,
        pointerJoin(pointer, i),
        `a ${what} must be 1–${max} characters of A–Z, a–z, 0–9, _ or -`,
      );
    }
    if (seen.has(id)) {
      throw entryFault(entry, pointerJoin(pointer, i), `this ${what} is listed twice`);
    }
    seen.add(id);
  });
  return value;
}

function sameAs(entry: EntryRef, expected: string): FieldCheck {
  return (v) =>
    v === expected ? undefined : `expected ${entry.quote(expected)}, as the entry's name says`;
}
