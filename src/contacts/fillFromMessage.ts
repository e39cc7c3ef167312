import type { Prisma } from '../generated/prisma/client';
import type { Entities } from '../../workflows/botTypes';
import type { Db } from '../db/client';
import { readJsonColumn } from '../db/jsonColumn';
import { cpfDigits, normalEmail, type Sources } from './contactFields';

/**
 * What the bot read from a customer's message becomes the record: a CPF or
 * an e-mail fills the chat's contact's field when it is empty, with the
 * message as its source. Never over a value already there, whoever set it.
 * Only when the message holds exactly one of its kind: of two CPFs, which is
 * theirs?
 *
 * Returns the statement to run in the transaction that stores the bot's
 * annotation (none when there is nothing to fill). The contact is read
 * before, and the write applies only if the fields are still empty and its
 * `sources` unchanged: a person's edit in between wins, and the bot's value is
 * dropped rather than written over it.
 */
export async function contactFillFromMessage(
  db: Db,
  chatId: string,
  messageId: string,
  entities: Entities,
): Promise<Prisma.PrismaPromise<unknown>[]> {
  const cpf = only(entities.cpf, cpfDigits);
  const email = only(entities.email, normalEmail);
  if (!cpf && !email) return [];
  const chat = await db.chat.findUnique({
    where: { id: chatId },
    select: { contact: { select: { id: true, cpf: true, email: true, sources: true } } },
  });
  const contact = chat?.contact;
  if (!contact) return [];
  const fill = {
    ...(cpf && !contact.cpf ? { cpf } : {}),
    ...(email && !contact.email ? { email } : {}),
  };
  if (Object.keys(fill).length === 0) return [];
  const sources = readJsonColumn<Sources>(contact.sources, {});
  for (const field of Object.keys(fill) as Array<'cpf' | 'email'>) sources[field] = { source: 'message', messageId };
  return [
    db.contact.updateMany({
      where: {
        id: contact.id,
        sources: contact.sources,
        ...(fill.cpf ? { cpf: null } : {}),
        ...(fill.email ? { email: null } : {}),
      },
      data: { ...fill, sources: JSON.stringify(sources) },
    }),
  ];
}

/** The one distinct valid value among those found, or null (none, or several). */
function only(values: string[] | undefined, normalise: (raw: string) => string | null): string | null {
  const distinct = new Set((values ?? []).map(normalise).filter((v): v is string => v !== null));
  return distinct.size === 1 ? [...distinct][0]! : null;
}
