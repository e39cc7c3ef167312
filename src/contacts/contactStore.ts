import type { Prisma } from '../generated/prisma/client';
import type { Db } from '../db/client';
import { readJsonColumn } from '../db/jsonColumn';
import { HttpError } from '../http/httpError';
import { CONTACT_FIELDS, type Attributes, type ContactFields, type FieldSource, type Sources } from './contactFields';

/**
 * Contact rows written by people (the API, an import): one transaction per
 * write, which first makes sure no other contact holds the phone or the CPF
 * (one phone, one CPF, one person; the phone's unique index settles a race).
 */

export type ContactRow = Prisma.ContactGetPayload<object>;

/** The record as the API shows it. */
export function presentContactRecord(row: ContactRow) {
  return {
    id: row.id,
    name: row.name,
    phone: row.phone,
    email: row.email,
    cpf: row.cpf,
    attributes: readJsonColumn<Attributes>(row.attributes, {}),
    sources: readJsonColumn<Sources>(row.sources, {}),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A 409 `already_exists` naming the field another contact already holds. */
export function heldByAnother(field: 'phone' | 'cpf'): HttpError {
  return new HttpError(409, 'already_exists', `${field}: another contact already has this ${field}`, [
    { path: `body.${field}`, message: 'another contact already has it' },
  ]);
}

type Tx = Prisma.TransactionClient;

/** Refuses a phone or CPF another contact holds (`self`: the contact being changed). */
async function assertFree(tx: Tx, fields: ContactFields, self: string | null): Promise<void> {
  const others = (where: Prisma.ContactWhereInput) =>
    tx.contact.findFirst({ where: { ...where, ...(self ? { id: { not: self } } : {}) }, select: { id: true } });
  if (fields.phone && (await others({ phone: fields.phone }))) throw heldByAnother('phone');
  if (fields.cpf && (await others({ cpf: fields.cpf }))) throw heldByAnother('cpf');
}

/** The row's columns for the fields given, with `sources` updated: each field written gets `source`, a cleared one loses its own. */
function columns(fields: ContactFields, sources: Sources, source: FieldSource) {
  const next: Sources = { ...sources };
  const data: Prisma.ContactUpdateInput = {};
  for (const field of CONTACT_FIELDS) {
    const value = fields[field];
    if (value === undefined) continue;
    if (field === 'attributes') data.attributes = JSON.stringify(value);
    else data[field] = value as string | null;
    if (value === null) delete next[field];
    else next[field] = source;
  }
  return { ...data, sources: JSON.stringify(next) };
}

export async function createContact(db: Db, fields: ContactFields, source: FieldSource): Promise<ContactRow> {
  return db.$transaction(async (tx) => {
    await assertFree(tx, fields, null);
    const data = columns(fields, {}, source);
    return tx.contact.create({ data: data as Prisma.ContactCreateInput });
  });
}

/** Changes the fields given of a contact (null if it no longer exists). */
export async function updateContact(
  db: Db,
  id: string,
  fields: ContactFields,
  source: FieldSource,
): Promise<ContactRow | null> {
  return db.$transaction(async (tx) => {
    const row = await tx.contact.findUnique({ where: { id }, select: { sources: true } });
    if (!row) return null;
    await assertFree(tx, fields, id);
    return tx.contact.update({
      where: { id },
      data: columns(fields, readJsonColumn<Sources>(row.sources, {}), source),
    });
  });
}
