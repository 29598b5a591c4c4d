/**
 * InvalidDefaultArgInFrom: a FROM whose image name, built from global ARGs with their default
 * values only (no --build-arg), is empty or not a valid image reference (`ARG TAG` then
 * `FROM busybox:${TAG}` gives `busybox:`). A build must work without build arguments.
 * Only image names that use variables are checked here: a constant invalid name fails the build
 * outright, which the syntax rules report. No quick fix: the right default is the author's.
 */
import { referenceError } from '../../../../image/reference';
import { DockerfileModel } from '../../../model';
import { argDeclarations, Scopes } from '../../../scope';
import { ExpansionError, mapEnvironment, processWord } from '../../../shellLexer';
import { BuildkitRule, ruleUrl } from './buildkitRule';

export const invalidDefaultArgInFrom: BuildkitRule = {
  id: 'InvalidDefaultArgInFrom',
  // Stage: global ARGs and FROM lines only (an unexpandable FROM anywhere stops the check).
  locality: 'stage',
  category: 'buildkit',
  defaultSeverity: 'warning',
  description: 'Default value for global ARG results in an empty or invalid base image name',
  url: ruleUrl('invalid-default-arg-in-from'),
  fixable: false,
  check(context, report) {
    const { model } = context;
    const defaults = defaultGlobals(model, context.scopes);
    if (!defaults) return;
    for (const stage of model.stages) {
      const base = stage.base;
      if (!base) continue;
      let expanded;
      try {
        expanded = processWord(base.value, mapEnvironment(defaults), model.escapeToken);
      } catch (err) {
        // BuildKit abandons the check when a name cannot be expanded; the build reports the error.
        if (err instanceof ExpansionError) return;
        throw err;
      }
      if (!expanded.matched.size && !expanded.unmatched.size) continue;
      if (referenceError(expanded.result) === undefined) continue;
      report({ range: base.range, message: `Default value for ARG ${base.value} results in empty or invalid base image name`, instruction: stage.from });
    }
  },
};

/** The global ARGs as their defaults make them, over the automatic platform ARGs. */
function defaultGlobals(model: DockerfileModel, scopes: Scopes): Map<string, string> | undefined {
  const values = new Map<string, string>();
  for (const [name, definition] of scopes.global) if (definition.kind === 'automatic' && definition.value !== undefined) values.set(name, definition.value);
  for (const instruction of model.globalArgs) {
    for (const decl of argDeclarations(instruction)) {
      if (decl.defaultValue === undefined) continue;
      try {
        values.set(decl.name, processWord(decl.defaultValue, mapEnvironment(values), model.escapeToken).result);
      } catch (err) {
        if (err instanceof ExpansionError) return undefined;
        throw err;
      }
    }
  }
  return values;
}
