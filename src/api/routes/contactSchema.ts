import { z } from 'zod';
import { ContactFields } from '../../contacts/contactFields';
import { PageQuery } from '../pagination';

export const ListContactsQuery = PageQuery.extend({
  /** A name's beginning, a phone in any format, an e-mail, a CPF with or without punctuation. */
  q: z.string().trim().min(1).max(200).optional(),
});

export const CreateContact = ContactFields.refine(
  (c) => Boolean(c.name || c.phone || c.email || c.cpf),
  'needs at least one of name, phone, email, cpf',
);
export const UpdateContact = ContactFields;
export const MergeContact = z.object({ contactId: z.string().min(1).max(100) }).strict();
export const ExportQuery = z.object({ format: z.enum(['csv', 'json']).default('csv') });
export const ImportCsv = z.string().meta({ description: 'CSV, header `id,name,phone,email,cpf,attributes`' });
