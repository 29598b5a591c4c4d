/**
 * A FROM line's base name and `--platform` value expanded with the global ARGs, as BuildKit does
 * before it resolves a stage, with the names it used and missed. Four checks read them
 * (UndefinedArgInFrom, RedundantTargetPlatform, FromPlatformFlagConstDisallowed,
 * InvalidBaseImagePlatform), so each FROM is expanded once per lint run.
 */
import { Stage } from '../../../model';
import { environmentOf, Scopes } from '../../../scope';
import { ExpansionError, processWord } from '../../../shellLexer';
import { LintContext } from '../../rule';

export interface WordExpansion {
  readonly text: string;
  readonly result: string;
  readonly matched: ReadonlySet<string>;
  readonly unmatched: ReadonlySet<string>;
  readonly error: string | undefined;
}

export interface FromExpansion {
  readonly base: WordExpansion | undefined;
  readonly platform: WordExpansion | undefined;
}

const cache = new WeakMap<Scopes, Map<Stage, FromExpansion>>();

export function fromExpansion(context: LintContext, stage: Stage): FromExpansion {
  let byStage = cache.get(context.scopes);
  if (!byStage) cache.set(context.scopes, (byStage = new Map()));
  let found = byStage.get(stage);
  if (!found) {
    const expand = (text: string | undefined) => (text === undefined ? undefined : expandWord(text, context.scopes, context.model.escapeToken));
    found = { base: expand(stage.base?.value), platform: expand(stage.platform?.value) };
    byStage.set(stage, found);
  }
  return found;
}

function expandWord(text: string, scopes: Scopes, escape: string): WordExpansion {
  try {
    const r = processWord(text, environmentOf(scopes.global), escape);
    return { text, result: r.result, matched: r.matched, unmatched: r.unmatched, error: undefined };
  } catch (err) {
    if (!(err instanceof ExpansionError)) throw err;
    return { text, result: '', matched: new Set(), unmatched: new Set(), error: err.message };
  }
}
