import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * A Brazilian mobile in its old 8-digit form (DD + 6-9XXX-XXXX): every
 * mobile got a leading 9 in 2016, but WhatsApp still reports the old form
 * for accounts older than that. Both forms are one person.
 */
const BR_EIGHT_DIGIT_MOBILE = /^([1-9]{2})([6-9]\d{7})$/;

/**
 * E.164 (`+5511999990000`) or null; numbers without a country code are read
 * as Brazilian, and a Brazilian mobile is always written in its 9-digit form.
 */
export function normalizePhone(raw: string): string | null {
  const parsed = parsePhoneNumberFromString(raw, 'BR');
  if (!parsed) return null;
  if (parsed.countryCallingCode === '55') {
    const old = BR_EIGHT_DIGIT_MOBILE.exec(parsed.nationalNumber);
    if (old) return normalizePhone(`+55${old[1]}9${old[2]}`);
  }
  return parsed.isValid() ? parsed.number : null;
}
