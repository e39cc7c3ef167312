import { z } from 'zod';
import { unknownVariables } from '../text/template';
import type { Db } from '../db/client';
import { readJsonColumn } from '../db/jsonColumn';
import {
  AUTOMATIC_MESSAGE_KEYS,
  AUTOMATIC_MESSAGE_LOCALES,
  AUTOMATIC_MESSAGE_VARIABLES,
  EMPTY_AUTOMATIC_MESSAGES,
  type AutomaticMessageKey,
  type AutomaticMessages,
} from './texts';

/** One text of a key: non-blank, and only the key's variables (400 naming `body.default.pt-BR.handoff`). */
function textOf(key: AutomaticMessageKey) {
  return z
    .string()
    .trim()
    .min(1)
    .max(4096)
    .superRefine((text, ctx) => {
      const unknown = unknownVariables(text, AUTOMATIC_MESSAGE_VARIABLES[key]);
      if (unknown.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown variable {{${unknown[0]}}}; ${key} may use ${
            AUTOMATIC_MESSAGE_VARIABLES[key].map((v) => `{{${v}}}`).join(', ') || 'none'
          }`,
        });
      }
    });
}

const Texts = z
  .object(
    Object.fromEntries(AUTOMATIC_MESSAGE_KEYS.map((k) => [k, textOf(k).optional()])) as {
      [K in AutomaticMessageKey]: z.ZodOptional<ReturnType<typeof textOf>>;
    },
  )
  .strict();
const Localized = z.partialRecord(z.enum(AUTOMATIC_MESSAGE_LOCALES), Texts);

/** `PUT /api/v1/automatic-messages`'s body; `builtIn` and `variables` (what GET adds) are accepted and dropped. */
export const AutomaticMessagesBody = z
  .object({
    default: Localized.default({}),
    channels: z.record(z.string().min(1).max(100), Localized).default({}),
    builtIn: z.unknown().optional(),
    variables: z.unknown().optional(),
  })
  .strict()
  .transform(({ default: d, channels }) => ({ default: d, channels }));

export const AutomaticMessagePreview = z
  .object({
    key: z.enum(AUTOMATIC_MESSAGE_KEYS),
    locale: z.enum(AUTOMATIC_MESSAGE_LOCALES).default('pt-BR'),
    channelId: z.string().min(1).max(100).optional(),
    text: z.string().max(4096).optional(),
    variables: z.record(z.string(), z.string().max(1000)).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const allowed = AUTOMATIC_MESSAGE_VARIABLES[p.key];
    if (p.text !== undefined) {
      const unknown = unknownVariables(p.text, allowed);
      if (unknown.length > 0) {
        ctx.addIssue({ code: 'custom', message: `unknown variable {{${unknown[0]}}} for ${p.key}`, path: ['text'] });
      }
    }
    for (const name of Object.keys(p.variables ?? {})) {
      if (!allowed.includes(name)) {
        ctx.addIssue({ code: 'custom', message: `${p.key} has no variable ${name}`, path: ['variables', name] });
      }
    }
  });

const KEY = 'automatic-messages';

/** The texts as set (`{"default":{},"channels":{}}` when never set). */
export async function loadAutomaticMessages(db: Db): Promise<AutomaticMessages> {
  const row = await db.setting.findUnique({ where: { key: KEY } });
  if (!row) return EMPTY_AUTOMATIC_MESSAGES;
  const parsed = AutomaticMessagesBody.safeParse(readJsonColumn<unknown>(row.value, null));
  return parsed.success ? (parsed.data as AutomaticMessages) : EMPTY_AUTOMATIC_MESSAGES;
}

export async function saveAutomaticMessages(db: Pick<Db, 'setting'>, messages: AutomaticMessages): Promise<void> {
  const value = JSON.stringify(messages);
  await db.setting.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
}
