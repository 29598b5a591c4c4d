/**
 * Quick fixes from the fixes each diagnostic carries, plus "fix all" for preferred fixes of one
 * rule across the file.
 */
import { CodeAction, CodeActionKind, Diagnostic, TextEdit } from 'vscode-languageserver';
import { DiagnosticData } from './diagnostics';

function fixesOf(diagnostic: Diagnostic): DiagnosticData['fixes'] {
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  return Array.isArray(data?.fixes) ? data.fixes : [];
}

export function computeCodeActions(uri: string, diagnostics: readonly Diagnostic[], allDiagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    for (const fix of fixesOf(diagnostic)) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.preferred,
        edit: { changes: { [uri]: fix.edits.map((e) => TextEdit.replace(e.range, e.newText)) } },
      });
    }
  }
  const rules = new Set(diagnostics.map((d) => String(d.code)));
  for (const rule of rules) {
    const all = allDiagnostics.filter((d) => String(d.code) === rule && fixesOf(d).some((f) => f.preferred));
    if (all.length < 2) continue;
    const edits = all.flatMap((d) => fixesOf(d).find((f) => f.preferred)!.edits);
    if (overlapping(edits)) continue;
    actions.push({
      title: `Fix all ${rule} problems in this file`,
      kind: CodeActionKind.QuickFix,
      diagnostics: all,
      edit: { changes: { [uri]: edits.map((e) => TextEdit.replace(e.range, e.newText)) } },
    });
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
