/**
 * InvalidCheckDirective: BuildKit parses `# check=` before building and refuses the file when it
 * cannot ("failed to parse check options: invalid check option ..."). Options are `skip=`,
 * `experimental=` (lists or `all`) and `error=` (a Go bool), separated by ";" and matched case-
 * sensitively; only the text up to the first space counts. Quick fixes: the option name in lower
 * case, and yes/no/on/off for error=.
 */
import { quoteGo } from '../../../lineParsers';
import { parseGoBool } from '../../../goValues';
import { RuleWithOptions } from '../../lint';
import { Fix } from '../../rule';

const OPTIONS = ['skip', 'experimental', 'error'];

interface CheckProblem {
  readonly message: string;
  /** Offsets in the directive value of the part to point at, and a replacement for it. */
  readonly start: number;
  readonly end: number;
  readonly replacement?: string;
}

export const invalidCheckDirective: RuleWithOptions = {
  id: 'InvalidCheckDirective',
  locality: 'instruction',
  category: 'syntax',
  defaultSeverity: 'error',
  description: 'The check parser directive cannot be parsed.',
  fixable: true,
  check({ model }, report) {
    const directive = model.directives.find((d) => d.name === 'check');
    if (!directive) return;
    const problem = checkOptionsProblem(directive.value);
    if (!problem) return;
    const base = model.lines.offsetAt(directive.valueRange.start);
    const range = model.lines.rangeOf(base + problem.start, base + problem.end);
    const fixes: Fix[] = problem.replacement !== undefined ? [{ title: `Change to ${problem.replacement}`, edits: [{ range, newText: problem.replacement }], preferred: true }] : [];
    report({ range, message: `failed to parse check options: ${problem.message}`, fixes });
  },
};

/** linter.ParseLintOptions on the directive's first word. */
function checkOptionsProblem(value: string): CheckProblem | undefined {
  const space = value.indexOf(' ');
  const first = space < 0 ? value : value.slice(0, space);
  const lead = first.length - first.trimStart().length;
  const text = first.trim();
  if (!text) return undefined;
  let at = lead;
  const parts = splitN(text, ';', 3);
  for (const part of parts) {
    const start = at;
    at += part.length + 1;
    const eq = part.indexOf('=');
    if (eq < 0) return { message: `invalid check option ${quoteGo(part)}`, start, end: start + part.length };
    const key = part.slice(0, eq).trim();
    const keyStart = start + part.indexOf(key);
    if (!OPTIONS.includes(key)) {
      const lower = key.toLowerCase();
      return { message: `invalid check option ${quoteGo(key)}`, start: keyStart, end: keyStart + key.length, replacement: OPTIONS.includes(lower) ? lower : undefined };
    }
    if (key === 'error') {
      const v = part.slice(eq + 1).trim();
      if (parseGoBool(v) !== undefined) continue;
      const vStart = start + eq + 1 + part.slice(eq + 1).indexOf(v);
      const word = v.toLowerCase();
      const replacement = ['yes', 'on', 'y'].includes(word) ? 'true' : ['no', 'off', 'n'].includes(word) ? 'false' : undefined;
      return { message: `failed to parse check option ${quoteGo(part)}: strconv.ParseBool: parsing ${quoteGo(v)}: invalid syntax`, start: vStart, end: vStart + v.length, replacement };
    }
  }
  return undefined;
}

function splitN(text: string, sep: string, n: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (out.length < n - 1 && rest.includes(sep)) {
    const i = rest.indexOf(sep);
    out.push(rest.slice(0, i));
    rest = rest.slice(i + 1);
  }
  out.push(rest);
  return out;
}
