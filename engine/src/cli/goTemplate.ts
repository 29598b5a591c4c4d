// The part of Go's text/template that `docker … --format` users write: `{{.Field}}`,
// `{{.A.B}}`, `{{json .}}`, `{{json .Field}}`, `{{upper .X}}`, `{{lower .X}}`, `{{title .X}}`,
// `{{join .List ", "}}`, `{{printf "%s" .X}}`, and docker's `table` prefix and `\t` escapes. An
// expression outside this subset is an error naming it, never silently blank. Hand-written because
// no maintained npm package implements Go template semantics; this subset is ~100 lines.

export type TemplateValue = unknown;

function goString(value: TemplateValue): string {
  if (value === undefined) return '<no value>';
  if (value === null) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goString).join(' ')}]`;
  if (typeof value === 'object') return `map[${Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}:${goString(v)}`).join(' ')}]`;
  return String(value);
}

function field(value: TemplateValue, path: string, expression: string): TemplateValue {
  let current = value;
  for (const name of path.split('.').filter((p) => p !== '')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) {
      throw new Error(`template: ${expression}: can't evaluate field ${name} in ${goString(current)}`);
    }
    const obj = current as Record<string, unknown>;
    if (!(name in obj)) throw new Error(`template: ${expression}: can't evaluate field ${name}`);
    current = obj[name];
  }
  return current;
}

/** Splits `join .Names ", "` into words, keeping quoted strings whole. */
function words(expression: string): string[] {
  return expression.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
}

function argument(word: string, data: TemplateValue, expression: string): TemplateValue {
  if (word.startsWith('"')) return JSON.parse(word) as string;
  if (word === '.') return data;
  if (word.startsWith('.')) return field(data, word, expression);
  if (/^-?\d+$/.test(word)) return Number(word);
  throw new Error(`template: ${expression}: unexpected ${JSON.stringify(word)}`);
}

const functions: Record<string, (args: TemplateValue[]) => string> = {
  json: ([v]) => JSON.stringify(v ?? null),
  upper: ([v]) => goString(v).toUpperCase(),
  lower: ([v]) => goString(v).toLowerCase(),
  title: ([v]) => goString(v).replace(/\b\w/g, (c) => c.toUpperCase()),
  join: ([list, sep]) => (Array.isArray(list) ? list.map(goString).join(String(sep ?? '')) : goString(list)),
  printf: ([format, ...rest]) => {
    let i = 0;
    return String(format).replace(/%[sdvq%]/g, (spec) => (spec === '%%' ? '%' : spec === '%q' ? JSON.stringify(goString(rest[i++])) : goString(rest[i++])));
  },
  println: (args) => `${args.map(goString).join(' ')}\n`,
};

function evaluate(expression: string, data: TemplateValue): string {
  const [head, ...rest] = words(expression.trim());
  if (head === undefined) throw new Error('template: missing value for command');
  if (head.startsWith('.') || head.startsWith('"')) {
    if (rest.length > 0) throw new Error(`template: ${expression}: can't give argument to non-function ${head}`);
    return goString(argument(head, data, expression));
  }
  const fn = functions[head];
  if (!fn) throw new Error(`template: ${expression}: function "${head}" not defined`);
  return fn(rest.map((w) => argument(w, data, expression)));
}

export interface CompiledTemplate {
  /** True for docker's `table` form: a header row, then columns aligned. */
  readonly table: boolean;
  render(data: TemplateValue): string;
  /** The header row for a table: each field's column name. */
  header(names: Readonly<Record<string, string>>): string;
}

export function compileTemplate(source: string): CompiledTemplate {
  const table = source.startsWith('table');
  const text = (table ? source.slice(5).trimStart() : source).replace(/\\t/g, '\t').replace(/\\n/g, '\n');
  const parts = text.split(/({{-?[\s\S]*?-?}})/);
  for (const p of parts) if (p.startsWith('{{') && /{{-?\s*(if|range|with|end|else|define|template|block)\b/.test(p)) throw new Error(`template: ${p}: control structures are not supported by berth's --format; use fields and functions only`);
  const action = (p: string) => p.replace(/^{{-?/, '').replace(/-?}}$/, '');
  return {
    table,
    render: (data) => parts.map((p) => (p.startsWith('{{') ? evaluate(action(p), data) : p)).join(''),
    header: (names) => parts.map((p) => {
      if (!p.startsWith('{{')) return p;
      const w = words(action(p));
      const f = w.find((x) => x.startsWith('.'));
      return f ? names[f.slice(1)] ?? f.slice(1).toUpperCase() : '';
    }).join(''),
  };
}
