import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** E.164 (`+5511999990000`) or null; numbers without a country code are read as Brazilian. */
export function normalizePhone(raw: string): string | null {
  const parsed = parsePhoneNumberFromString(raw, 'BR');
  return parsed && parsed.isValid() ? parsed.number : null;
}
