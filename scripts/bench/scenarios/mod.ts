/**
 * Every benchmark scenario, in the order `deno task bench` runs them.
 *
 * @module
 */
import type { Scenario } from '../scenario.ts';
import { throughputScenario } from './throughput.ts';
import { mixedScenario } from './mixed.ts';
import { clientScenario } from './client.ts';
import { codegenScenario } from './codegen.ts';
import { conformanceScenario } from './conformance.ts';
import { roolScenario } from './rool.ts';
import { memoryScenario } from './memory.ts';
import { prismScenario } from './prism.ts';

/** The scenarios, in run order. */
export const scenarios: Scenario[] = [
  throughputScenario,
  prismScenario,
  mixedScenario,
  memoryScenario,
  clientScenario,
  codegenScenario,
  conformanceScenario,
  roolScenario,
];
