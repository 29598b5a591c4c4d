/**
 * Every hadolint rule over real-world Dockerfiles (BuildKit's parser corpus) and over a few
 * hundred randomly mutated RUN lines: no rule crashes (lint.ts turns a throw into an "internal
 * error" diagnostic), every range lies in the file, and every quick fix applies and removes at
 * least one finding of its rule.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDockerfile } from '../../../../../engine/src/dockerfile/model';
import { LintDiagnostic, RuleWithOptions, lintModel } from '../../../../../engine/src/dockerfile/lint/lint';
import { hadolintRules } from '../../../../../engine/src/dockerfile/lint/rules/hadolint';
import { createDl3026 } from '../../../../../engine/src/dockerfile/lint/rules/hadolint/dl3026';
import { LineIndex } from '../../../../../engine/src/dockerfile/text';
import { applyFix } from '../lintWith';
import { corpusDir } from '../../corpus';

const RULES: RuleWithOptions[] = [...hadolintRules.filter((r) => r.id !== 'DL3026'), createDl3026(['trusted.example.com'])];

function lint(text: string): LintDiagnostic[] {
  const diagnostics = lintModel(parseDockerfile(text), RULES);
  const crashes = diagnostics.filter((d) => d.message.startsWith('internal error'));
  assert.deepEqual(crashes.map((d) => d.message), [], `a rule crashed on:\n${text}`);
  return diagnostics;
}

/** Lints, checks ranges, then applies each quick fix and checks it helped. */
function check(text: string): void {
  const diagnostics = lint(text);
  const lines = new LineIndex(text);
  for (const d of diagnostics) {
    const start = lines.offsetAt(d.range.start);
    const end = lines.offsetAt(d.range.end);
    assert.ok(start <= end && d.range.start.line < lines.lineCount && d.range.end.line < lines.lineCount, `${d.ruleId} range out of the file`);
    assert.deepEqual(lines.positionAt(start), d.range.start, `${d.ruleId} starts past the end of its line`);
    for (const fix of d.fixes) {
      if (fix.title.startsWith('Ignore ') || fix.title.startsWith('Skip ')) continue;
      const after = applyFix(text, fix);
      const before = diagnostics.filter((x) => x.ruleId === d.ruleId).length;
      const remaining = lint(after).filter((x) => x.ruleId === d.ruleId).length;
      assert.ok(remaining < before, `${d.ruleId} fix "${fix.title}" did not help:\n--- before\n${text}\n--- after\n${after}`);
    }
  }
}

describe('hadolint rules on BuildKit parser corpus', () => {
  const dir = corpusDir('testfiles');
  for (const name of readdirSync(dir).sort()) {
    it(`lints ${name} without crashing, and its fixes apply`, () => {
      check(readFileSync(join(dir, name, 'Dockerfile'), 'utf8'));
    });
  }
});

/** A small deterministic generator (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEEDS = [
  'apt-get update && apt-get install -y curl=7 && rm -rf /var/lib/apt/lists/*',
  'sudo apt install vim | tee log; cd /x && wget http://x/y.tgz',
  'pip install flask "django>=4" --no-cache-dir && npm install -g express',
  'apk add --no-cache --virtual .deps gcc=1 && apk del .deps',
  'set -eo pipefail; curl -fsSL https://x | sh -s -- --yes',
  'for f in $(ls *.txt); do echo "$f" > /dev/null 2>&1; done',
  'if [ -f /a ]; then ln -s /bin/bash /bin/sh; else exec nginx -g "daemon off;"; fi',
  'X=$(cat /f | wc -l) PIP_NO_CACHE_DIR=1 python -m pip install `echo pkg`',
  'case "$A" in a) echo a;; *) echo b;; esac && f() { g | h; }',
];
const FRAGMENTS = ['|', '||', '&&', ';', '&', '$(', ')', '`', '"', "'", '\\\n  ', '<<', 'EOF', '{', '}', '((', '#', ' -', '=', '*', '$', '\n', ' \\', '[['];

function mutate(seed: string, next: () => number): string {
  let text = seed;
  const steps = 1 + Math.floor(next() * 4);
  for (let s = 0; s < steps; s++) {
    const at = Math.floor(next() * (text.length + 1));
    const op = next();
    if (op < 0.45) text = text.slice(0, at) + FRAGMENTS[Math.floor(next() * FRAGMENTS.length)] + text.slice(at);
    else if (op < 0.75) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 6));
    else if (op < 0.9) text = text.slice(0, at) + text.slice(Math.floor(next() * text.length)) + text.slice(at);
    else text = text.slice(at) + ' ' + text.slice(0, at);
  }
  return text;
}

describe('hadolint rules on mutated RUN lines', () => {
  it('survive 400 random mutations, with every quick fix applying cleanly', () => {
    const next = random(20240607);
    for (let i = 0; i < 400; i++) {
      const seed = SEEDS[i % SEEDS.length];
      const run = mutate(seed, next);
      const prefix = i % 3 === 0 ? 'ONBUILD RUN ' : i % 3 === 1 ? 'RUN --mount=type=cache,target=/root/.cache/pip ' : 'RUN ';
      check(`FROM debian:12 AS build\n${prefix}${run}\nRUN ${mutate(SEEDS[(i + 1) % SEEDS.length], next)}\nCMD ${mutate(SEEDS[(i + 2) % SEEDS.length], next)}\n`);
    }
  });
});
