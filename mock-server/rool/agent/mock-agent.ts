/**
 * The mock's deterministic agent (docs/rool-contract.md §6). By default it
 * answers with a description of what it saw. A fenced block tagged
 * `mock-agent` in the prompt, holding
 * `{"message"?: string, "toolCalls": [{"name", "input"}]}`, makes it run those
 * tools in order and answer with `message`. A `responseSchema` makes the
 * answer an example JSON value of that shape. It waits the configured delay
 * before each step, so a test can stop it mid-flight.
 *
 * @module
 */
import { type AgentRequest, type AgentSession, agentToolNames, type RoolAgent } from './agent.ts';
import { exampleJson } from './example-json.ts';

/** A script from a prompt's `mock-agent` block. */
export interface MockAgentScript {
  /** The answer's message, if given. */
  message?: string;
  /** The tools to call, in order. */
  toolCalls: { name: string; input: unknown }[];
}

const fence = /```mock-agent[ \t]*\r?\n([\s\S]*?)```/;

/**
 * Finds and checks the `mock-agent` block of a prompt.
 *
 * @param prompt The prompt text.
 * @returns The script, `undefined` without a block, or an error message for a bad block.
 *
 * @example Usage
 * ```ts
 * import assert from 'node:assert/strict';
 * import { parseMockAgentScript } from './mock-agent.ts';
 * const fence = '`'.repeat(3);
 * const json = '{"toolCalls": [{"name": "delete_objects", "input": {"paths": []}}]}';
 * const prompt = `Do it\n${fence}mock-agent\n${json}\n${fence}`;
 * assert.deepEqual(parseMockAgentScript(prompt), {
 *   toolCalls: [{ name: 'delete_objects', input: { paths: [] } }],
 * });
 * ```
 */
export function parseMockAgentScript(prompt: string): MockAgentScript | string | undefined {
  const match = prompt.match(fence);
  if (!match) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(match[1]);
  } catch {
    return 'Error: the mock-agent block is not valid JSON';
  }
  const shape = 'Error: the mock-agent block must be {"message"?: string, "toolCalls": ' +
    '[{"name": string, "input": object}]}';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return shape;
  const { message, toolCalls } = value as Record<string, unknown>;
  if (message !== undefined && typeof message !== 'string') return shape;
  if (!Array.isArray(toolCalls)) return shape;
  for (const call of toolCalls) {
    if (typeof call !== 'object' || call === null || typeof call.name !== 'string') return shape;
  }
  const calls = toolCalls.map(({ name, input }) => ({ name, input: input ?? {} }));
  return message === undefined ? { toolCalls: calls } : { message, toolCalls: calls };
}

/**
 * Creates the deterministic agent.
 *
 * @returns The agent.
 *
 * @example Wrap it, to count the prompts a test sends
 * ```ts
 * import assert from 'node:assert/strict';
 * import { createMockAgent, createMockServer, type RoolAgent } from '../../mod.ts';
 * const inner = createMockAgent();
 * let prompts = 0;
 * const agent: RoolAgent = {
 *   run(request, session) {
 *     prompts++;
 *     return inner.run(request, session);
 *   },
 * };
 * const mock = createMockServer({ rool: { agent } });
 * assert.equal(prompts, 0);
 * await mock.close();
 * ```
 */
export function createMockAgent(): RoolAgent {
  return {
    async run(request: AgentRequest, session: AgentSession): Promise<string> {
      const script = parseMockAgentScript(request.prompt);
      if (typeof script === 'object') {
        for (const call of script.toolCalls) {
          await session.step();
          session.callTool(call.name, call.input);
        }
      }
      await session.step();
      if (request.responseSchema) return JSON.stringify(exampleJson(request.responseSchema));
      if (typeof script === 'string') return script;
      return script?.message ?? describe(request);
    },
  };
}

/** How much of each part the description shows. */
const shown = { text: 200, objects: 20 };

/**
 * The default answer: what the agent saw.
 *
 * @param request The request.
 * @returns The description, one part per line.
 */
export function describe(request: AgentRequest): string {
  const cut = (text: string) => text.length > shown.text ? `${text.slice(0, shown.text)}…` : text;
  const collections = Object.entries(request.schema).map(([name, def]) =>
    `${name} (${def.fields.map((f) => `${f.name}: ${f.type.kind}`).join(', ') || 'no fields'})`
  );
  const objects = request.objects.slice(0, shown.objects).map((o) =>
    `${o.path} ${cut(JSON.stringify(o.body))}`
  );
  if (request.objects.length > shown.objects) {
    objects.push(`and ${request.objects.length - shown.objects} more`);
  }
  const list = (items: string[]) => items.length > 0 ? items.join('; ') : 'none';
  return [
    `You asked: ${cut(request.prompt)}`,
    `Collections: ${list(collections)}`,
    `Objects I can see (${request.objects.length}): ${list(objects)}`,
    `Attachments: ${list(request.attachments)}`,
    `System instruction: ${
      request.systemInstruction === null ? 'none' : cut(request.systemInstruction)
    }`,
    `Mode: ${request.readOnly ? 'read-only' : 'read-write'}, effort ${request.effort}; ` +
    `tools: ${agentToolNames.join(', ')}`,
  ].join('\n');
}
