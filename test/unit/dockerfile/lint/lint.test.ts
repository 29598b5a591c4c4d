import { strict as assert } from 'node:assert';
import { parseDockerfile } from '../../../../engine/src/dockerfile/model';
import { RuleWithOptions, lintModel } from '../../../../engine/src/dockerfile/lint/lint';
import { RuleCategory } from '../../../../engine/src/dockerfile/lint/rule';
import { applyFix } from './lintWith';

/** A rule that flags every RUN keyword. */
function runRule(id: string, category: RuleCategory, extra: Partial<RuleWithOptions> = {}): RuleWithOptions {
  return {
    id,
    category,
    defaultSeverity: 'warning',
    description: 'flags RUN',
    fixable: false,
    check(context, report) {
      for (const i of context.model.instructions) if (i.name === 'RUN') report({ range: i.keyword.range, message: `${id} here`, instruction: i });
    },
    ...extra,
  };
}

const lint = (text: string, rules: RuleWithOptions[], severities?: Map<string, 'off' | 'error'>) =>
  lintModel(parseDockerfile(text), rules, { severities });

describe('lintModel', () => {
  it('applies default and configured severities, and turns rules off', () => {
    const rules = [runRule('A', 'syntax'), runRule('B', 'hadolint')];
    const text = 'FROM alpine\nRUN true\n';
    assert.deepEqual(lint(text, rules).map((d) => [d.ruleId, d.severity]), [['A', 'warning'], ['B', 'warning']]);
    assert.deepEqual(lint(text, rules, new Map([['A', 'error'], ['B', 'off']])).map((d) => [d.ruleId, d.severity]), [['A', 'error']]);
  });

  it('honours each dialect of ignore comments', () => {
    const rules = [runRule('DL1', 'hadolint'), runRule('Check1', 'buildkit'), runRule('Syn1', 'syntax')];
    const text = [
      'FROM alpine',
      '# hadolint ignore=DL1',
      'RUN a',
      '# check=skip=Check1',
      'RUN b',
      '# berth ignore=Syn1,DL1',
      'RUN c',
      'RUN d',
    ].join('\n');
    const found = lint(text, rules).map((d) => `${d.ruleId}@${d.range.start.line}`);
    assert.deepEqual(found.sort(), ['Check1@2', 'Check1@6', 'Check1@7', 'DL1@4', 'DL1@7', 'Syn1@2', 'Syn1@4', 'Syn1@7'].sort());
  });

  it('honours file-wide switches', () => {
    const rules = [runRule('DL1', 'hadolint'), runRule('Check1', 'buildkit'), runRule('Check2', 'buildkit')];
    const text = '# check=skip=Check1;error=true\n# hadolint global ignore=DL1\nFROM alpine\nRUN a\n';
    assert.deepEqual(lint(text, rules).map((d) => [d.ruleId, d.severity]), [['Check2', 'error']]);
    assert.deepEqual(lint('# check=skip=all\nFROM a\nRUN b\n', rules).map((d) => d.ruleId), ['DL1']);
  });

  it('runs experimental checks only when enabled', () => {
    const rules = [runRule('Exp', 'buildkit', { experimental: true })];
    assert.equal(lint('FROM a\nRUN b\n', rules).length, 0);
    assert.equal(lint('# check=experimental=Exp\nFROM a\nRUN b\n', rules).length, 1);
    assert.equal(lint('# check=experimental=all\nFROM a\nRUN b\n', rules).length, 1);
  });

  it('offers ignore fixes that silence the rule when applied', () => {
    const text = 'FROM alpine\n  RUN true\n';
    for (const [category, comment] of [
      ['hadolint', '  # hadolint ignore=X'],
      ['buildkit', '  # check=skip=X'],
      ['syntax', '  # berth ignore=X'],
    ] as const) {
      const rules = [runRule('X', category)];
      const [d] = lint(text, rules);
      const ignore = d.fixes.find((f) => f.title === 'Ignore X for this instruction')!;
      const fixed = applyFix(text, ignore);
      assert.equal(fixed, `FROM alpine\n${comment}\n  RUN true\n`);
      assert.equal(lint(fixed, rules).length, 0, category);
    }
    const [d] = lint('# check=error=true\nFROM a\nRUN b\n', [runRule('X', 'buildkit')]);
    const skip = d.fixes.find((f) => f.title === 'Skip X in this file')!;
    assert.equal(applyFix('# check=error=true\nFROM a\nRUN b\n', skip), '# check=skip=X;error=true\nFROM a\nRUN b\n');
  });

  it('merges equivalent rules of two dialects into one diagnostic', () => {
    const rules = [runRule('Buildkit1', 'buildkit'), runRule('DL9', 'hadolint', { equivalentTo: ['Buildkit1'] })];
    const found = lint('FROM a\nRUN b\n', rules);
    assert.deepEqual(found.map((d) => [d.ruleId, d.message]), [['Buildkit1', 'Buildkit1 here (also DL9)']]);
    const alone = lint('FROM a\nRUN b\n', rules, new Map([['Buildkit1', 'off']]));
    assert.deepEqual(alone.map((d) => d.ruleId), ['DL9']);
  });

  it('contains a crashing rule', () => {
    const broken: RuleWithOptions = { ...runRule('Broken', 'syntax'), check: () => { throw new Error('boom'); } };
    const found = lint('FROM a\nRUN b\n', [broken, runRule('Fine', 'syntax')]);
    assert.deepEqual(found.map((d) => d.ruleId).sort(), ['Broken', 'Fine']);
    assert.match(found.find((d) => d.ruleId === 'Broken')!.message, /internal error in rule Broken: boom/);
  });
});
