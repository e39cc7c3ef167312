import { z } from 'zod';

/** A year ahead at most: a hold is a pause, not an archive. */
const MAX_HOLD_MS = 366 * 86_400_000;

/** `POST /api/v1/chats/:id/hold`: `until` (ISO 8601 with an offset, in the future) and `reason` both optional. */
export const HoldBody = z
  .object({
    until: z
      .string()
      .datetime({ offset: true })
      .refine((v) => Date.parse(v) > Date.now(), 'must be in the future')
      .refine((v) => Date.parse(v) - Date.now() <= MAX_HOLD_MS, 'must be within a year')
      .transform((v) => new Date(v).toISOString())
      .optional(),
    reason: z.string().trim().min(1).max(500).optional(),
  })
  .strict();
