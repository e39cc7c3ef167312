import { normalizePhone } from '../contacts/phone';

/** The exact identifiers a search box's text may be, each looked up by its own index. */
export interface Identifiers {
  /** The text itself, as a chat id. */
  chatId: string | null;
  /** `YYYYMMDD` + 6 digits, punctuation ignored. */
  protocol: string | null;
  /** E.164 forms, as Contact.phone stores them (src/contacts/phone.ts). */
  phones: string[];
  /** The last 8 digits of a number typed without its area code: matched as the end of a phone. */
  phoneEnding: string | null;
  /** 11 digits, as Contact.cpf stores them. */
  cpf: string | null;
  /** Lower-cased, as Contact.email stores it. */
  email: string | null;
}

const NUMBER_LIKE = /^[\d\s()+.\-/]+$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * Every identifier `q` could be: "(11) 98888-7777", "+55 11 8888-7777" and
 * "5511988887777" are all the same phone; "123.456.789-09" is a CPF (and
 * eleven digits may be either); a chat id is tried as typed.
 */
export function identifiersOf(q: string): Identifiers {
  const text = q.trim();
  const numberLike = NUMBER_LIKE.test(text);
  const digits = numberLike ? text.replace(/\D/g, '') : '';
  const phones = new Set<string>();
  if (digits.length >= 10 && digits.length <= 15) {
    // "55 11 98888 7777": a country code typed without its plus.
    for (const raw of digits.startsWith('55') && digits.length >= 12 ? [text, `+${digits}`] : [text]) {
      const phone = normalizePhone(raw);
      if (phone) phones.add(phone);
    }
  }
  return {
    chatId: text.length > 0 && text.length <= 200 && !/\s/.test(text) ? text : null,
    protocol: /^\d{14}$/.test(digits) ? digits : null,
    phones: [...phones],
    // 8 digits, or 9 with a mobile's leading 9: the 8-digit form is how both end.
    phoneEnding: digits.length === 8 || (digits.length === 9 && digits.startsWith('9')) ? digits.slice(-8) : null,
    cpf: digits.length === 11 ? digits : null,
    email: EMAIL.test(text) ? text.toLowerCase() : null,
  };
}
