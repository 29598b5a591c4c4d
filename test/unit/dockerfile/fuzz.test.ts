import { strict as assert } from 'node:assert';
import { parseDockerfile } from '../../../engine/src/dockerfile/model';
import { lintModel } from '../../../engine/src/dockerfile/lint/lint';
import { allRules } from '../../../engine/src/dockerfile/lint/rules';
import { computeScopes } from '../../../engine/src/dockerfile/scope';
import { fuzzDocuments } from '../../fuzz/mutations';
import { corpusTexts } from '../../fuzz/corpusTexts';
import { rangeProblem } from '../../fuzz/rangeChecks';

const COUNT = Number(process.env.BERTH_FUZZ_COUNT ?? 3000);

describe('fuzz: model and lint over mutated Dockerfiles', () => {
  it(`parses and lints ${COUNT} hostile documents without crashing, with every range inside the document`, () => {
    const docs = fuzzDocuments(20261122, COUNT, corpusTexts());
    const problems: string[] = [];
    docs.forEach((text, index) => {
      try {
        const model = parseDockerfile(text);
        for (const i of model.instructions) {
          for (const [what, range] of [['instruction', i.range], ['keyword', i.keyword.range], ...i.args.map((a) => ['arg', a.range] as const), ...i.flags.map((f) => ['flag', f.word.range] as const), ...i.variables.map((v) => ['variable', v.nameRange] as const)] as const) {
            const p = rangeProblem(model.lines, range, what);
            if (p) problems.push(`document ${index}: ${p}`);
          }
        }
        computeScopes(model);
        for (const d of lintModel(model, allRules)) {
          const p = rangeProblem(model.lines, d.range, `${d.ruleId} diagnostic`);
          if (p) problems.push(`document ${index}: ${p}`);
          if (d.message.startsWith('internal error')) problems.push(`document ${index}: ${d.message}`);
          for (const fix of d.fixes) for (const e of fix.edits) {
            const fp = rangeProblem(model.lines, e.range, `${d.ruleId} fix "${fix.title}"`);
            if (fp) problems.push(`document ${index}: ${fp}`);
          }
        }
      } catch (err) {
        problems.push(`document ${index}: threw ${(err as Error).stack}`);
      }
    });
    assert.deepEqual(problems.slice(0, 20), [], `${problems.length} problems; replay with fuzzDocuments(20261122, ${COUNT}, corpus)[index]`);
  });
});
