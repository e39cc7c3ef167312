import { z } from 'zod';
import { API_TOKEN_SCOPES } from '../../auth/apiTokens';

/** The second step of a 2FA login: the challenge and a code from the app, or a recovery code. */
export const SecondFactorLogin = z
  .object({
    challengeToken: z.string().min(1),
    code: z.string().trim().max(10).optional(),
    recoveryCode: z.string().trim().max(40).optional(),
  })
  .strict()
  .refine((b) => (b.code === undefined) !== (b.recoveryCode === undefined), {
    path: ['code'],
    message: 'give exactly one of code or recoveryCode',
  });

export const Logout = z.object({ refreshToken: z.string().min(1) }).strict();

export const ConfirmTwoFactor = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, 'must be 6 digits'),
  })
  .strict();

export const DisableTwoFactor = z
  .object({
    password: z.string().min(1).max(200),
    code: z.string().trim().max(10).optional(),
    recoveryCode: z.string().trim().max(40).optional(),
  })
  .strict()
  .refine((b) => (b.code === undefined) !== (b.recoveryCode === undefined), {
    path: ['code'],
    message: 'give exactly one of code or recoveryCode',
  });

export const UsePasswordReset = z.object({ token: z.string().min(1).max(200), password: z.string().max(200) }).strict();

export const CreateApiToken = z
  .object({
    name: z.string().trim().min(1).max(100),
    scopes: z.array(z.enum(API_TOKEN_SCOPES)).min(1).max(API_TOKEN_SCOPES.length),
    expiresAt: z.iso
      .datetime({ offset: true })
      .refine((v) => Date.parse(v) > Date.now(), 'must be in the future')
      .optional(),
  })
  .strict();
