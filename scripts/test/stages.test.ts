import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stageGroups, stages } from './stages.ts';

describe('stageGroups', () => {
  const names = stages.map((stage) => stage.name);

  it('keeps every selected stage once, in pipeline order', () => {
    assert.deepEqual(stageGroups(names).flat(), names);
  });

  it('groups only neighbouring concurrent stages', () => {
    for (const group of stageGroups(names)) {
      const concurrent = group.map((name) => stages.find((s) => s.name === name)!.concurrent);
      if (group.length > 1) assert.ok(concurrent.every(Boolean), group.join(', '));
      const at = group.map((name) => names.indexOf(name));
      assert.deepEqual(at, at.map((_, i) => at[0] + i), `${group.join(', ')} are neighbours`);
    }
  });

  it('runs a concurrent stage alone when its neighbour is not selected', () => {
    assert.deepEqual(stageGroups(['bun-unit', 'check']), [['check'], ['bun-unit']]);
  });
});
