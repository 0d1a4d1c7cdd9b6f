/**
 * The platform endpoint's handlers (`POST /api/v1/rpc`), one file per
 * namespace, plus the upload and the service pages. The table's type makes a
 * registry method without a handler a compile error.
 *
 * @module
 */
import type { PlatformHandlers } from './_handlers.ts';
import { bundlesHandlers } from './bundles.ts';
import { instancesHandlers } from './instances.ts';
import { resourcesHandlers } from './resources.ts';
import { servicesHandlers } from './services.ts';
import { sessionsHandlers } from './sessions.ts';
import { tokensHandlers } from './tokens.ts';

export type { PlatformHandlers } from './_handlers.ts';
export { servicePage } from './services.ts';
export { uploadFile } from './upload.ts';

/** Handlers of all 17 platform methods. */
export const platformHandlers: PlatformHandlers = {
  ...instancesHandlers,
  ...sessionsHandlers,
  ...tokensHandlers,
  ...servicesHandlers,
  ...bundlesHandlers,
  ...resourcesHandlers,
};
