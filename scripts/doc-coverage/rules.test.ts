import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { declarationProblems, type DocDeclaration } from './rules.ts';

const location = { filename: 'file:///repo/a.ts', line: 7 };
const missing = (name: string, declaration: DocDeclaration) =>
  declarationProblems(name, declaration).map((p) => `${p.symbol}: ${p.missing}`);

describe('declarationProblems', () => {
  it('asks a function for its summary, each @param, @returns and an @example', () => {
    assert.deepEqual(
      missing('add', {
        kind: 'function',
        location,
        def: {
          params: [{ kind: 'identifier', name: 'a' }, { kind: 'object' }],
          returnType: { repr: 'number' },
        },
      }),
      ['add: a summary', 'add: @param a', 'add: @param #2', 'add: @returns', 'add: @example'],
    );
  });

  it('needs no @returns for a function that returns nothing, and accepts dotted @param names', () => {
    assert.deepEqual(
      missing('run', {
        kind: 'function',
        location,
        jsDoc: {
          doc: 'Runs.',
          tags: [{ kind: 'param', name: 'options.signal' }, { kind: 'example' }],
        },
        def: {
          params: [{ kind: 'identifier', name: 'options' }],
          returnType: { repr: 'Promise<void>' },
        },
      }),
      [],
    );
  });

  it('asks a class for an @example and its public methods for their tags, not accessors', () => {
    const method = (name: string, kind = 'method', accessibility: string | null = null) => ({
      name,
      kind,
      accessibility,
      functionDef: { params: [{ kind: 'identifier', name: 'x' }], returnType: { repr: 'string' } },
    });
    assert.deepEqual(
      missing('Store', {
        kind: 'class',
        location,
        jsDoc: { doc: 'A store.' },
        def: {
          methods: [method('get'), method('size', 'getter'), method('secret', 'method', 'private')],
        },
      }),
      [
        'Store: @example',
        'Store.get: a summary',
        'Store.get: @param x',
        'Store.get: @returns',
        'Store.size: a summary',
      ],
    );
  });

  it('asks types and constants only for a summary, and names the place', () => {
    const problems = declarationProblems('Options', { kind: 'interface', location });
    assert.deepEqual(problems, [{
      where: '/repo/a.ts:7',
      symbol: 'Options',
      missing: 'a summary',
    }]);
  });
});
