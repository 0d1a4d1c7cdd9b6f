/**
 * Rool's comparison rules (docs/rool-contract.md). IDs the server makes (spaces, generated
 * interactions, tool calls, checkpoints) and the users' IDs are paired as a bijection; channel,
 * conversation and most interaction IDs are chosen by the suite and so equal on both sides.
 * Times are checked by form and against the response's arrival (ISO strings on spaces and
 * users, epoch milliseconds elsewhere). What a real deployment words or sizes its own way is
 * compared loosely: the agent's free text, the inbound address's domain, a space's size, a
 * user's plan and credits. Everything else is compared exactly.
 *
 * @module
 */
import type { Rule, RuleTable } from '../rules.ts';
import { archiveEntryLabel } from './archive/compare-archive.ts';

const id: Rule = { kind: 'id' };
const time: Rule = { kind: 'anyTime' };
const epochMs: Rule = { kind: 'epochMs' };
const ignore: Rule = { kind: 'ignore' };
const agentText: Rule = { kind: 'freeText', exactWhen: 'responseSchema' };

/** Rool's rules by field name. */
const fields: Readonly<Record<string, Rule>> = {
  id,
  spaceId: id,
  ownerId: id,
  userId: id,
  createdBy: id,
  modifiedBy: id,
  parentId: id,
  checkpointId: id,
  modifiedInInteraction: id,
  // ISO on spaces and users, epoch ms on channels, conversations and checkpoints.
  createdAt: time,
  updatedAt: { kind: 'timestamp' },
  lastActivity: { kind: 'timestamp' },
  processedAt: { kind: 'timestamp' },
  timestamp: epochMs,
  modifiedAt: epochMs,
  // `<space-id>@<the deployment's inbound domain>`.
  inboundEmailAddress: { kind: 'pattern', pattern: /^[^@\s]+@[^@\s]+\.[^@\s]+$/ },
  // A deployment measures its own way; the OpenAPI check sees it is a number.
  size: ignore,
  photoUrl: ignore,
  plan: ignore,
  creditsBalance: ignore,
  totalCreditsUsed: ignore,
  // Keyed by interaction (and conversation) IDs.
  interactions: { kind: 'keyedById' },
  conversations: { kind: 'keyedById' },
  // A user's storage holds what others put there on a long-lived target: the run's keys only.
  storage: { kind: 'runKeys' },
  // Tool results are the agent's own words; their name, input and status are compared.
  result: ignore,
};

// A recorded interaction's `output` is compared when it is recorded (the mutation's message,
// the prompt's message under the prompt rule); in trees it is the agent's own wording.
const treeOutput = { 'value.conversation.interactions{}.output': ignore };

/** Rool's rules by method and path. */
const paths: Readonly<Record<string, Readonly<Record<string, Rule>>>> = {
  'spaces.list': { 'value.spaces': { kind: 'ownList', idField: 'id', baseline: 'spaces' } },
  // Where the deployment's live-event sequence of the space stands (docs/rool-events.md): its own
  // numbering, which a reset of the target moves on; the OpenAPI check sees it is a number, and
  // the event streams are compared on their own (../rool/events/).
  'spaces.get': { 'value.eventId': ignore },
  'ai.prompt': { 'value.message': agentText, 'value.interaction.output': agentText },
  'conversations.get': treeOutput,
  'conversations.rename': treeOutput,
  'conversations.setSystemInstruction': treeOutput,
  'channels.open': { 'value.conversations{}.interactions{}.output': ignore },
  'storage.get': { 'value.usedBytes': { kind: 'baselineTotal', baseline: 'storage0' } },
  'storage.set': { 'value.usedBytes': { kind: 'baselineTotal', baseline: 'storage0' } },
  // An archive's JSON entries (docs/rool-archive.md), each compared as an answer's value: a
  // conversation's active leaf is an interaction ID; its interactions' output the agent's words;
  // the drive index's times are the deployment's, its ETags opaque (strong, RFC 9110 §8.8.3).
  [archiveEntryLabel]: {
    'value.activeLeaf': id,
    'value.interactions{}.output': ignore,
    'value.entries[].created': epochMs,
    'value.entries[].modified': epochMs,
    'value.entries[].etag': { kind: 'pattern', pattern: /^"[^"]*"$/ },
  },
};

/** Rool's rules. */
export const roolRules: RuleTable = { fields, paths };
