import { randomBytes } from 'node:crypto';
import { passwordProblem } from '../auth/passwordPolicy';
import { hashPassword } from '../auth/passwords';
import { ConfigError } from '../config/env';
import type { Db } from '../db/client';

export type AdminBootstrap = { created: false } | { created: true; email: string; generatedPassword: string | null };

/**
 * Creates the first admin when none exists: from ADMIN_EMAIL/ADMIN_PASSWORD,
 * or with a generated password that the caller prints once. A weak
 * ADMIN_PASSWORD stops start-up as any bad variable does.
 */
export async function ensureAdmin(db: Db, opts: { email?: string; password?: string }): Promise<AdminBootstrap> {
  if (await db.attendant.findFirst({ where: { role: 'admin' }, select: { id: true } })) return { created: false };
  const email = (opts.email ?? 'admin@atende.local').toLowerCase();
  const problem = opts.password !== undefined ? passwordProblem(opts.password, [email]) : null;
  if (problem) throw new ConfigError(`Invalid configuration:\n  ADMIN_PASSWORD: ${problem}`);
  const generatedPassword = opts.password ? null : randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(opts.password ?? generatedPassword!);
  await db.attendant.upsert({
    where: { email },
    create: { name: 'Admin', email, passwordHash, role: 'admin', available: true },
    update: { role: 'admin', passwordHash, active: true },
  });
  return { created: true, email, generatedPassword };
}
