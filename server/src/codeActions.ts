/**
 * Quick fixes for the diagnostics in a code action request, read from the lint result the
 * server kept for that document, plus "fix all" for the preferred fix of one rule across the file.
 */
import { CodeAction, CodeActionKind, Diagnostic, TextEdit } from 'vscode-languageserver';
import { Fix } from '../../engine/src/dockerfile/lint/rule';
import { LintDiagnostic } from '../../engine/src/dockerfile/lint/lint';
import { DiagnosticData } from './diagnostics';
import { ValidationResult } from './validation';

/** The kept lint diagnostic a client diagnostic stands for (same rule and range), if still current. */
function lintOf(diagnostic: Diagnostic, result: ValidationResult): LintDiagnostic | undefined {
  const index = (diagnostic.data as Partial<DiagnosticData> | undefined)?.index;
  const candidate = typeof index === 'number' ? result.lint[index] : undefined;
  const same = (d: LintDiagnostic | undefined) =>
    d !== undefined &&
    d.ruleId === String(diagnostic.code) &&
    d.range.start.line === diagnostic.range.start.line &&
    d.range.start.character === diagnostic.range.start.character &&
    d.range.end.line === diagnostic.range.end.line &&
    d.range.end.character === diagnostic.range.end.character;
  if (same(candidate)) return candidate;
  return result.lint.find(same);
}

function action(uri: string, title: string, edits: Fix['edits'], diagnostics: Diagnostic[], preferred?: boolean): CodeAction {
  return {
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics,
    isPreferred: preferred,
    edit: { changes: { [uri]: edits.map((e) => TextEdit.replace(e.range, e.newText)) } },
  };
}

export function computeCodeActions(uri: string, diagnostics: readonly Diagnostic[], result: ValidationResult | undefined): CodeAction[] {
  if (!result) return [];
  const actions: CodeAction[] = [];
  const rules = new Set<string>();
  for (const diagnostic of diagnostics) {
    const lint = lintOf(diagnostic, result);
    if (!lint) continue;
    rules.add(lint.ruleId);
    for (const fix of lint.fixes) actions.push(action(uri, fix.title, fix.edits, [diagnostic], fix.preferred));
  }
  for (const rule of rules) {
    const all = result.lint.map((d, i) => [d, i] as const).filter(([d]) => d.ruleId === rule && d.fixes.some((f) => f.preferred));
    if (all.length < 2) continue;
    const edits = all.flatMap(([d]) => d.fixes.find((f) => f.preferred)!.edits);
    if (overlapping(edits)) continue;
    actions.push(action(uri, `Fix all ${rule} problems in this file`, edits, all.map(([, i]) => result.diagnostics[i])));
  }
  return actions;
}

function overlapping(edits: readonly { range: TextEdit['range'] }[]): boolean {
  const sorted = [...edits].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1].range.end;
    const cur = sorted[i].range.start;
    if (cur.line < prev.line || (cur.line === prev.line && cur.character < prev.character)) return true;
  }
  return false;
}
