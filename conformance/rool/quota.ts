/**
 * The target's storage quota per space (docs/rool-webdav.md, RFC 4331), learnt once before any
 * run, so the reference is given the same limit and an over-quota write is refused on both
 * sides alike: a throwaway space is made, its WebDAV root's `quota-used-bytes` and
 * `quota-available-bytes` are read, and the space is deleted.
 *
 * @module
 */
import type { Side } from '../side.ts';
import { parseMultistatus } from './dav/dav-xml.ts';

const propfind = '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop>' +
  '<D:quota-used-bytes/><D:quota-available-bytes/></D:prop></D:propfind>';

/**
 * Measures the target's storage quota per space.
 *
 * @param target The target.
 * @param options The RPC route, the throwaway space's name, and the user's token.
 * @returns The quota in bytes, or `undefined` when the target does not report one (the WebDAV
 * comparisons then show how it differs).
 */
export async function measureQuota(
  target: Side,
  options: { rpcPath: string; name: string; token: string },
): Promise<number | undefined> {
  const headers = { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' };
  const rpc = (method: string, input: unknown) =>
    target.send({ path: options.rpcPath, headers, body: JSON.stringify({ method, input }) });
  const created = await rpc('spaces.create', { name: options.name });
  const id = (created.body as { value?: { id?: string } })?.value?.id;
  if (created.status !== 200 || typeof id !== 'string') return undefined;
  try {
    const answer = await target.send({
      method: 'PROPFIND',
      path: `/v1/spaces/${encodeURIComponent(id)}/dav/`,
      headers: { ...headers, depth: '0', 'content-type': 'application/xml; charset=utf-8' },
      body: propfind,
    });
    const multistatus = parseMultistatus(answer.text ?? '');
    if (answer.status !== 207 || 'error' in multistatus) return undefined;
    const props = [...multistatus.responses.values()][0]?.props;
    const number = (name: string) => {
      const value = props?.get(name)?.value;
      return value?.kind === 'text' && /^\d+$/.test(value.text) ? Number(value.text) : undefined;
    };
    const [used, available] = [number('DAV:quota-used-bytes'), number('DAV:quota-available-bytes')];
    return used === undefined || available === undefined ? undefined : used + available;
  } finally {
    await rpc('spaces.delete', { spaceId: id });
  }
}
