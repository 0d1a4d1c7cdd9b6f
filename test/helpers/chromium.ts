// Debian's Chromium (/usr/bin/chromium), driven by playwright-core: never a browser download.
// The browser tests launch it through here, so the path, the flags and the message when it is
// missing are said once. CI installs the package in .ci/run.
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Where Debian's `chromium` package puts the browser. */
export const chromiumPath = '/usr/bin/chromium';

/** What to do when Chromium is missing. */
export const chromiumMissing =
  `Chromium is missing at ${chromiumPath}: install it with \`apt-get install -y chromium\` ` +
  '(CI installs it in .ci/run)';

/**
 * Launches headless Chromium with the flags this machine needs.
 *
 * @returns The browser; close it when done.
 * @throws {Error} When Chromium is not installed.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) throw new Error(chromiumMissing);
  return await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}
