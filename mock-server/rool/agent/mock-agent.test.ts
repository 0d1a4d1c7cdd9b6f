import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AgentRequest, AgentSession } from './agent.ts';
import {
  createMockAgent,
  describe as describeRequest,
  parseMockAgentScript,
} from './mock-agent.ts';

const request: AgentRequest = {
  prompt: 'hi',
  systemInstruction: null,
  schema: {},
  objects: [],
  attachments: [],
  files: [],
  effort: 'STANDARD',
  readOnly: false,
};

function session(): AgentSession & { calls: [string, unknown][]; steps: number } {
  const calls: [string, unknown][] = [];
  const recorded = {
    calls,
    steps: 0,
    signal: new AbortController().signal,
    step: () => {
      recorded.steps++;
      return Promise.resolve();
    },
    callTool: (name: string, input: unknown) => {
      calls.push([name, input]);
      return 'ok';
    },
  };
  return recorded;
}

describe('parseMockAgentScript', () => {
  it('finds no script without a mock-agent block', () => {
    assert.equal(parseMockAgentScript('```json\n{"toolCalls": []}\n```'), undefined);
  });

  it('reads message and tool calls; input defaults to {}', () => {
    assert.deepEqual(
      parseMockAgentScript('x ```mock-agent\n{"message":"m","toolCalls":[{"name":"a"}]}```'),
      { message: 'm', toolCalls: [{ name: 'a', input: {} }] },
    );
  });

  it('explains a broken block', () => {
    for (
      const body of [
        '{',
        '[]',
        '{"toolCalls": 1}',
        '{"toolCalls": [{}]}',
        '{"message": 1, "toolCalls": []}',
      ]
    ) {
      const result = parseMockAgentScript(`\`\`\`mock-agent\n${body}\n\`\`\``);
      assert.equal(typeof result, 'string', body);
      assert.match(result as string, /^Error: the mock-agent block /);
    }
  });
});

describe('the mock agent', () => {
  it('steps before each tool call and before answering', async () => {
    const s = session();
    const message = await createMockAgent().run(
      {
        ...request,
        prompt: '```mock-agent\n{"toolCalls":[{"name":"a","input":{"x":1}},{"name":"b"}]}\n```',
      },
      s,
    );
    assert.deepEqual(s.calls, [['a', { x: 1 }], ['b', {}]]);
    assert.equal(s.steps, 3);
    assert.match(message, /^You asked: ```mock-agent/);
  });

  it('describes at most 20 objects and cuts long text', () => {
    const objects = Array.from(
      { length: 25 },
      (_, i) => ({ path: `/space/a/${i}.json`, body: {} }),
    );
    const text = describeRequest({ ...request, prompt: 'p'.repeat(300), objects, readOnly: true });
    assert.ok(text.includes(`You asked: ${'p'.repeat(200)}…`));
    assert.ok(text.includes('Objects I can see (25): '));
    assert.ok(text.includes('/space/a/19.json {}; and 5 more'));
    assert.ok(!text.includes('/space/a/20.json'));
    assert.ok(text.includes('Mode: read-only'));
  });
});
