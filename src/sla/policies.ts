import { z } from 'zod';
import type { Db } from '../db/client';
import type { Prisma } from '../generated/prisma/client';
import { readJsonColumn } from '../db/jsonColumn';
import { durationMs } from '../csat/settings';
import { PRIORITIES, SLA_TARGETS, type Priority, type SlaTarget } from '../../workflows/types';

/**
 * SLA policies (`GET|PUT /api/v1/sla-policies`, docs/api.md "SLA policies"):
 * an ordered list, the first whose `match` fits a chat is the chat's. Stored
 * as one Setting. The chat's workflow runs the clocks (workflows/sla.ts); the
 * `slaPlan` activity (activities/sla.ts) picks the policy when the chat is
 * first handed to people.
 */

const Duration = z
  .string()
  .trim()
  .refine((v) => {
    const ms = durationMs(v);
    return ms >= 1000 && ms <= 365 * 86_400_000;
  }, 'must be a positive duration from 1 second to 365 days, such as "4 hours" or "30 seconds"');

export const SlaPolicy = z
  .object({
    name: z.string().trim().min(1).max(100),
    match: z
      .object({
        priority: z.enum(PRIORITIES).optional(),
        department: z.string().trim().min(1).max(100).optional(),
        channelId: z.string().trim().min(1).max(100).optional(),
        tag: z.string().trim().min(1).max(100).optional(),
      })
      .strict()
      .default({}),
    targets: z
      .object(
        Object.fromEntries(SLA_TARGETS.map((t) => [t, Duration.optional()])) as Record<
          SlaTarget,
          z.ZodOptional<typeof Duration>
        >,
      )
      .strict()
      .refine((t) => Object.values(t).some((v) => v !== undefined), 'must set at least one target'),
    businessHours: z.boolean().default(false),
    warnAt: z.number().gt(0).max(1).default(0.8),
    onBreach: z
      .object({ requeue: z.boolean().default(false), raisePriority: z.boolean().default(false) })
      .strict()
      .optional(),
  })
  .strict();
export type SlaPolicy = z.infer<typeof SlaPolicy>;

/** `PUT /api/v1/sla-policies`'s body: the whole ordered list; names are unique. */
export const SlaPoliciesBody = z
  .array(SlaPolicy)
  .max(100)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((p, i) => {
      const key = p.name.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', message: 'another policy has this name', path: [i, 'name'] });
      seen.add(key);
    });
  });

const KEY = 'sla-policies';

export async function loadSlaPolicies(db: Pick<Db, 'setting'>): Promise<SlaPolicy[]> {
  const row = await db.setting.findUnique({ where: { key: KEY } });
  if (!row) return [];
  const parsed = SlaPoliciesBody.safeParse(readJsonColumn<unknown>(row.value, []));
  return parsed.success ? parsed.data : [];
}

export async function saveSlaPolicies(tx: Prisma.TransactionClient, policies: SlaPolicy[]): Promise<void> {
  const value = JSON.stringify(policies);
  await tx.setting.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
}

/** What a chat is matched on when it is first handed to people. */
export interface SlaSubject {
  priority: Priority;
  department: string | null;
  channelId: string;
  /** Its tags' names (case ignored). */
  tags: string[];
}

/** The first policy whose every given field fits the chat, or null. */
export function matchPolicy(policies: readonly SlaPolicy[], chat: SlaSubject): SlaPolicy | null {
  const tags = new Set(chat.tags.map((t) => t.toLowerCase()));
  return (
    policies.find(({ match: m }) => {
      if (m.priority !== undefined && m.priority !== chat.priority) return false;
      if (m.department !== undefined && m.department !== chat.department) return false;
      if (m.channelId !== undefined && m.channelId !== chat.channelId) return false;
      if (m.tag !== undefined && !tags.has(m.tag.toLowerCase())) return false;
      return true;
    }) ?? null
  );
}
