/**
 * Lint diagnostics in LSP form. `data` carries only the index of the lint result the server keeps,
 * so the payload stays small; code actions read the fixes from there.
 */
import { Diagnostic, DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import { LintDiagnostic } from '../../engine/src/dockerfile/lint/lint';
import { Severity } from '../../engine/src/dockerfile/lint/rule';

export interface DiagnosticData {
  /** Index in the validation result of the document version the diagnostic was published for. */
  readonly index: number;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const SOURCE: Record<LintDiagnostic['category'], string> = {
  syntax: 'berth',
  buildkit: 'buildkit',
  hadolint: 'hadolint',
};

export function toLspDiagnostic(d: LintDiagnostic, index: number): Diagnostic {
  const diagnostic: Diagnostic = {
    range: d.range,
    severity: SEVERITY[d.severity],
    source: SOURCE[d.category],
    code: d.ruleId,
    message: d.message,
    data: { index } satisfies DiagnosticData,
  };
  if (d.url) diagnostic.codeDescription = { href: d.url };
  if (d.ruleId === 'MaintainerDeprecated' || d.ruleId === 'DL4000') diagnostic.tags = [DiagnosticTag.Deprecated];
  return diagnostic;
}
