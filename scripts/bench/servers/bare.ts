/**
 * The bare baseline every mock figure is divided by: the least a server can do
 * for one RPC call. It checks the bearer key, parses the JSON envelope, looks
 * the instance up in a `Map` and answers the same envelope the mock answers.
 * No routing, no validation, no framework.
 *
 * @module
 */

/** The API key the baseline accepts, the mock's development key. */
export const bareApiKey = 'roj_dev_key';

/** A stored instance, in the shape the mock's `instances.get` answers with. */
export interface BareInstance {
  instanceId: string;
  name: string;
  status: string;
  templateSlug: string;
  bundleSlug: string;
  bundleRevisionId: string;
  vcsType: string;
  metadata: null;
  createdAt: string;
}

/**
 * A store of `count` instances, keyed by ID.
 *
 * @param count How many instances to store.
 * @returns The store.
 */
export function bareStore(count: number): Map<string, BareInstance> {
  const store = new Map<string, BareInstance>();
  for (let i = 0; i < count; i++) {
    const instanceId = `ins_${String(i).padStart(12, '0')}`;
    store.set(instanceId, {
      instanceId,
      name: `bench ${i}`,
      status: 'ready',
      templateSlug: 'starter',
      bundleSlug: 'starter',
      bundleRevisionId: 'rev_starter_1',
      vcsType: 'none',
      metadata: null,
      createdAt: new Date(0).toISOString(),
    });
  }
  return store;
}

/**
 * Answers one parsed call: the `Authorization` header, then the envelope.
 *
 * @param authorization The request's `Authorization` header.
 * @param body The request body's text.
 * @param store The instances.
 * @returns The status and the response body's text.
 */
export function bareAnswer(
  authorization: string | null | undefined,
  body: string,
  store: Map<string, BareInstance>,
): { status: number; body: string } {
  if (authorization !== `Bearer ${bareApiKey}`) {
    return { status: 401, body: '{"ok":false,"error":{"type":"unauthorized"}}' };
  }
  const envelope = JSON.parse(body) as { input?: { instanceId?: string } };
  const value = store.get(envelope.input?.instanceId ?? '');
  if (!value) return { status: 404, body: '{"ok":false,"error":{"type":"not_found"}}' };
  return { status: 200, body: JSON.stringify({ ok: true, value }) };
}
