import { z } from 'zod';
import { PRIORITIES, type Priority } from '../../workflows/types';
import { INTENTS } from '../../workflows/botTypes';
import type { Db } from '../db/client';
import { readJsonColumn } from '../db/jsonColumn';

const Department = z.string().trim().min(1).max(100);
const Skill = z.string().trim().min(1).max(50);

/** `PUT /api/v1/routing`: which department and skills a handed-off chat needs, by its last intent. */
export const RoutingConfig = z
  .object({
    rules: z
      .array(
        z
          .object({
            intent: z.enum(INTENTS),
            department: Department.optional(),
            skills: z.array(Skill).max(20).optional(),
            priority: z.enum(PRIORITIES).optional(),
            /** Tags of the catalogue put on the chat when this rule routes it (names; see src/tags/). */
            tags: z.array(z.string().trim().min(1).max(50)).max(10).optional(),
          })
          .strict(),
      )
      .max(100)
      .refine((rules) => new Set(rules.map((r) => r.intent)).size === rules.length, 'one rule per intent'),
    defaultDepartment: Department.optional(),
  })
  .strict();
export type RoutingConfig = z.infer<typeof RoutingConfig>;

const KEY = 'routing';
const EMPTY: RoutingConfig = { rules: [] };

export async function loadRouting(db: Db): Promise<RoutingConfig> {
  const row = await db.setting.findUnique({ where: { key: KEY } });
  if (!row) return EMPTY;
  const parsed = RoutingConfig.safeParse(readJsonColumn<unknown>(row.value, EMPTY));
  return parsed.success ? parsed.data : EMPTY;
}

export async function saveRouting(db: Pick<Db, 'setting'>, config: RoutingConfig): Promise<void> {
  const value = JSON.stringify(config);
  await db.setting.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
}

export interface Route {
  department: string | null;
  skills: string[];
  priority: Priority;
}

/**
 * The tags the rule for the chat's last intent puts on it, when that rule
 * routes it (a transfer to a department is not routed by rules).
 */
export function ruleTags(config: RoutingConfig, chat: { intent: string | null; explicitDepartment: string | null }) {
  if (chat.explicitDepartment !== null) return [];
  return config.rules.find((r) => r.intent === chat.intent)?.tags ?? [];
}

/**
 * Where a handed-off chat goes: a department set by a transfer wins; else
 * the rule for its last intent; else its channel's department; else the
 * default. A rule may raise the priority, never lower it.
 */
export function routeChat(
  config: RoutingConfig,
  chat: {
    intent: string | null;
    explicitDepartment: string | null;
    channelDepartment: string | null;
    priority: Priority;
  },
): Route {
  const rule = config.rules.find((r) => r.intent === chat.intent);
  const raised = rule?.priority && PRIORITIES.indexOf(rule.priority) > PRIORITIES.indexOf(chat.priority);
  return {
    department:
      chat.explicitDepartment ?? rule?.department ?? chat.channelDepartment ?? config.defaultDepartment ?? null,
    skills: rule?.skills ?? [],
    priority: raised ? rule.priority! : chat.priority,
  };
}
