import { isValid as isValidCpf, strip as stripCpf } from '@fnando/cpf';
import { z } from 'zod';
import { normalizePhone } from './phone';

/**
 * The fields of a contact as a person or a file writes them, and how each is
 * stored: one set of rules for the API, the CSV import and what the bot
 * reads, so a value is never valid through one door and refused at another.
 */

export const MAX_ATTRIBUTES = 50;

/** A CPF with or without punctuation as its 11 digits, or null when it is not one (check digits included). */
export function cpfDigits(raw: string): string | null {
  const trimmed = raw.trim();
  if (!/^[\d.\-\s]+$/.test(trimmed)) return null;
  const digits = stripCpf(trimmed);
  return digits.length === 11 && isValidCpf(digits) ? digits : null;
}

const EmailShape = z.email();

/** An e-mail lower-cased, or null when it is not one. */
export function normalEmail(raw: string): string | null {
  const value = raw.trim().toLowerCase();
  return value.length <= 254 && EmailShape.safeParse(value).success ? value : null;
}

const Name = z.string().trim().min(1, 'must not be empty').max(200);
const Phone = z
  .string()
  .max(40)
  .transform((raw, ctx) => {
    const phone = normalizePhone(raw);
    if (!phone) ctx.addIssue({ code: 'custom', message: 'not a phone number' });
    return phone ?? z.NEVER;
  });
const Email = z
  .string()
  .max(254)
  .transform((raw, ctx) => {
    const email = normalEmail(raw);
    if (!email) ctx.addIssue({ code: 'custom', message: 'not an e-mail address' });
    return email ?? z.NEVER;
  });
const Cpf = z
  .string()
  .max(20)
  .transform((raw, ctx) => {
    const cpf = cpfDigits(raw);
    if (!cpf) ctx.addIssue({ code: 'custom', message: 'not a valid CPF (11 digits, check digits)' });
    return cpf ?? z.NEVER;
  });
export const Attributes = z
  .record(z.string().trim().min(1).max(100), z.union([z.string().max(1000), z.number(), z.boolean()]))
  .refine((a) => Object.keys(a).length <= MAX_ATTRIBUTES, `at most ${MAX_ATTRIBUTES} keys`);
export type Attributes = z.infer<typeof Attributes>;

/** Every field a person may set; null clears it. */
export const ContactFields = z
  .object({
    name: Name.nullable(),
    phone: Phone.nullable(),
    email: Email.nullable(),
    cpf: Cpf.nullable(),
    attributes: Attributes,
  })
  .partial()
  .strict();
export type ContactFields = z.infer<typeof ContactFields>;

export const CONTACT_FIELDS = ['name', 'phone', 'email', 'cpf', 'attributes'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

/** Where a field's value came from (`Contact.sources`). */
export type FieldSource =
  | { source: 'attendant'; attendantId: string }
  | { source: 'import'; attendantId: string }
  | { source: 'message'; messageId: string }
  | { source: 'channel' }
  | { source: 'merge'; contactId: string };
export type Sources = Partial<Record<ContactField, FieldSource>>;
