/**
 * The parser directives BuildKit reads from the comment lines at the very top of a Dockerfile
 * (`# name=value`, before any other line): `syntax`, `escape` and `check`. Names are
 * case-insensitive, values are not. The check names `check=skip=` takes come from the lint rule
 * registry, not from here. Pure data.
 */
import type { ValueSpec } from './instructionSpecs';

export interface DirectiveSpec {
  readonly name: 'syntax' | 'escape' | 'check';
  readonly summary: string;
  readonly doc: string;
  readonly url: string;
  readonly valueHint: string;
  /** Values worth offering (syntax), or the only ones accepted (escape). */
  readonly values: readonly ValueSpec[];
}

export interface CheckOptionSpec {
  readonly name: 'skip' | 'error' | 'experimental';
  readonly doc: string;
  readonly valueHint: string;
}

const REFERENCE = 'https://docs.docker.com/reference/dockerfile/';

export const DIRECTIVE_SPECS: readonly DirectiveSpec[] = [
  {
    name: 'syntax',
    summary: 'Selects the Dockerfile frontend (syntax version) that builds this file.',
    doc: 'Names the frontend image BuildKit runs to build this Dockerfile, so the file gets the features of that Dockerfile syntax version whatever BuildKit version builds it. `docker/dockerfile:1` follows the latest stable 1.x release; `1-labs` adds experimental features.',
    url: REFERENCE + '#syntax',
    valueHint: '<frontend image>',
    values: [
      { value: 'docker/dockerfile:1', doc: 'latest stable 1.x syntax' },
      { value: 'docker/dockerfile:1-labs', doc: 'latest 1.x syntax with labs (experimental) features' },
      { value: 'docker/dockerfile:1.20', doc: 'pinned minor version (RUN --security, COPY --parents)' },
      { value: 'docker/dockerfile:1.19', doc: 'pinned minor version (COPY/ADD --exclude)' },
      { value: 'docker/dockerfile:1.7', doc: 'pinned minor version' },
    ],
  },
  {
    name: 'escape',
    summary: 'Sets the escape character (`\\` or `` ` ``).',
    doc: 'Chooses the character that escapes the next character and continues an instruction on the next line. The default is `\\`; `` ` `` suits Windows images, where `\\` separates path components.',
    url: REFERENCE + '#escape',
    valueHint: '<\\ or `>',
    values: [
      { value: '\\', doc: 'backslash (the default)' },
      { value: '`', doc: 'backtick, for Windows paths' },
    ],
  },
  {
    name: 'check',
    summary: 'Configures build checks: which to skip, whether they fail the build.',
    doc: 'Configures BuildKit\'s build checks (the lint rules named like `JSONArgsRecommended`): `skip=` turns checks off, `error=true` makes any check failure fail the build, `experimental=` turns on experimental checks. Options are separated by `;`, check names by `,`.',
    url: REFERENCE + '#check',
    valueHint: 'skip=<checks|all>;error=<true|false>;experimental=<checks|all>',
    values: [],
  },
];

export const CHECK_OPTION_SPECS: readonly CheckOptionSpec[] = [
  { name: 'skip', doc: 'Checks to turn off, comma-separated, or `all`.', valueHint: '<checks|all>' },
  { name: 'error', doc: 'With `true`, any check failure fails the build.', valueHint: '<true|false>' },
  { name: 'experimental', doc: 'Experimental checks to turn on, comma-separated, or `all`.', valueHint: '<checks|all>' },
];

export function directiveSpec(name: string): DirectiveSpec | undefined {
  const lower = name.toLowerCase();
  return DIRECTIVE_SPECS.find((d) => d.name === lower);
}
