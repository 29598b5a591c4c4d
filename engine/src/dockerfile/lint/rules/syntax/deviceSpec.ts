/**
 * The `RUN --device` values BuildKit's parser accepts (commands_rundevice.go): CSV fields, the
 * first bare field (or name=) is the CDI device name, `required` or `required=<bool>` marks it
 * mandatory. BuildKit reads the value as written, without expansion.
 */
import { csvFields } from '../../../csvFields';
import { didYouMean, suggest } from '../../../suggest';
import { parseGoBool } from '../../../goValues';

/** BuildKit's parse error for a --device value, or undefined. */
export function deviceError(value: string): string | undefined {
  const csv = csvFields(value);
  if ('error' in csv) return `failed to parse csv devices: ${csv.error}`;
  let name = '';
  for (const { text } of csv.fields) {
    const eq = text.indexOf('=');
    const key = (eq < 0 ? text : text.slice(0, eq)).toLowerCase();
    if (eq < 0) {
      if (key === 'required') continue;
      if (name === '') {
        name = text;
        continue;
      }
      return `invalid field '${text}' must be a key=value pair`;
    }
    const v = text.slice(eq + 1);
    if (key === 'name') {
      if (name !== '') return `device name already set to ${name}`;
      name = v;
    } else if (key === 'required') {
      if (parseGoBool(v) === undefined) return `invalid value for ${key}: ${v}`;
    } else if (name === '') {
      name = text;
    } else {
      return `unexpected key '${key}' in '${text}'${didYouMean(suggest(key, ['name', 'required'], true))}`;
    }
  }
  return undefined;
}
