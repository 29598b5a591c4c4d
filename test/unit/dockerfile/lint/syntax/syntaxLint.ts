/** Test helpers for the syntax rules: findings as compact "line:col-line:col message" strings, and fixes applied. */
import { strict as assert } from 'node:assert';
import { LintDiagnostic, LintOptions } from '../../../../../engine/src/dockerfile/lint/lint';
import { applyFix, lintWith, quickFix } from '../lintWith';

/** 1-based lines and 0-based columns, as editors show them. */
export function where(d: LintDiagnostic): string {
  const { start, end } = d.range;
  return `${start.line + 1}:${start.character}-${end.line + 1}:${end.character}`;
}

/** The rule's findings as "range message" strings. */
export function findings(ruleId: string, text: string, options?: LintOptions): string[] {
  return lintWith(ruleId, text, options).map((d) => `${where(d)} ${d.message}`);
}

/** Asserts the rule reports nothing on each text. */
export function assertClean(ruleId: string, ...texts: string[]): void {
  for (const text of texts) assert.deepEqual(findings(ruleId, text), [], `expected no ${ruleId} finding in:\n${text}`);
}

/**
 * Applies the quick fix of the rule's `index`-th finding (the first real fix, not an "ignore"),
 * checks that it is the one titled `title` when given, and returns the fixed text.
 */
export function fixed(ruleId: string, text: string, index = 0, title?: string): string {
  const diagnostic = lintWith(ruleId, text)[index];
  assert.ok(diagnostic, `no ${ruleId} finding #${index} in:\n${text}`);
  const fix = title ? diagnostic.fixes.find((f) => f.title === title) : quickFix(diagnostic);
  assert.ok(fix, `finding "${diagnostic.message}" has no fix${title ? ` titled "${title}"` : ''}`);
  return applyFix(text, fix);
}

/** Fixes the first finding and asserts that the fixed text is `expected` and that the rule no longer fires. */
export function assertFixes(ruleId: string, text: string, expected: string, title?: string): void {
  const result = fixed(ruleId, text, 0, title);
  assert.equal(result, expected);
  assert.deepEqual(findings(ruleId, result), [], `${ruleId} still fires after its fix:\n${result}`);
}

/** The titles of a finding's real fixes. */
export function fixTitles(ruleId: string, text: string, index = 0): string[] {
  return lintWith(ruleId, text)[index].fixes.filter((f) => !f.title.startsWith('Ignore ') && !f.title.startsWith('Skip ')).map((f) => f.title);
}
