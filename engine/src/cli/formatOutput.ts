// `--format` for listings, as the docker CLI reads it: absent or `table` for the default columns,
// `json` for one JSON object per line, `table <template>` for chosen columns with headers, any
// other text a Go template rendered once per row.
import { compileTemplate } from './goTemplate';
import { formatTable } from './tableWriter';

export interface Listing {
  /** The default columns, e.g. `{{.Repository}}\t{{.Tag}}`. */
  readonly defaultTemplate: string;
  /** Column headers by field name: `{ Repository: 'REPOSITORY', ID: 'IMAGE ID' }`. */
  readonly headers: Readonly<Record<string, string>>;
}

export function renderListing(format: string | undefined, rows: readonly Record<string, unknown>[], listing: Listing): string {
  if (format === 'json') return rows.map((r) => `${JSON.stringify(r)}\n`).join('');
  const source = format === undefined || format === '' || format === 'table' ? `table ${listing.defaultTemplate}` : format;
  const template = compileTemplate(source);
  if (!template.table) return rows.map((r) => `${template.render(r)}\n`).join('');
  const lines = [template.header(listing.headers), ...rows.map((r) => template.render(r))];
  return formatTable(lines.map((l) => l.split('\t')));
}

/** One document (inspect, version, info): pretty JSON by default, `json` compact, else a template. */
export function renderDocument(format: string | undefined, value: unknown): string {
  if (format === undefined || format === '') return `${JSON.stringify(value, null, 4)}\n`;
  if (format === 'json') return `${JSON.stringify(value)}\n`;
  return `${compileTemplate(format).render(value)}\n`;
}
