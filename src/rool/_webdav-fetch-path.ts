// `space.fetchPath(path)`: a GET of a drive file, by its `/rool-drive/…` path or its
// `rool-machine:` URI; objects (`/space/…`) are read through a channel instead.
import { invalidArgument } from './errors.ts';
import { davPath } from './_webdav-paths.ts';
import type { RoolWebDAV } from './webdav.ts';
import type { WebDAVGetOptions } from './webdav-types.ts';

const driveFile = /^\/rool-drive\/./;

/**
 * Fetches a drive file.
 *
 * @param webdav The space's WebDAV client.
 * @param path A `/rool-drive/…` file path or its `rool-machine:` URI.
 * @param options As for `webdav.get`.
 * @returns The answer.
 * @throws {RoolError} `validation_error` for an object path, the drive itself,
 * or anything else that is not a file path under `/rool-drive`.
 * @throws {WebDAVError} When the GET fails (`not_found`, …).
 */
export async function fetchDrivePath(
  webdav: RoolWebDAV,
  path: string,
  options?: WebDAVGetOptions,
): Promise<Response> {
  const target = davPath(path);
  if (!driveFile.test(target)) {
    const hint = target === '/space' || target.startsWith('/space/')
      ? '; read objects with channel.getObject'
      : '';
    throw invalidArgument(
      `fetchPath takes a /rool-drive/… file path or its rool-machine: URI${hint}: ${target}`,
    );
  }
  return await webdav.get(target, options);
}
