import { strict as assert } from 'node:assert';
import { lintModel } from '../../../engine/src/dockerfile/lint/lint';
import { allRules } from '../../../engine/src/dockerfile/lint/rules';
import { computeScopes } from '../../../engine/src/dockerfile/scope';
import { fuzzCount, fuzzProblems } from '../../fuzz/fuzzProblems';
import { rangeProblem } from '../../fuzz/rangeChecks';

const COUNT = fuzzCount(3000);

describe('fuzz: model and lint over mutated Dockerfiles', () => {
  it(`parses and lints ${COUNT} hostile documents without crashing, with every range inside the document`, () => {
    const problems = fuzzProblems(20261122, COUNT, ({ model, report }) => {
      for (const i of model.instructions) {
        for (const [what, range] of [['instruction', i.range], ['keyword', i.keyword.range], ...i.args.map((a) => ['arg', a.range] as const), ...i.flags.map((f) => ['flag', f.word.range] as const), ...i.variables.map((v) => ['variable', v.nameRange] as const)] as const) {
          report(rangeProblem(model.lines, range, what));
        }
      }
      computeScopes(model);
      for (const d of lintModel(model, allRules)) {
        report(rangeProblem(model.lines, d.range, `${d.ruleId} diagnostic`));
        if (d.message.startsWith('internal error')) report(d.message);
        for (const fix of d.fixes) for (const e of fix.edits) report(rangeProblem(model.lines, e.range, `${d.ruleId} fix "${fix.title}"`));
      }
    });
    assert.deepEqual(problems.slice(0, 20), [], `${problems.length} problems; replay with fuzzDocuments(20261122, ${COUNT}, corpus)[index]`);
  });
});
