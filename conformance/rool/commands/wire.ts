/**
 * The wire (contract §1, §2): a call without a token, with an unknown token or a malformed
 * `Authorization` header (401 before anything else); a method that does not exist (404
 * `method_not_found`); bodies that are not JSON, not an envelope, or of the wrong media type.
 *
 * @module
 */
import fc from 'fast-check';
import type { Call, CallAuth } from '../../call.ts';
import type { ConformanceCommand } from '../../commands/base.ts';
import { rool, roolOp } from './_rool.ts';

const badAuth: readonly CallAuth[] = [
  { kind: 'none' },
  { kind: 'literal', header: 'Bearer rool_conformance_wrong_token' },
  { kind: 'literal', header: 'Basic dXNlcjpwYXNz' },
  { kind: 'literal', header: 'Bearer' },
];

const unknownMethods: readonly string[] = [
  'spaces.nope',
  '__proto__',
  'constructor',
  'Spaces.list',
  'spaces.list ',
  'instances.list',
  '',
];

const rawBodies: ReadonlyArray<{ contentType: string | null; body: string }> = [
  { contentType: 'application/json', body: 'not json' },
  { contentType: 'application/json', body: '[]' },
  { contentType: 'application/json', body: '{"input":{}}' },
  { contentType: 'application/json', body: '{"method":"spaces.list","input":[]}' },
  { contentType: 'text/plain', body: '{"method":"spaces.list","input":{}}' },
  { contentType: null, body: '{"method":"spaces.list","input":{}}' },
];

/**
 * The wire commands.
 *
 * @returns The commands.
 */
export function wireCommands(): ConformanceCommand[] {
  return [
    roolOp({
      name: 'auth.refused',
      weight: 0.5,
      args: fc.record({
        auth: fc.constantFrom(...badAuth),
        method: fc.constantFrom('spaces.list', 'user.get', 'spaces.create', 'nope.nope'),
      }),
      build: (_model, { auth, method }) => ({
        call: {
          ...rool(method, method === 'spaces.create' ? { name: 'conformance-refused' } : {}),
          auth,
        },
      }),
    }),
    roolOp({
      name: 'protocol.unknown-method',
      weight: 0.3,
      args: fc.record({ method: fc.constantFrom(...unknownMethods) }),
      build: (_model, { method }) => ({ call: rool(method, {}) }),
    }),
    roolOp({
      name: 'protocol.malformed',
      weight: 0.3,
      args: fc.record({ raw: fc.constantFrom(...rawBodies) }),
      build: (_model, { raw }) => ({
        call: {
          label: 'malformed',
          route: 'rool',
          auth: { kind: 'credential', index: 0 },
          raw,
        } as Call,
      }),
    }),
  ];
}
