import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { projectRoot } from '../../src/config/paths';

/** Debian's Chromium (installed by `npm run setup`), or CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where browser tests leave their screenshots. */
export const SCREENSHOTS = path.join(projectRoot, 'test-output', 'screenshots');

/**
 * Real headless Chromium through playwright-core. The network flags keep it
 * from calling home, which stalls it on a closed network.
 */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `no Chromium at ${CHROMIUM}: run npm run setup as root, install Debian's chromium, or set CHROMIUM_PATH`,
    );
  }
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
