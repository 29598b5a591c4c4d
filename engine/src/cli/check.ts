/**
 * `berth check`: a hadolint-style linter for CI that prints exactly the diagnostics the editor
 * shows (file:line:col severity rule message), or JSON, and fails when any error is found.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { Writable } from 'node:stream';
import { parseDockerfile } from '../dockerfile/model';
import { LintDiagnostic, SeveritySetting, lintModel } from '../dockerfile/lint/lint';
import { allRules } from '../dockerfile/lint/rules';

export interface CheckedFile {
  readonly file: string;
  readonly diagnostics: readonly LintDiagnostic[];
}

const SEVERITIES = new Set<SeveritySetting>(['error', 'warning', 'info', 'hint', 'off', 'default']);

export async function runCheck(argv: readonly string[], stdout: Writable, stderr: Writable): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        rule: { type: 'string', multiple: true, default: [] },
        context: { type: 'string' },
      },
    });
  } catch (err) {
    stderr.write(`berth check: ${(err as Error).message}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.format !== 'text' && values.format !== 'json') {
    stderr.write(`berth check: --format must be "text" or "json", not "${values.format}"\n`);
    return 2;
  }
  if (!positionals.length) {
    stderr.write('berth check: no Dockerfile given; usage: berth check [--format text|json] [--rule ID=SEVERITY]... <Dockerfile>...\n');
    return 2;
  }
  const severities = new Map<string, SeveritySetting>();
  for (const spec of values.rule ?? []) {
    const [id, severity] = spec.split('=');
    if (!id || !severity || !SEVERITIES.has(severity as SeveritySetting)) {
      stderr.write(`berth check: --rule expects ID=SEVERITY with SEVERITY one of ${[...SEVERITIES].join(', ')}; got "${spec}"\n`);
      return 2;
    }
    if (!allRules.some((r) => r.id === id)) {
      stderr.write(`berth check: unknown rule "${id}" in --rule; the rules are listed in the README\n`);
      return 2;
    }
    severities.set(id, severity as SeveritySetting);
  }

  const results: CheckedFile[] = [];
  let unreadable = false;
  for (const file of positionals) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      stderr.write(`berth check: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
      unreadable = true;
      continue;
    }
    const model = parseDockerfile(text);
    results.push({ file, diagnostics: lintModel(model, allRules, { severities }) });
  }

  if (values.format === 'json') stdout.write(JSON.stringify(results.map(toJson), null, 2) + '\n');
  else for (const r of results) for (const d of r.diagnostics) stdout.write(formatLine(r.file, d) + '\n');

  const errors = results.some((r) => r.diagnostics.some((d) => d.severity === 'error'));
  return unreadable || errors ? 1 : 0;
}

export function formatLine(file: string, d: LintDiagnostic): string {
  return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.ruleId} ${d.message}`;
}

function toJson(r: CheckedFile) {
  return {
    file: r.file,
    diagnostics: r.diagnostics.map((d) => ({
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
      severity: d.severity,
      rule: d.ruleId,
      source: d.category,
      message: d.message,
      url: d.url,
      fixes: d.fixes.filter((f) => !f.title.startsWith('Ignore ') && !f.title.startsWith('Skip ')).map((f) => f.title),
    })),
  };
}
