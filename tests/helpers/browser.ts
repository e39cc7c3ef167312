import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
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

/**
 * Signs `person` in on the console's login form (the browser tests' one way
 * in). With `code` (2FA on), also its second step: a code from the
 * authenticator, or a function making one when the step is shown.
 */
export async function signIn(
  page: Page,
  baseUrl: string,
  person: { email: string; password: string },
  code?: string | (() => string),
): Promise<void> {
  await page.goto(`${baseUrl}/console`);
  await page.getByLabel('E-mail').fill(person.email);
  await page.getByLabel('Senha').fill(person.password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  if (code === undefined) return;
  const field = page.getByLabel('Código de verificação');
  await field.waitFor();
  await field.fill(typeof code === 'function' ? code() : code);
  await page.getByRole('button', { name: 'Verificar' }).click();
}

/** A full-page screenshot into test-output/screenshots/<name>.png. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
