// The checks a build runs before anything else, with the editor's own rules (rule 1: what the
// editor says is what the build does): the syntax rules always (what BuildKit refuses fails the
// build, at the same file and line the editor underlines), and with `--check` every rule, failing
// on errors and reporting warnings.
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { DockerfileModel } from '../dockerfile/model';
import { lintModel } from '../dockerfile/lint/lint';
import type { BuildContextView } from '../dockerfile/lint/rule';
import { allRules } from '../dockerfile/lint/rules';
import { syntaxRules } from '../dockerfile/lint/rules/syntax';
import { BuildError, type BuildRequest } from './buildRequest';
import type { IgnoreMatcher } from './dockerignore';

/** A build context directory on this machine as the rules see it (berthd's build, and the CLI before it sends one). */
export function directoryContextView(dir: string, ignore: IgnoreMatcher | undefined): BuildContextView {
  return {
    ignorePatterns: ignore?.patterns.map((p) => (p.exclusion ? `!${p.text}` : p.text)) ?? [],
    exists: (path) => lstatSync(join(dir, path), { throwIfNoEntry: false }) !== undefined,
  };
}

/** Throws a BuildError at the first error; `warn` hears warnings (with --check). */
export function checkDockerfile(model: DockerfileModel, request: BuildRequest, warn: (message: string, line?: number) => void): void {
  const diagnostics = lintModel(model, request.check ? allRules : syntaxRules, {
    scope: { buildArgs: new Map(Object.entries(request.buildArgs ?? {})), ...(request.target ? { target: request.target } : {}), ...(request.platform ? { targetPlatform: request.platform } : {}) },
    ...(request.check ? { buildContext: directoryContextView(request.context.dir, request.context.ignore) } : {}),
  });
  const syntax = model.directives.find((d) => d.name === 'syntax');
  if (syntax) warn(`the syntax directive (${syntax.value}) is ignored: this engine builds the Dockerfile language of its own release`, syntax.line);
  for (const d of diagnostics) if (d.severity === 'warning' && request.check) warn(`${d.message} (${d.ruleId})`, d.range.start.line);
  const error = diagnostics.find((d) => d.severity === 'error');
  if (error) {
    throw new BuildError('invalid-argument', {
      message: `${error.message} (${error.ruleId})`,
      file: request.dockerfile.path,
      startLine: error.range.start.line,
      endLine: error.range.end.line,
    });
  }
}
