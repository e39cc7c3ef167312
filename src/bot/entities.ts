/**
 * Entities in a customer's message: e-mails, CPFs, phones, money and dates.
 *
 * Pure: no I/O and no clock; relative dates ("amanhã") count from `receivedAt`
 * as a calendar day in `timeZone`.
 *
 * Extractors run in a fixed order, each blanking what it took from the text
 * before the next one looks, so one run of digits becomes at most one entity:
 * e-mails → money → CPFs → phones → dates.
 *
 * CPF vs phone:
 * - "529.982.247-25" (dotted CPF shape) is never a phone; it is a CPF when its
 *   check digits are valid, otherwise nothing.
 * - Anything written like a phone ("(11) 98765-4321", "11 98765-4321",
 *   "+55 11 98765-4321", "011 …") is never a CPF: the CPF shapes are only the
 *   dotted one and a bare run of exactly 11 digits.
 * - A bare 11-digit run is a CPF when its check digits are valid, unless a phone
 *   word ("tel", "celular", "whatsapp", "phone"…) is the nearest label before it
 *   and it is also a valid phone, or a "+<country code>" precedes it. Otherwise
 *   it may be a phone. About 1 in 100 random runs passes the CPF check, so an
 *   unlabelled mobile number can rarely be read as a CPF: a CPF is what the bot
 *   asks for far more often, and a label settles it.
 */
import { isValid as isValidCpf, strip as stripCpf } from '@fnando/cpf';
import * as chrono from 'chrono-node';
// The `max` metadata checks real number ranges (area codes, mobile prefixes);
// the default `min` one accepts any number of the right length.
import { findPhoneNumbersInText, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { DateEntity, Entities, MoneyEntity } from '../../workflows/botTypes';

export interface ExtractOptions {
  /** When Atende received the message: relative dates count from its calendar day. */
  receivedAt: Date | string;
  /** IANA zone of the customer's calendar, e.g. America/Sao_Paulo. */
  timeZone: string;
}

interface Span {
  start: number;
  end: number;
}

interface Found<T> extends Span {
  value: T;
}

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export function extractEntities(text: string, options: ExtractOptions): Entities {
  const today = localCalendarDate(options.receivedAt, options.timeZone);
  let rest = text;

  const emails = findEmails(rest);
  rest = blank(rest, emails);
  const money = findMoney(rest);
  rest = blank(rest, money.spans);
  const cpfs = findCpfs(rest, text);
  rest = blank(rest, cpfs.spans);
  const phones = findPhones(rest);
  rest = blank(rest, phones);
  const dates = findDates(rest, today);

  const entities: Entities = {};
  setIfAny(
    entities,
    'email',
    unique(emails, (e) => e),
  );
  setIfAny(
    entities,
    'cpf',
    unique(cpfs.found, (c) => c),
  );
  setIfAny(
    entities,
    'phone',
    unique(phones, (p) => p),
  );
  setIfAny(
    entities,
    'money',
    unique(money.found, (m) => `${m.currency} ${m.value}`),
  );
  setIfAny(
    entities,
    'date',
    unique(dates, (d) => d.date),
  );
  return entities;
}

// ---------------------------------------------------------------- helpers

/** Replaces spans with spaces, keeping every other index where it was. */
function blank(text: string, spans: readonly Span[]): string {
  let out = text;
  for (const { start, end } of spans) out = out.slice(0, start) + ' '.repeat(end - start) + out.slice(end);
  return out;
}

/** Values in order of appearance, the first of each key kept. */
function unique<T>(found: readonly Found<T>[], key: (value: T) => string): T[] {
  const seen = new Set<string>();
  const values: T[] = [];
  for (const f of [...found].sort((a, b) => a.start - b.start)) {
    const k = key(f.value);
    if (seen.has(k)) continue;
    seen.add(k);
    values.push(f.value);
  }
  return values;
}

function setIfAny<K extends keyof Entities>(entities: Entities, key: K, values: NonNullable<Entities[K]>): void {
  if (values.length > 0) entities[key] = values;
}

function matchesOf(pattern: RegExp, text: string): RegExpExecArray[] {
  return [...text.matchAll(pattern)];
}

// ---------------------------------------------------------------- e-mail

// Practical, not RFC 5322: what people type in a chat. Needs a dotted domain
// with a 2+ letter TLD, so "joao@gmail" or "joao@gmail,com" are not taken.
const EMAIL =
  /(?<![a-z0-9._%+-])[a-z0-9_%+-]+(?:\.[a-z0-9_%+-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}(?![a-z0-9-])/gi;

function findEmails(text: string): Found<string>[] {
  return matchesOf(EMAIL, text).map((m) => ({ start: m.index, end: m.index + m[0].length, value: m[0].toLowerCase() }));
}

// ---------------------------------------------------------------- money

// Hand-written: Intl formats numbers but does not parse them, and money
// libraries need the locale up front, while one chat mixes "R$ 1.234,56" and
// "USD 1,200.00". The rule that needs no locale: a final separator followed by
// 1–2 digits is the decimal one; separators followed by 3 digits group thousands.
const AMOUNT = String.raw`\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
/** "R$ 50", "US$10", "USD 1,200.00", "$12.50". Not after a letter, so "US$" is not read as "$". */
const PREFIXED_MONEY = new RegExp(
  String.raw`(?<![\p{L}\d$])(R\s?\$|US\$|U\$|USD|BRL|\$)\s?(${AMOUNT})(?![.,]?\d)`,
  'giu',
);
/**
 * "50 reais", "12 dollars", also glued to a word ("paguei50reais"). Not after
 * digits or date, time and phone separators: "98765-4321 reais" is no amount.
 */
const SUFFIXED_MONEY = new RegExp(
  String.raw`(?<![\d.,/:$-])(${AMOUNT})\s?(reais|real|d[oó]lar(?:es)?|dollars?|bucks|usd|brl)(?!\p{L})`,
  'giu',
);

function currencyOf(marker: string): MoneyEntity['currency'] {
  return /^(r|brl|rea)/i.test(marker.replace(/\s/g, '')) ? 'BRL' : 'USD';
}

/** "1.234,56" → "1234.56"; null when separators are mixed up ("1.234.56", "1,234.567"). */
function decimalValue(amount: string): string | null {
  const decimals = /[.,](\d{1,2})$/.exec(amount);
  const integer = decimals ? amount.slice(0, decimals.index) : amount;
  const groupSeparators = new Set(integer.replace(/\d/g, ''));
  if (groupSeparators.size > 1) return null;
  if (decimals && groupSeparators.has(amount.charAt(decimals.index))) return null;
  const digits = integer.replace(/\D/g, '').replace(/^0+(?=\d)/, '');
  return `${digits}.${(decimals?.[1] ?? '').padEnd(2, '0')}`;
}

/** `spans` also holds amounts that failed to parse, so no later extractor reads them as something else. */
function findMoney(text: string): { found: Found<MoneyEntity>[]; spans: Span[] } {
  const found: Found<MoneyEntity>[] = [];
  const spans: Span[] = [];
  const take = (m: RegExpExecArray, marker: string, amount: string): void => {
    const span = { start: m.index, end: m.index + m[0].length };
    spans.push(span);
    const value = decimalValue(amount);
    if (value !== null) found.push({ ...span, value: { currency: currencyOf(marker), value, text: m[0] } });
  };
  for (const m of matchesOf(PREFIXED_MONEY, text)) take(m, m[1] ?? '', m[2] ?? '');
  // On the text without the prefixed amounts: "R$ 50 reais" is one amount.
  for (const m of matchesOf(SUFFIXED_MONEY, blank(text, spans))) take(m, m[2] ?? '', m[1] ?? '');
  return { found, spans };
}

// ---------------------------------------------------------------- CPF

/** The two CPF shapes, not inside a longer number (a CNPJ, a protocol). */
const CPF_SHAPED = /(?<![\d.])(?:\d{3}\.\d{3}\.\d{3}-\d{2}|\d{11})(?![\d]|[.-]\d)/g;
const LABEL = /\b(cpf|tel|telefone|fone|cel|celular|whats|whatsapp|zap|wpp|phone|mobile|cell)\b/gi;
const CPF_LABEL = 'cpf';

/** The nearest label word in the few characters before `start`, lower-cased. */
function labelBefore(text: string, start: number): string | null {
  const labels = matchesOf(LABEL, text.slice(Math.max(0, start - 30), start));
  return labels.at(-1)?.[1]?.toLowerCase() ?? null;
}

function isValidPhone(digits: string): boolean {
  return parsePhoneNumberFromString(digits, 'BR')?.isValid() ?? false;
}

/** Whether a bare 11-digit run with valid CPF check digits is rather a phone (see the module comment). */
function isPhoneAfterAll(text: string, start: number, digits: string): boolean {
  if (/\+\d{1,3}[\s.-]?$/.test(text.slice(0, start))) return true;
  const label = labelBefore(text, start);
  return label !== null && label !== CPF_LABEL && isValidPhone(digits);
}

/**
 * `original` is the unblanked text, for the labels before a number.
 * `spans` also holds dotted CPFs with wrong check digits: they are no phone.
 */
function findCpfs(text: string, original: string): { found: Found<string>[]; spans: Span[] } {
  const found: Found<string>[] = [];
  const spans: Span[] = [];
  for (const m of matchesOf(CPF_SHAPED, text)) {
    const span = { start: m.index, end: m.index + m[0].length };
    const digits = stripCpf(m[0]);
    const dotted = m[0].length !== digits.length;
    // @fnando/cpf rejects wrong check digits and all-same digits ("111.111.111-11").
    const valid = isValidCpf(digits);
    if (!dotted && (!valid || isPhoneAfterAll(original, span.start, digits))) continue;
    spans.push(span);
    if (valid) found.push({ ...span, value: digits });
  }
  return { found, spans };
}

// ---------------------------------------------------------------- phone

/**
 * Valid numbers only, in E.164. An unformatted run of digits counts only as a
 * mobile (with area code, optionally 0/55 before it): a bare 10-digit run is as
 * likely an order or protocol number as a landline.
 */
function findPhones(text: string): Found<string>[] {
  const found: Found<string>[] = [];
  for (const f of findPhoneNumbersInText(text, 'BR')) {
    if (!f.number.isValid()) continue;
    const bare = /^\d+$/.test(text.slice(f.startsAt, f.endsAt));
    if (bare && f.number.getType() !== 'MOBILE') continue;
    found.push({ start: f.startsAt, end: f.endsAt, value: f.number.number });
  }
  return found;
}

// ---------------------------------------------------------------- dates

/** The calendar day of `receivedAt` in `timeZone` (2026-11-23T01:30Z is 2026-11-22 in São Paulo). */
function localCalendarDate(receivedAt: Date | string, timeZone: string): CalendarDate {
  const instant = typeof receivedAt === 'string' ? new Date(receivedAt) : receivedAt;
  if (Number.isNaN(instant.getTime())) throw new RangeError(`Invalid receivedAt: ${String(receivedAt)}`);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

function addDays(date: Date, days: number): CalendarDate {
  const d = new Date(date.getFullYear(), date.getMonth(), date.getDate() + days, 12);
  return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() };
}

/** A chrono parser for a fixed day offset that the locale lacks ("depois de amanhã"). */
function relativeDay(pattern: RegExp, days: number): chrono.Parser {
  return { pattern: () => pattern, extract: (context) => addDays(context.refDate, days) };
}

// chrono.pt has no "depois de amanhã"/"anteontem" (it reads the first as
// "amanhã") and chrono.en reads "day after tomorrow" as "tomorrow"; the
// overlap refiner keeps the longer match.
const PT = chrono.pt.casual.clone();
PT.parsers.push(
  relativeDay(/(?<!\p{L})depois\s+de\s+amanh[ãa](?!\p{L})/iu, 2),
  relativeDay(/(?<!\p{L})anteontem(?!\p{L})/iu, -2),
);
const EN = chrono.en.casual.clone();
EN.parsers.push(
  relativeDay(/\b(?:the\s+)?day\s+after\s+tomorrow\b/i, 2),
  relativeDay(/\b(?:the\s+)?day\s+before\s+yesterday\b/i, -2),
);

function isRealDate({ year, month, day }: CalendarDate): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/**
 * Numeric dates are day first, always (a Brazilian service, even in English):
 * chrono swaps "10/30" into 30 October when day-first is impossible; that is
 * an impossible date here, not a guess.
 */
function writtenDayFirst(text: string, { month, day }: CalendarDate): boolean {
  const m = /^(?:\p{L}+\s+)?(\d{1,4})[/.-](\d{1,2})/u.exec(text);
  if (!m) return true;
  const [first, second] = [Number(m[1]), Number(m[2])];
  return (m[1] ?? '').length === 4 ? second === month : first === day && second === month;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** A full calendar date from chrono's components (never through a UTC instant, which can shift the day). */
function toDateEntity(result: chrono.ParsedResult, referenceYear: number): DateEntity | null {
  const { start } = result;
  // "agora"/"now" and times or weekdays alone ("10:30", "segunda via") name no calendar day.
  if (result.tags().has('casualReference/now')) return null;
  if (!start.isCertain('day') || !start.isCertain('month')) return null;
  const date: CalendarDate = {
    // "05/12" is in the year the message was received: chrono would move it forward.
    year: start.isCertain('year') ? (start.get('year') ?? referenceYear) : referenceYear,
    month: start.get('month') ?? 0,
    day: start.get('day') ?? 0,
  };
  if (!isRealDate(date) || !writtenDayFirst(result.text, date)) return null;
  return { date: `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`, text: result.text };
}

function findDates(text: string, today: CalendarDate): Found<DateEntity>[] {
  // chrono reads the reference in the process's local time: noon of the
  // customer's day, built locally, is that same calendar day whatever TZ the
  // server runs in (noon keeps clear of DST changes at midnight).
  const reference = new Date(today.year, today.month - 1, today.day, 12);
  const pt = PT.parse(text, reference);
  // English on what Portuguese left, so "12/05" stays day first.
  const en = EN.parse(blank(text, pt.map(spanOf)), reference);
  const found: Found<DateEntity>[] = [];
  for (const result of [...pt, ...en]) {
    const value = toDateEntity(result, today.year);
    if (value) found.push({ ...spanOf(result), value });
  }
  return found;
}

function spanOf(result: chrono.ParsedResult): Span {
  return { start: result.index, end: result.index + result.text.length };
}
