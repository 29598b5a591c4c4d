/**
 * LabsOnlyFlag: `RUN --device` parses, but the stable Dockerfile frontend refuses to run it ("device
 * feature is only supported in Dockerfile frontend 1.14.0-labs or later"); it needs the labs
 * channel (`# syntax=docker/dockerfile:1-labs`). Quick fix: select the labs frontend.
 */
import { DockerfileModel } from '../../../model';
import { RuleWithOptions } from '../../lint';
import { Fix } from '../../rule';

export const labsOnlyFlag: RuleWithOptions = {
  id: 'LabsOnlyFlag',
  locality: 'instruction',
  category: 'syntax',
  defaultSeverity: 'error',
  description: 'A flag only the labs Dockerfile frontend supports is used without it.',
  fixable: true,
  check({ model }, report) {
    const syntax = model.directives.find((d) => d.name === 'syntax');
    if (syntax && syntax.value.includes('labs')) return;
    for (const instruction of model.instructions) {
      if (instruction.name !== 'RUN') continue;
      for (const flag of instruction.flags) {
        if (flag.name !== 'device') continue;
        const fix = labsFix(model);
        report({
          range: flag.word.range,
          message: 'device feature is only supported in Dockerfile frontend 1.14.0-labs or later (add # syntax=docker/dockerfile:1-labs)',
          fixes: fix ? [fix] : [],
          instruction,
        });
      }
    }
  },
};

function labsFix(model: DockerfileModel): Fix | undefined {
  const syntax = model.directives.find((d) => d.name === 'syntax');
  if (!syntax) {
    const top = { line: 0, character: 0 };
    return { title: 'Use the labs Dockerfile frontend', edits: [{ range: { start: top, end: top }, newText: '# syntax=docker/dockerfile:1-labs\n' }], preferred: true };
  }
  const m = /^(docker\/dockerfile)(?::([0-9][0-9.]*))?$/.exec(syntax.value);
  if (!m) return undefined;
  return { title: 'Use the labs Dockerfile frontend', edits: [{ range: syntax.valueRange, newText: `${m[1]}:${m[2] ?? '1'}-labs` }], preferred: true };
}
