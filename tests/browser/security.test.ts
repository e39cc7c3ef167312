import type { Browser } from 'playwright-core';
import { hashPassword } from '../../src/auth/passwords';
import { totpCode } from '../../src/auth/twoFactor';
import { launchChromium, shot, signIn } from '../helpers/browser';
import { ApiApp } from '../helpers/apiApp';
import { waitFor } from '../helpers/wait';

/**
 * The console's security screens in real Chromium against the real app:
 * a person turns on 2FA (QR code, a code, the recovery codes shown once),
 * signs out (the refresh token is revoked on the server) and signs in again
 * with a code; an admin issues an API token (shown once), sees it used, and
 * revokes it; an admin hands a password-reset link that sets a new password.
 * Screenshots go to test-output/screenshots.
 */
const app = new ApiApp();
let browser: Browser;
const CARLA = { email: 'carla@example.com', password: 'carla-strong-password-7' };
const ADMIN = { email: 'dona@example.com', password: 'dona-strong-password-7' };

beforeAll(async () => {
  await app.start();
  browser = await launchChromium();
  await app.db.attendant.create({
    data: { name: 'Carla Dias', email: CARLA.email, passwordHash: await hashPassword(CARLA.password) },
  });
  await app.db.attendant.create({
    data: { name: 'Dona Admin', email: ADMIN.email, passwordHash: await hashPassword(ADMIN.password), role: 'admin' },
  });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await app.stop();
});

test('2FA setup in the profile, sign out, and sign in with a code', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, app.url, CARLA);
  await page.getByRole('button', { name: 'Segurança' }).click();
  await page.getByRole('button', { name: 'Ativar verificação em duas etapas' }).click();
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
  await page.getByRole('img', { name: 'QR code' }).waitFor();
  await shot(page, 'security-2fa-setup');
  const enrolCode = totpCode(secret);
  await page.getByLabel('Código de verificação').fill(enrolCode);
  await page.getByRole('button', { name: 'Confirmar' }).click();
  const codes = page.getByRole('region', { name: 'Código de recuperação' }).locator('code');
  await codes.first().waitFor();
  expect(await codes.count()).toBe(10);
  await shot(page, 'security-2fa-recovery-codes');
  await page.getByRole('button', { name: 'Pronto' }).click();
  await page.getByText('Ativada').waitFor();

  const refreshToken = await page.evaluate('sessionStorage.getItem("atende.refresh")');
  expect(refreshToken).toEqual(expect.any(String));
  await page.getByRole('button', { name: 'Sair' }).click();
  await page.getByLabel('E-mail').waitFor();
  // "Sair" revoked the session on the server, not only in the browser.
  await waitFor(
    () => app.db.auditEntry.count({ where: { action: 'auth.logout' } }),
    (n) => n === 1,
  );
  expect((await app.request('POST', '/api/v1/auth/refresh', { body: { refreshToken } })).status).toBe(401);

  // The enrolment's code is spent: the next step's code signs in.
  await signIn(page, app.url, CARLA, () => totpCode(secret, Date.now() + 30_000));
  await page.getByRole('button', { name: 'Segurança' }).waitFor();
  await shot(page, 'security-2fa-signed-in');
  expect(await app.db.auditEntry.count({ where: { action: 'auth.2fa_enabled' } })).toBe(1);
  await page.close();
});

test('an admin issues an API token, sees it shown once and used, and revokes it', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, app.url, ADMIN);
  await page.getByRole('button', { name: 'Administração' }).click();
  await page.getByRole('button', { name: 'Tokens de API' }).click();
  await page.getByLabel('Nome', { exact: true }).fill('CRM');
  await page.getByLabel('contacts:read').check();
  await page.getByRole('button', { name: 'Criar token' }).click();
  const token = (await page.getByTestId('new-token').textContent())!.trim();
  expect(token).toMatch(/^atd_/);
  await shot(page, 'security-token-created');
  expect((await app.request('GET', '/api/v1/contacts', { token })).status).toBe(200);
  expect((await app.request('GET', '/api/v1/attendants', { token })).status).toBe(403);

  page.on('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Tokens de API' }).click();
  await page.getByRole('button', { name: 'Revogar: CRM' }).click();
  await page.getByText('revogado').waitFor();
  await shot(page, 'security-token-revoked');
  expect((await app.request('GET', '/api/v1/contacts', { token })).status).toBe(401);
  await page.close();
});

test('an admin hands a password-reset link; it sets a new password once', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, app.url, ADMIN);
  await page.getByRole('button', { name: 'Administração' }).click();
  await page.getByRole('button', { name: 'Gerar link de senha: Carla Dias' }).click();
  const link = await page.getByLabel('Link de redefinição de senha: Carla Dias').inputValue();
  expect(link).toContain('/console/#/reset-password/atr_');
  await shot(page, 'security-reset-link');

  const other = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await other.goto(link);
  await other.getByLabel('Nova senha', { exact: true }).fill('carla-brand-new-password-8');
  await other.getByRole('button', { name: 'Salvar senha' }).click();
  await other.getByText('Senha alterada').waitFor();
  await shot(other, 'security-reset-done');
  const again = await app.request('POST', '/api/v1/auth/password-reset', {
    body: { token: link.split('/reset-password/')[1], password: 'yet-another-password-9' },
  });
  expect(again.status).toBe(400);
  await other.close();
  await page.close();
});

test('REQUIRE_ADMIN_2FA: the console holds an admin without 2FA at enrolment until it is on', async () => {
  const strict = await new ApiApp(undefined, { requireAdmin2fa: true }).start();
  try {
    const boss = { email: 'chefe@example.com', password: 'chefe-strong-password-7' };
    await strict.db.attendant.create({
      data: { name: 'Chefe', email: boss.email, passwordHash: await hashPassword(boss.password), role: 'admin' },
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, strict.url, boss);
    await page.getByText('Administradores precisam ativar a verificação em duas etapas').waitFor();
    expect(await page.getByRole('region', { name: 'Meus chats' }).count()).toBe(0);
    await shot(page, 'security-2fa-required');
    await page.getByRole('button', { name: 'Ativar verificação em duas etapas' }).click();
    const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
    await page.getByLabel('Código de verificação').fill(totpCode(secret));
    await page.getByRole('button', { name: 'Confirmar' }).click();
    await page.getByRole('button', { name: 'Pronto' }).click();
    // 2FA on: the console lets them in.
    await page.getByRole('region', { name: 'Meus chats' }).waitFor();
    expect(await page.getByText('Administradores precisam ativar').count()).toBe(0);
    await page.close();
  } finally {
    await strict.stop();
  }
});
