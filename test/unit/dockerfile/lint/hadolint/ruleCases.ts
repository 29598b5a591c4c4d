/**
 * Helpers for the hadolint rule tests: diagnostics of one rule, the text a diagnostic covers, the
 * text after applying its quick fix, and hadolint's ONBUILD variant of a test Dockerfile.
 */
import { strict as assert } from 'node:assert';
import { LineIndex } from '../../../../../engine/src/dockerfile/text';
import { LintDiagnostic, LintOptions } from '../../../../../engine/src/dockerfile/lint/lint';
import { applyFix, lintWith, quickFix } from '../lintWith';

export function findings(id: string, text: string, options?: LintOptions): LintDiagnostic[] {
  return lintWith(id, text, options).filter((d) => d.ruleId === id);
}

/** Asserts the rule reports at least once (or exactly `count` times) and returns the diagnostics. */
export function catches(id: string, text: string, count?: number): LintDiagnostic[] {
  const found = findings(id, text);
  if (count === undefined) assert.ok(found.length > 0, `${id} should report on:\n${text}`);
  else assert.equal(found.length, count, `${id} should report ${count} time(s) on:\n${text}\ngot: ${JSON.stringify(found.map((d) => d.range))}`);
  return found;
}

export function catchesNot(id: string, text: string, options?: LintOptions): void {
  const found = findings(id, text, options);
  assert.deepEqual(found.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.message}`), [], `${id} should not report on:\n${text}`);
}

/** The source text a diagnostic's range covers. */
export function covered(text: string, diagnostic: LintDiagnostic): string {
  const lines = new LineIndex(text);
  return text.slice(lines.offsetAt(diagnostic.range.start), lines.offsetAt(diagnostic.range.end));
}

/** "line:character" of the start of a diagnostic, 1-based lines as editors show them. */
export function at(diagnostic: LintDiagnostic): string {
  return `${diagnostic.range.start.line + 1}:${diagnostic.range.start.character}`;
}

/** Applies the diagnostic's quick fix (it must have one) and returns the new text. */
export function fixed(text: string, diagnostic: LintDiagnostic): string {
  const fix = quickFix(diagnostic);
  assert.ok(fix, `${diagnostic.ruleId} at ${at(diagnostic)} should offer a quick fix`);
  return applyFix(text, fix);
}

/** Applies the first diagnostic's fix repeatedly until the rule is quiet; fails if it never is. */
export function fixAll(id: string, text: string): string {
  let current = text;
  for (let round = 0; round < 20; round++) {
    const found = findings(id, current);
    if (!found.length) return current;
    current = fixed(current, found[0]);
  }
  assert.fail(`${id} still reports after 20 fixes:\n${current}`);
}

/** hadolint's onBuild test variant: every RUN line written as ONBUILD RUN. */
export function onbuild(text: string): string {
  return text.replace(/^RUN /gm, 'ONBUILD RUN ');
}
