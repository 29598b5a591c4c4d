/**
 * The one-line CSV reader BuildKit uses for `--mount` and `--device` values (tonistiigi/go-csvvalue):
 * fields separated by commas, a field may be double-quoted with `""` for a quote, and a bare quote
 * inside an unquoted field is an error. Fields keep their offsets so rules can point at one.
 */
export interface CsvField {
  readonly text: string;
  /** Offsets of the field in the input, quotes included. */
  readonly start: number;
  readonly end: number;
}

export type CsvResult = { readonly fields: readonly CsvField[] } | { readonly error: string; readonly offset: number };

export function csvFields(input: string): CsvResult {
  let line = input;
  if (line.endsWith('\n')) line = line.slice(0, line.endsWith('\r\n') ? -2 : -1);
  if (line === '') return { error: 'EOF', offset: 0 };
  const fields: CsvField[] = [];
  let pos = 0;
  for (;;) {
    if (line[pos] !== '"') {
      const comma = line.indexOf(',', pos);
      const end = comma < 0 ? line.length : comma;
      const text = line.slice(pos, end);
      const quote = text.indexOf('"');
      if (quote >= 0) return parseError(pos + quote, 'bare " in non-quoted-field');
      fields.push({ text, start: pos, end });
      if (comma < 0) return { fields };
      pos = comma + 1;
      continue;
    }
    const start = pos;
    pos++;
    let text = '';
    for (;;) {
      const quote = line.indexOf('"', pos);
      if (quote < 0) return parseError(pos, 'extraneous or missing " in quoted-field');
      text += line.slice(pos, quote);
      pos = quote + 1;
      const next = line[pos];
      if (next === '"') {
        text += '"';
        pos++;
        continue;
      }
      if (next === ',') {
        fields.push({ text, start, end: pos });
        pos++;
        break;
      }
      if (pos >= line.length) {
        fields.push({ text, start, end: pos });
        return { fields };
      }
      return parseError(pos - 1, 'extraneous or missing " in quoted-field');
    }
  }
}

function parseError(offset: number, reason: string): { error: string; offset: number } {
  return { error: `parse error on line 1, column ${offset + 1}: ${reason}`, offset };
}
