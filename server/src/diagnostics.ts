/**
 * Lint diagnostics in LSP form. Each diagnostic carries its fixes in `data`, so a later code
 * action request can answer without linting again.
 */
import { CodeDescription, Diagnostic, DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import { DockerfileModel } from '../../engine/src/dockerfile/model';
import { LintDiagnostic, LintOptions, lintModel } from '../../engine/src/dockerfile/lint/lint';
import { allRules } from '../../engine/src/dockerfile/lint/rules';
import { Fix, Severity } from '../../engine/src/dockerfile/lint/rule';

export interface DiagnosticData {
  readonly fixes: readonly Fix[];
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

export function computeDiagnostics(model: DockerfileModel, options: LintOptions): Diagnostic[] {
  return lintModel(model, allRules, options).map(toLspDiagnostic);
}

export function toLspDiagnostic(d: LintDiagnostic): Diagnostic {
  const diagnostic: Diagnostic = {
    range: d.range,
    severity: SEVERITY[d.severity],
    source: SOURCE[d.category],
    code: d.ruleId,
    message: d.message,
    data: { fixes: d.fixes } satisfies DiagnosticData,
  };
  if (d.url) diagnostic.codeDescription = { href: d.url } satisfies CodeDescription;
  if (d.ruleId === 'MaintainerDeprecated' || d.ruleId === 'DL4000') diagnostic.tags = [DiagnosticTag.Deprecated];
  return diagnostic;
}
