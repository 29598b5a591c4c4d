/**
 * WorkdirRelativePath: the first WORKDIR of a stage is relative and no WORKDIR was set before it
 * in the stage or in a stage it is built on, so it depends on the base image's working directory.
 * As in BuildKit the path is checked after expansion; when it uses a variable whose value comes
 * from an unknown base image environment, the check stays quiet rather than guess.
 *
 * Fix: only when the stage's chain starts from scratch, whose working directory is `/`; then
 * adding a leading `/` names the same directory. Over another base the right directory depends
 * on that image, so there is no fix. Same problem as hadolint's DL3000.
 */
import { parsePlatformSpecifier } from '../../../../image/platform';
import { Instruction, Stage } from '../../../model';
import { quoteGo } from '../../../lineParsers';
import { stageAncestry } from '../../../stageAncestry';
import { Fix, LintContext } from '../../rule';
import { BuildkitRule, ruleUrl } from './buildkitRule';
import { expandedWords } from './expandedWords';
import { fromExpansion } from './fromExpansion';

const WINDOWS_ABSOLUTE = /^([a-zA-Z]:)?[\\/]/;

export const workdirRelativePath: BuildkitRule = {
  id: 'WorkdirRelativePath',
  locality: 'stage',
  category: 'buildkit',
  defaultSeverity: 'warning',
  description: 'Relative workdir without an absolute workdir declared within the build can have unexpected results if the base image changes',
  url: ruleUrl('workdir-relative-path'),
  fixable: true,
  equivalentTo: ['DL3000'],
  check(context, report) {
    const { stages } = context.model;
    for (const stage of stages) {
      const ancestry = stageAncestry(context.scopes, stage.index);
      const first = ancestry.ancestors.some((i) => stages[i].instructions.some((x) => x.name === 'WORKDIR'))
        ? undefined
        : stage.instructions.find((x) => x.name === 'WORKDIR');
      if (!first || !first.args.length) continue;
      const path = expandedWords(context, first).find((w) => w.role === 'argument');
      if (!path || path.error) continue;
      if (path.unmatched.size > 0 && !ancestry.envKnown) continue;
      if (isAbsolute(path.result, stageOs(context, stage))) continue;
      report({
        range: first.args[0].range,
        message: `Relative workdir ${quoteGo(path.result)} can have unexpected results if the base image changes`,
        instruction: first,
        fixes: ancestry.rootIsScratch ? [absoluteFix(first)] : [],
      });
    }
  },
};

function absoluteFix(instruction: Instruction): Fix {
  const start = instruction.args[0].range.start;
  return { title: 'Make the path absolute (the working directory of scratch is /)', edits: [{ range: { start, end: start }, newText: '/' }], preferred: true };
}

function stageOs(context: LintContext, stage: Stage): string {
  const global = context.scopes.global;
  const target = { os: global.get('TARGETOS')?.value || 'linux', architecture: global.get('TARGETARCH')?.value || 'amd64' };
  const platform = fromExpansion(context, stage).platform;
  const parsed = platform && !platform.error ? parsePlatformSpecifier(platform.result, target) : undefined;
  return (parsed && 'platform' in parsed && parsed.platform.os) || target.os;
}

function isAbsolute(path: string, os: string): boolean {
  return os === 'windows' ? WINDOWS_ABSOLUTE.test(path) : path.startsWith('/');
}
