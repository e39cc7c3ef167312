import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { readJsonColumn } from '../db/jsonColumn';
import { wellFormedText } from '../text/wellFormedText';
import { ContactFields, type Attributes } from './contactFields';
import type { ContactRow } from './contactStore';

/**
 * Contacts as CSV: one header line, then one contact a line, in the columns
 * below; `attributes` is the JSON of the map. What export writes, import
 * reads back.
 */
export const CSV_COLUMNS = ['id', 'name', 'phone', 'email', 'cpf', 'attributes'] as const;

/** A cell a spreadsheet would run as a formula (`=`, `@`, a tab or CR first) is written behind a `'`, which import takes off. */
const FORMULA_START = /^[=@\t\r]/;
const guard = (value: string) => (FORMULA_START.test(value) ? `'${value}` : value);
const unguard = (value: string) => value.replace(/^'(?=[=@\t\r])/, '');

export function contactsCsv(rows: ContactRow[]): string {
  const attributes = (row: ContactRow) => readJsonColumn<Attributes>(row.attributes, {});
  return stringify(
    rows.map((row) => [
      row.id,
      guard(row.name ?? ''),
      row.phone ?? '',
      row.email ?? '',
      row.cpf ?? '',
      Object.keys(attributes(row)).length > 0 ? guard(JSON.stringify(attributes(row))) : '',
    ]),
    { header: true, columns: [...CSV_COLUMNS] },
  );
}

export interface CsvLine {
  /** The line of the file the record ends on (1 is the header). */
  line: number;
  fields?: ContactFields;
  reason?: string;
}

/** A file that cannot be read as CSV at all (its header, broken quoting): the whole import is refused. */
export class CsvFileError extends Error {}

const MAX_LINES = 10_000;

/**
 * Each record of an import: its fields as the API would take them, or why
 * not (`cpf: not a valid CPF…`). Unknown columns are refused up front; the
 * `id` column (an export's) is ignored: an import makes new contacts. A
 * header with `;` and no `,` is read as `;`-separated, as a spreadsheet in
 * Portuguese saves CSV.
 */
export function readContactsCsv(text: string): CsvLine[] {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(body, {
      delimiter,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as unknown as typeof records;
  } catch (err) {
    throw new CsvFileError(`not readable as CSV: ${(err as Error).message.split('\n')[0]}`);
  }
  const [head, ...rows] = records;
  if (!head) return [];
  if (rows.length > MAX_LINES) throw new CsvFileError(`at most ${MAX_LINES} lines per import`);
  const header = head.record.map((h) => h.trim().toLowerCase());
  const unknown = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  if (unknown.length > 0) {
    throw new CsvFileError(`unknown column ${unknown.join(', ')}; columns: ${CSV_COLUMNS.join(', ')}`);
  }
  return rows.map(({ record, info }) => {
    if (record.length > header.length) {
      return { line: info.lines, reason: `${record.length} fields; the header has ${header.length}` };
    }
    return readLine(Object.fromEntries(header.map((column, i) => [column, record[i] ?? ''])), info.lines);
  });
}

function readLine(record: Record<string, string>, line: number): CsvLine {
  const input: Record<string, unknown> = {};
  for (const column of ['name', 'phone', 'email', 'cpf'] as const) {
    const value = unguard(wellFormedText(record[column] ?? '').trim());
    if (value) input[column] = value;
  }
  const attributes = unguard(wellFormedText(record.attributes ?? '').trim());
  if (attributes) {
    try {
      input.attributes = JSON.parse(attributes);
    } catch {
      return { line, reason: 'attributes: not a JSON object' };
    }
  }
  if (!input.name && !input.phone && !input.email && !input.cpf) {
    return { line, reason: 'needs at least one of name, phone, email, cpf' };
  }
  const parsed = ContactFields.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { line, reason: `${issue.path.join('.')}: ${issue.message}` };
  }
  return { line, fields: parsed.data };
}
