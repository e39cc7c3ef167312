import { randomBytes } from 'node:crypto';
import { passwordProblem } from '../auth/passwordPolicy';
import { hashPassword } from '../auth/passwords';
import { ConfigError } from '../config/env';
import type { Db } from '../db/client';

export type AdminBootstrap = { created: false } | { created: true; email: string; generatedPassword: string | null };

/**
 * Creates the first admin when none exists: from ADMIN_EMAIL/ADMIN_PASSWORD,
 * or with a generated password that the caller prints once. A weak
 * ADMIN_PASSWORD stops start-up as any bad variable does. Exactly one of
 * several processes starting at once makes it.
 */
export async function ensureAdmin(db: Db, opts: { email?: string; password?: string }): Promise<AdminBootstrap> {
  if (await db.attendant.findFirst({ where: { role: 'admin' }, select: { id: true } })) return { created: false };
  const email = (opts.email ?? 'admin@atende.local').toLowerCase();
  const problem = opts.password !== undefined ? passwordProblem(opts.password, [email]) : null;
  if (problem) throw new ConfigError(`Invalid configuration:\n  ADMIN_PASSWORD: ${problem}`);
  const generatedPassword = opts.password ? null : randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(opts.password ?? generatedPassword!);
  // Several processes may start at once on an empty database: the row is
  // created, never upserted, so only one of them makes the admin and prints
  // its password; the others find it made.
  try {
    await db.attendant.create({
      data: { name: 'Admin', email, passwordHash, role: 'admin', available: true },
    });
  } catch (err) {
    if ((err as { code?: unknown } | null)?.code !== 'P2002') throw err;
    // The e-mail is taken: by an admin another process just made, or by a
    // non-admin account, which becomes the admin (once, whoever asks first).
    const promoted = await db.attendant.updateMany({
      where: { email, role: { not: 'admin' } },
      data: { role: 'admin', passwordHash, active: true, tokenVersion: { increment: 1 } },
    });
    if (promoted.count === 0) return { created: false };
  }
  return { created: true, email, generatedPassword };
}
