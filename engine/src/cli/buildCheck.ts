// `berth build --check` against an engine that does not lint (Docker, Podman, a remote engine
// reached through POST /build): the CLI runs the shared rules itself, with the build context and
// arguments, before sending anything. berthd on this machine runs the same check in the build.
import { readFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { createIgnoreMatcher } from '../build/dockerignore';
import { directoryContextView } from '../build/dockerfileChecks';
import { readIgnoreFile } from '../build/ignoreFile';
import { lintModel } from '../dockerfile/lint/lint';
import { allRules } from '../dockerfile/lint/rules';
import { parseDockerfile } from '../dockerfile/model';
import { formatLine } from './check';

/** Prints every finding; false when one is an error (the build must not start). */
export async function checkBeforeSending(dockerfile: string, contextDir: string, buildArgs: Readonly<Record<string, string>>, out: Writable): Promise<boolean> {
  const model = parseDockerfile(await readFile(dockerfile, 'utf8'));
  const ignore = await readIgnoreFile(contextDir, dockerfile);
  const diagnostics = lintModel(model, allRules, {
    scope: { buildArgs: new Map(Object.entries(buildArgs)) },
    buildContext: directoryContextView(contextDir, ignore ? createIgnoreMatcher(ignore.patterns) : undefined),
  });
  for (const d of diagnostics) if (d.severity === 'error' || d.severity === 'warning') out.write(`${formatLine(dockerfile, d)}\n`);
  return !diagnostics.some((d) => d.severity === 'error');
}
