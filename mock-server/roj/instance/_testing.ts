/**
 * What the instance endpoint's tests share: a mock with a settable clock, one
 * instance with a token, an instance client, and a raw RPC call to the
 * instance endpoint.
 *
 * @module
 */
import { type MockSetup, setupMock } from '../../../test/helpers/roj-mock.ts';
import type { RojInstanceClient } from '../../../src/roj/instance-client.ts';
import type { MockServerOptions } from '../../mod.ts';
import type { SandboxRecord } from '../state.ts';

/** The clock's start: 2026-11-21T07:13:00.000Z. */
export const t0: number = Date.parse('2026-11-21T07:13:00.000Z');

/** What {@linkcode setupInstance} returns. */
export interface InstanceSetup extends MockSetup {
  /** The mock's clock; set `now` to move it. */
  clock: { now: number };
  /** The instance. */
  instanceId: string;
  /** Its token. */
  token: string;
  /** An instance client with the token. */
  client: RojInstanceClient;
  /** The instance endpoint's path. */
  path: string;
  /** Calls an instance method on the wire, with the token unless `headers` replace it. */
  call(
    method: string,
    input: unknown,
    headers?: Record<string, string>,
  ): ReturnType<MockSetup['rpc']>;
  /** The sandbox record with an id, to read or force its state. */
  sandbox(sandboxId: string): SandboxRecord;
}

/**
 * A mock at {@linkcode t0} with one instance and a token for it.
 *
 * @param options Mock options; the clock is the setup's own.
 * @returns The setup.
 *
 * @example Usage
 * ```ts ignore
 * const { client, roj, instanceId, clock, sandbox } = await setupInstance();
 * clock.now += 60_000;
 * ```
 */
export async function setupInstance(options: MockServerOptions = {}): Promise<InstanceSetup> {
  const clock = { now: t0 };
  const setup = setupMock({ ...options, clock: () => clock.now });
  const { instanceId, token, client } = await setup.instanceWithToken();
  const path = `/api/v1/instances/${instanceId}/rpc`;
  return {
    ...setup,
    clock,
    instanceId,
    token,
    client,
    path,
    call: (method, input, headers = { authorization: `Bearer ${token}` }) =>
      setup.rpc(path, { method, input }, headers),
    sandbox(sandboxId) {
      const sandbox = setup.mock.runtime.state.sandboxes.get(sandboxId);
      if (!sandbox) throw new Error(`No sandbox ${sandboxId}`);
      return sandbox;
    },
  };
}
