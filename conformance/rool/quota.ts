/**
 * The target's storage quota per space (docs/rool-webdav.md, RFC 4331), learnt once before any
 * run, so the reference is given the same limit and an over-quota write is refused on both
 * sides alike: a throwaway space is made, its WebDAV root's `quota-used-bytes` and
 * `quota-available-bytes` are read, and the space is deleted.
 *
 * @module
 */
import type { Exchange, Side } from '../side.ts';
import { propfindBody } from './commands/_dav.ts';
import { parseMultistatus } from './dav/dav-xml.ts';

/**
 * Measures the target's storage quota per space.
 *
 * @param target The target.
 * @param options The WebDAV route (`{spaceId}` in it), the throwaway space's name, the user's
 * token, and how to call an RPC method on the target as that user.
 * @returns The quota in bytes, or `undefined` when the target does not report one (the WebDAV
 * comparisons then show how it differs).
 */
export async function measureQuota(
  target: Side,
  options: {
    davRoute: string;
    name: string;
    token: string;
    rpc: (method: string, input: unknown) => Promise<Exchange>;
  },
): Promise<number | undefined> {
  const { rpc } = options;
  const created = await rpc('spaces.create', { name: options.name });
  const id = (created.body as { value?: { id?: string } })?.value?.id;
  if (created.status !== 200 || typeof id !== 'string') return undefined;
  try {
    const answer = await target.send({
      method: 'PROPFIND',
      path: `${options.davRoute.replace('{spaceId}', encodeURIComponent(id))}/`,
      headers: {
        authorization: `Bearer ${options.token}`,
        depth: '0',
        'content-type': 'application/xml; charset=utf-8',
      },
      body: propfindBody(['DAV:quota-used-bytes', 'DAV:quota-available-bytes']),
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
