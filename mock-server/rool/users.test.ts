import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultRoolUsers, isDefaultRoolUser, parseUserSpec, parseUserSpecs } from './users.ts';
import { createRoolState } from './state.ts';

describe('seeded users', () => {
  it('parses NAME:TOKEN, the token keeping any further colons', () => {
    assert.deepEqual(parseUserSpec('carol:tok:en:1'), { name: 'carol', token: 'tok:en:1' });
    assert.deepEqual(parseUserSpec('a-b_c9:12345678'), { name: 'a-b_c9', token: '12345678' });
  });

  it('refuses names and tokens breaking their rules, never echoing the token', () => {
    const cases: [string, RegExp][] = [
      ['carol', /^A user must be given as NAME:TOKEN$/],
      ['ab:12345678', /^User name "ab" must be 3–32 characters/],
      ['Carol:12345678', /^User name "Carol"/],
      ['1carol:12345678', /^User name "1carol"/],
      [`${'a'.repeat(33)}:12345678`, /^User name/],
      ['carol:short', /^The token of user carol must be 8–512 printable ASCII characters/],
      ['carol:has space1', /^The token of user carol/],
      ['carol:', /^The token of user carol/],
    ];
    for (const [spec, message] of cases) {
      assert.throws(() => parseUserSpec(spec), (error: Error) => {
        assert.match(error.message, message);
        const token = spec.split(':').slice(1).join(':');
        if (token.length > 0) assert.ok(!error.message.includes(token), error.message);
        return true;
      }, spec);
    }
  });

  it('refuses a name or a token given twice', () => {
    assert.throws(
      () => parseUserSpecs(['carol:aaaaaaaa', 'carol:bbbbbbbb']),
      /User carol is given twice/,
    );
    assert.throws(
      () => parseUserSpecs(['carol:aaaaaaaa', 'dave:aaaaaaaa']),
      /^UserSpecError: User dave has the same token as another user$/,
    );
  });

  it('seeds alice and bob by default, as the contract names them', () => {
    const state = createRoolState(defaultRoolUsers, 0);
    assert.deepEqual([...state.tokens], [
      ['rool_alice_token', 'usr_alice'],
      ['rool_bob_token', 'usr_bob'],
    ]);
    const alice = state.users.get('usr_alice')!;
    assert.deepEqual([alice.email, alice.name, alice.slug], [
      'alice@example.com',
      'Alice',
      'alice',
    ]);
    assert.ok(isDefaultRoolUser({ name: 'bob', token: 'rool_bob_token' }));
    assert.ok(!isDefaultRoolUser({ name: 'bob', token: 'other_token' }));
  });
});
