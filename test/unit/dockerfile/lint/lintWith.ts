/** Test helpers: lint literal Dockerfiles with chosen rules, and apply a fix's edits. */
import { parseDockerfile } from '../../../../engine/src/dockerfile/model';
import { LineIndex } from '../../../../engine/src/dockerfile/text';
import { LintDiagnostic, LintOptions, RuleWithOptions, lintModel } from '../../../../engine/src/dockerfile/lint/lint';
import { allRules } from '../../../../engine/src/dockerfile/lint/rules';
import { Fix } from '../../../../engine/src/dockerfile/lint/rule';

export function rulesNamed(ids: string | readonly string[]): RuleWithOptions[] {
  const wanted = typeof ids === 'string' ? [ids] : ids;
  return wanted.map((id) => {
    const rule = allRules.find((r) => r.id === id);
    if (!rule) throw new Error(`no rule with id ${id} is registered in engine/src/dockerfile/lint/rules`);
    return rule;
  });
}

/** Diagnostics of the named rules only. */
export function lintWith(ids: string | readonly string[], text: string, options: LintOptions = {}): LintDiagnostic[] {
  const rules = rulesNamed(ids);
  return lintModel(parseDockerfile(text), rules, options);
}

/** Applies a fix's edits (non-overlapping) to `text`. */
export function applyFix(text: string, fix: Fix): string {
  const index = new LineIndex(text);
  const edits = fix.edits
    .map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** The first fix whose title is not one of the generic "ignore" fixes. */
export function quickFix(diagnostic: LintDiagnostic): Fix | undefined {
  return diagnostic.fixes.find((f) => !f.title.startsWith('Ignore ') && !f.title.startsWith('Skip '));
}
