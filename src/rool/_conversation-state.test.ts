import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { interaction } from '../../test/helpers/rool-fake.ts';
import { ConversationState, maxInteractions } from './_conversation-state.ts';
import { RoolError } from './errors.ts';
import type { Conversation } from './types.ts';

function conversation(id: string, overrides: Partial<Conversation> = {}): Conversation {
  return {
    id,
    name: null,
    systemInstruction: null,
    createdAt: 10,
    createdBy: 'usr_alice',
    interactions: {},
    ...overrides,
  };
}

// root ─ a ─ b      (b newest)
//      └ c
const tree = {
  root: interaction('root', { timestamp: 1 }),
  a: interaction('a', { parentId: 'root', timestamp: 2 }),
  c: interaction('c', { parentId: 'root', timestamp: 3 }),
  b: interaction('b', { parentId: 'a', timestamp: 4 }),
};

describe('ConversationState', () => {
  test('the latest interaction is the active leaf; the branch runs root → leaf', () => {
    const state = new ConversationState({
      default: conversation('default', { interactions: tree }),
    });
    assert.equal(state.activeLeafId('default'), 'b');
    assert.deepEqual(state.branch('default').map((i) => i.id), ['root', 'a', 'b']);
  });

  test('ties in time go to the later recorded, whatever the IDs (the server lists in recording order)', () => {
    for (const order of [['x', 'y'], ['y', 'x']]) {
      const state = new ConversationState({
        default: conversation('default', {
          interactions: Object.fromEntries(
            order.map((id) => [id, interaction(id, { timestamp: 5 })]),
          ),
        }),
      });
      assert.equal(state.activeLeafId('default'), order[1], `recorded ${order.join(', ')}`);
    }
  });

  test('setActiveLeaf switches branches and refuses strangers', () => {
    const state = new ConversationState({
      default: conversation('default', { interactions: tree }),
    });
    state.setActiveLeaf('default', 'c');
    assert.deepEqual(state.branch('default').map((i) => i.id), ['root', 'c']);
    assert.throws(() => state.setActiveLeaf('default', 'nope'), RoolError);
    assert.throws(() => state.setActiveLeaf('other', 'root'), RoolError);
    assert.equal(state.activeLeafId('default'), 'c');
  });

  test('record adds an interaction as the active leaf, creating the conversation', () => {
    const state = new ConversationState({});
    state.record('thread', interaction('t1', { timestamp: 7, userId: 'usr_bob' }));
    assert.equal(state.activeLeafId('thread'), 't1');
    assert.deepEqual(state.list(), [{
      id: 'thread',
      name: null,
      createdAt: 7,
      createdBy: 'usr_bob',
      interactionCount: 1,
    }]);
    state.record('thread', interaction('t1', { timestamp: 7, output: 'replaced' }));
    assert.equal(state.tree('thread').t1!.output, 'replaced');
    assert.equal(state.list()[0]!.interactionCount, 1);
  });

  test('load keeps the active leaf when it still exists, else takes the latest', () => {
    const state = new ConversationState({
      default: conversation('default', { interactions: tree }),
    });
    state.setActiveLeaf('default', 'c');
    state.load(conversation('default', { interactions: tree, systemInstruction: 'Be brief' }));
    assert.equal(state.activeLeafId('default'), 'c');
    assert.equal(state.systemInstruction('default'), 'Be brief');
    const { c: _gone, ...rest } = tree;
    state.load(conversation('default', { interactions: rest }));
    assert.equal(state.activeLeafId('default'), 'b');
  });

  test('lists default first, then oldest first', () => {
    const state = new ConversationState({
      b: conversation('b', { createdAt: 1 }),
      default: conversation('default', { createdAt: 5 }),
      a: conversation('a', { createdAt: 3 }),
    });
    assert.deepEqual(state.list().map((c) => c.id), ['default', 'b', 'a']);
  });

  test('past 200 interactions the oldest is evicted and its children become roots', () => {
    const state = new ConversationState({});
    state.record('default', interaction('i0', { timestamp: 0 }));
    for (let i = 1; i < maxInteractions; i++) {
      state.record('default', interaction(`i${i}`, { timestamp: i, parentId: `i${i - 1}` }));
    }
    assert.equal(Object.keys(state.tree('default')).length, maxInteractions);
    state.record('default', interaction('new', { timestamp: 1000, parentId: 'i199' }));
    const after = state.tree('default');
    assert.equal(Object.keys(after).length, maxInteractions);
    assert.equal(after.i0, undefined);
    assert.equal(after.i1!.parentId, null);
    assert.equal(state.branch('default')[0]!.id, 'i1');
    assert.equal(state.activeLeafId('default'), 'new');
  });

  test('a cyclic tree does not hang the branch walk', () => {
    const state = new ConversationState({
      default: conversation('default', {
        interactions: {
          x: interaction('x', { parentId: 'y', timestamp: 2 }),
          y: interaction('y', { parentId: 'x', timestamp: 1 }),
        },
      }),
    });
    assert.deepEqual(state.branch('default').map((i) => i.id), ['y', 'x']);
  });

  test('tree is a copy; remove forgets; unknown conversations are empty', () => {
    const state = new ConversationState({
      default: conversation('default', { interactions: tree }),
    });
    delete state.tree('default').root;
    assert.ok(state.tree('default').root);
    state.remove('default');
    assert.deepEqual(state.tree('default'), {});
    assert.deepEqual(state.branch('default'), []);
    assert.equal(state.systemInstruction('default'), undefined);
  });
});
