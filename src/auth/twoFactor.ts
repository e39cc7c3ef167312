import { randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import type { ChannelSecrets } from '../channels/channelSecrets';
import type { Db } from '../db/client';
import type { Prisma } from '../generated/prisma/client';
import { hashSecret } from './apiTokens';

/** RFC 6238 as every authenticator app reads it: SHA-1, 6 digits, 30 s. */
const PERIOD = 30;
const ISSUER = 'Atende';
export const RECOVERY_CODE_COUNT = 10;
/** Crockford's base32: no I, L, O, U, so a code read aloud or copied by hand survives. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const totp = (secret: string, label = '') =>
  new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) });

/** A new 160-bit TOTP secret (base32), as RFC 4226 recommends. */
export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

/** The otpauth:// URI an authenticator app reads, and the same as a QR code (an SVG data URL). */
export async function enrolment(secret: string, account: string): Promise<{ otpauthUri: string; qrCode: string }> {
  const otpauthUri = totp(secret, account).toString();
  const svg = await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { otpauthUri, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

/**
 * The time step of a right code (the current one, or one step either side for
 * clocks apart), or null. A step at or before `lastStep` is refused: a code is
 * good once, so one seen over a shoulder or replayed does not sign in again.
 */
export function totpStep(secret: string, code: string, lastStep: number | null, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(secret).validate({ token: code, timestamp: now, window: 1 });
  if (delta === null) return null;
  const step = Math.floor(now / 1000 / PERIOD) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}

/** The code a right authenticator shows at `now` (tests, and nothing else, need it). */
export const totpCode = (secret: string, now = Date.now()): string => totp(secret).generate({ timestamp: now });

/** Ten codes of 12 base32 characters (60 bits) as xxxx-xxxx-xxxx. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 12 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
  });
}

/** A recovery code as typed (any case, with or without dashes or spaces) → its stored hash. */
export const recoveryCodeHash = (code: string): string =>
  hashSecret(code.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0'));

/** The TOTP secret sealed at rest with the keyring, as channel secrets are. */
export const sealSecret = (secrets: ChannelSecrets, secret: string): string => secrets.seal({ totp: secret }).totp!;
export const openSecret = (secrets: ChannelSecrets, sealed: string): string =>
  secrets.open({ totp: sealed }).totp as string;

type Tx = Prisma.TransactionClient | Db;

/** Replaces a person's recovery codes with ten new ones; the codes, shown once. */
export async function issueRecoveryCodes(tx: Tx, attendantId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await tx.recoveryCode.deleteMany({ where: { attendantId } });
  await tx.recoveryCode.createMany({ data: codes.map((c) => ({ attendantId, codeHash: recoveryCodeHash(c) })) });
  return codes;
}

/**
 * The person's second factor checked: a TOTP code (its step recorded) or an
 * unused recovery code (spent by one conditional update, so two concurrent
 * uses cannot both pass). What matched, or null.
 */
export async function checkSecondFactor(
  db: Db,
  secrets: ChannelSecrets,
  attendant: { id: string; totpSecret: string | null; totpLastStep: number | null },
  input: { code?: string | undefined; recoveryCode?: string | undefined },
): Promise<'totp' | 'recovery' | null> {
  if (input.code !== undefined && attendant.totpSecret) {
    const step = totpStep(openSecret(secrets, attendant.totpSecret), input.code, attendant.totpLastStep);
    if (step === null) return null;
    const taken = await db.attendant.updateMany({
      where: { id: attendant.id, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step },
    });
    return taken.count === 1 ? 'totp' : null;
  }
  if (input.recoveryCode !== undefined) {
    const used = await db.recoveryCode.updateMany({
      where: { attendantId: attendant.id, codeHash: recoveryCodeHash(input.recoveryCode), usedAt: null },
      data: { usedAt: new Date() },
    });
    return used.count === 1 ? 'recovery' : null;
  }
  return null;
}
