/**
 * CopyIgnoredFile: a COPY or ADD source from the build context that the ignore file excludes, so
 * the build will not find it. Exactly BuildKit's conditions: only with a build context in view
 * (the rule stays quiet without one) and a non-empty ignore file without `!` exceptions (a
 * re-included file inside an excluded directory is too hard to judge statically); sources are
 * checked after expansion and path cleaning (`./tmp/x` is `tmp/x`), a parent directory match
 * counts; `COPY --from`, heredoc sources, URLs and Git sources are not from the context; `.` is
 * reported only when a pattern ignores everything (`*`, `**`, or `**` then `/*`). No quick fix: whether the
 * ignore file or the COPY is wrong is the author's call.
 */
import { cleanPath, createIgnoreMatcher, IgnoreMatcher } from '../../../../build/dockerignore';
import { quoteGo } from '../../../lineParsers';
import { Instruction } from '../../../model';
import { BuildkitRule, ruleUrl } from './buildkitRule';
import { expandedWords } from './expandedWords';

const REMOTE = /^(?:[a-zA-Z][a-zA-Z0-9+.-]*:\/\/|git@)/;
const IGNORE_ALL = new Set(['*', '**', '**/*']);
const matchers = new WeakMap<readonly string[], IgnoreMatcher | null>();

export const copyIgnoredFile: BuildkitRule = {
  id: 'CopyIgnoredFile',
  category: 'buildkit',
  defaultSeverity: 'warning',
  description: 'Attempting to Copy file that is excluded by .dockerignore',
  url: ruleUrl('copy-ignored-file'),
  fixable: false,
  check(context, report) {
    const patterns = context.buildContext?.ignorePatterns;
    if (!patterns?.length) return;
    const matcher = matcherFor(patterns);
    if (!matcher || matcher.hasExclusions) return;
    const rootIgnored = matcher.patterns.some((p) => !p.exclusion && IGNORE_ALL.has(p.text));
    for (const stage of context.model.stages) {
      for (const instruction of stage.instructions) {
        if (!readsContext(instruction)) continue;
        const verb = instruction.name === 'ADD' ? 'Add' : 'Copy';
        for (const source of expandedWords(context, instruction)) {
          if (source.role !== 'source' || source.error || REMOTE.test(source.result)) continue;
          const path = cleanPath(source.result);
          if ((path === '.' || path === '/') && !rootIgnored) continue;
          if (!matcher.matches(path)) continue;
          report({ range: source.range, message: `Attempting to ${verb} file ${quoteGo(path)} that is excluded by .dockerignore`, instruction });
        }
      }
    }
  },
};

function readsContext(instruction: Instruction): boolean {
  if (instruction.name === 'ADD') return true;
  return instruction.name === 'COPY' && !instruction.flags.some((f) => f.name === 'from' && f.value);
}

/** One matcher per pattern list; a malformed ignore file (the build fails on it) disables the rule. */
function matcherFor(patterns: readonly string[]): IgnoreMatcher | undefined {
  let matcher = matchers.get(patterns);
  if (matcher === undefined) {
    try {
      matcher = createIgnoreMatcher(patterns);
    } catch {
      matcher = null;
    }
    matchers.set(patterns, matcher);
  }
  return matcher ?? undefined;
}
