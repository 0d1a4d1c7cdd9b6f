/**
 * The users (contract §8, §9): `user.get`, `user.update` (the slug rules: taken by the other
 * user 409, malformed 400; a new name and slug the run's cleanup restores), `user.search`
 * (exact email, any case; unknown), `user.setPassword` with passwords the rules refuse only (a
 * valid one would change how the target's user signs in), `auth.verify` of a token nobody
 * issued, user A's storage (set, read, delete with `null`, keys of the run only), and
 * `proxy.fetch` of loopback, private and link-local addresses, refused before any fetch.
 * `user.delete` and `auth.logout` are left out: they would end the target's users.
 *
 * @module
 */
import fc from 'fast-check';
import type { SymJson } from '../../call.ts';
import type { ConformanceCommand } from '../../commands/base.ts';
import type { Model } from '../../model.ts';
import type { Pair } from '../../pair.ts';
import { roolRun } from '../run-state.ts';
import {
  ensureWorkspace,
  facts,
  nth,
  pickSpace,
  rool,
  roolOp,
  spaceId,
  type Who,
  whoArbitrary,
} from './_rool.ts';

function storageKey(model: Model, n: number): string {
  return `conformance-${model.runTag}-k${n % 3}`;
}

/** URLs `proxy.fetch` must refuse without fetching (§9). */
const refusedUrls: readonly string[] = [
  'http://127.0.0.1:9/',
  'http://localhost/',
  'http://[::1]:8080/x',
  'http://10.1.2.3/',
  'http://192.168.0.1/',
  'http://169.254.169.254/latest/meta-data/',
  'http://0.0.0.0/',
  'http://[::ffff:127.0.0.1]/',
  'file:///etc/passwd',
];

/**
 * The user, storage and proxy commands.
 *
 * @returns The commands.
 */
export function userCommands(): ConformanceCommand[] {
  return [
    roolOp({
      name: 'user.get',
      args: fc.record({ who: fc.constantFrom<Who>(0, 1) }),
      build: (_model, { who }) => ({ call: rool('user.get', {}, who) }),
    }),
    roolOp({
      name: 'user.update',
      weight: 0.5,
      args: fc.record({
        who: fc.constantFrom<Who>(0, 1),
        slug: fc.constantFrom('none', 'run', 'other', 'Upper', 'ab', '1abc', 's'.repeat(33)),
        name: fc.constantFrom(undefined, 'Conformance User'),
      }),
      build: (model, { who, slug, name }) => {
        const input: Record<string, SymJson> = {};
        if (name !== undefined) input.name = name;
        if (slug === 'run') {
          input.slug = `cf-${model.runTag.toLowerCase().replace(/[^a-z0-9_-]/g, '')}-${who}`;
        } else if (slug === 'other') input.slug = roolRun(model).slugs[1 - who] ?? 'taken';
        else if (slug !== 'none') input.slug = slug;
        return {
          call: rool('user.update', input, who),
          after: (model, { target }) => {
            if (target.status === 200 && Object.keys(input).length > 0) {
              roolRun(model).usersChanged.add(who);
            }
          },
        };
      },
    }),
    roolOp({
      name: 'user.search',
      args: fc.record({
        who: whoArbitrary,
        email: fc.constantFrom<'other' | 'own' | 'upper' | 'unknown'>(
          'other',
          'own',
          'upper',
          'unknown',
        ),
      }),
      build: (model, { who, email }) => {
        const emails = roolRun(model).emails;
        const value = email === 'unknown'
          ? 'nobody-conformance@example.invalid'
          : email === 'own'
          ? emails[who] ?? 'a@example.com'
          : email === 'upper'
          ? (emails[1 - who] ?? 'b@example.com').toUpperCase()
          : emails[1 - who] ?? 'b@example.com';
        return { call: rool('user.search', { email: value }, who) };
      },
    }),
    roolOp({
      name: 'user.setPassword',
      weight: 0.3,
      args: fc.record({
        who: whoArbitrary,
        password: fc.constantFrom('short1', 'onlyletters', '12345678901', ''),
      }),
      build: (_model, { who, password }) => ({ call: rool('user.setPassword', { password }, who) }),
    }),
    roolOp({
      name: 'auth.verify',
      weight: 0.3,
      args: fc.record({ who: whoArbitrary }),
      build: (_model, { who }) => ({
        call: rool('auth.verify', { token: 'rvt_conformance_never_issued' }, who),
      }),
    }),
    roolOp({
      name: 'storage',
      weight: 1.5,
      args: fc.record({
        op: fc.constantFrom('set', 'set', 'delete', 'get', 'badKey'),
        n: fc.nat(),
        value: fc.constantFrom<SymJson>('light', 42, { theme: 'dark', sizes: [1, 2] }, true),
      }),
      build: (model, { op, n, value }) => {
        const key = storageKey(model, n);
        if (op === 'get') return { call: rool('storage.get', {}) };
        return {
          call: rool('storage.set', {
            key: op === 'badKey' ? '' : key,
            value: op === 'delete' ? null : value,
          }),
          after: (model, { target }) => {
            if (target.status === 200 && op === 'set') roolRun(model).storageKeys.add(key);
          },
        };
      },
    }),
    roolOp({
      name: 'proxy.fetch',
      weight: 0.5,
      args: fc.record({
        space: fc.nat(),
        channel: fc.nat(),
        who: whoArbitrary,
        url: fc.constantFrom(...refusedUrls),
        method: fc.constantFrom(undefined, 'GET', 'POST'),
      }),
      prepare: (model: Model, pair: Pair, { space }) => ensureWorkspace(model, pair, space),
      build: (model, { space, channel, who, url, method }) => {
        const ref = pickSpace(model, space);
        return {
          call: rool('proxy.fetch', {
            spaceId: spaceId(ref),
            channelId: nth(facts(model, ref).channels, channel, 'main'),
            url,
            ...(method === undefined ? {} : { method }),
          }, who),
        };
      },
    }),
  ];
}
