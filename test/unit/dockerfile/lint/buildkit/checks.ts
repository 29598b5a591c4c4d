/**
 * Assertions shared by the BuildKit check tests: what one rule reports on a Dockerfile (as
 * "line:col-line:col message", 1-based like an editor shows it), and what its quick fix makes
 * of the file.
 */
import { strict as assert } from 'node:assert';
import { LintDiagnostic, LintOptions } from '../../../../../engine/src/dockerfile/lint/lint';
import { applyFix, lintWith, quickFix } from '../lintWith';

/** The findings of `ruleId` as "line:col-line:col message" strings. */
export function findings(ruleId: string, text: string, options?: LintOptions): string[] {
  return lintWith(ruleId, text, options).map(describe);
}

export function describe(d: LintDiagnostic): string {
  const { start, end } = d.range;
  return `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1} ${d.message}`;
}

/** Lints, expects exactly one finding, applies its quick fix and checks the result is clean. */
export function fixed(ruleId: string, text: string, options?: LintOptions): { text: string; title: string; preferred: boolean } {
  const diagnostics = lintWith(ruleId, text, options);
  assert.equal(diagnostics.length, 1, `expected one ${ruleId} finding, got ${diagnostics.map(describe).join('; ') || 'none'}`);
  const fix = quickFix(diagnostics[0]);
  assert.ok(fix, `${ruleId} offered no quick fix for: ${describe(diagnostics[0])}`);
  const result = applyFix(text, fix);
  assert.deepEqual(findings(ruleId, result, options), [], `${ruleId} still reports after its fix:\n${result}`);
  return { text: result, title: fix.title, preferred: fix.preferred === true };
}

/** The rule's diagnostics carry no quick fix of their own (only the ignore/skip ones). */
export function assertNoQuickFix(ruleId: string, text: string, options?: LintOptions): void {
  const diagnostics = lintWith(ruleId, text, options);
  assert.ok(diagnostics.length > 0, `expected ${ruleId} to report`);
  for (const d of diagnostics) assert.equal(quickFix(d), undefined, `unexpected fix on ${describe(d)}`);
}
