// The editor's incremental lint (lintCache.ts), on models reparsed from the last version as the
// editor does: after any sequence of edits, a run that reuses instruction and stage rules'
// findings must report exactly what a full run reports. Edits are
// random but seeded, and aimed at what ties instructions together (ARG/ENV a later line uses,
// stage names and bases, SHELL, USER, ignore comments, directives, line continuations, heredocs),
// so a rule wrongly declared local to an instruction or a stage shows up here as a difference.
import { strict as assert } from 'node:assert';
import { isDeepStrictEqual } from 'node:util';
import { LintCache } from '../../../../engine/src/dockerfile/lint/lintCache';
import { LintDiagnostic, lintModel, lintSteps, LintOptions, RuleWithOptions } from '../../../../engine/src/dockerfile/lint/lint';
import { allRules } from '../../../../engine/src/dockerfile/lint/rules';
import { DockerfileModel, parseDockerfile, reparseDockerfile } from '../../../../engine/src/dockerfile/model';
import { stageAncestry } from '../../../../engine/src/dockerfile/stageAncestry';
import { createRandom, generateDockerfile } from '../../../../bench/lsp/dockerfileFixture';

const HANDWRITTEN = `# syntax=docker/dockerfile:1
# check=skip=JSONArgsRecommended
# hadolint global ignore=DL3003
ARG BASE=debian:12
ARG VERSION
FROM \${BASE} AS base
ARG VERSION
ENV APP_HOME=/app PATH=/app/bin:$PATH
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
WORKDIR $APP_HOME
# hadolint ignore=DL3008,DL3015
RUN apt-get update && apt-get install curl \\
    git
RUN cd /tmp && wget -O- https://example.invalid/x | sh
USER app
RUN sudo make install
RUN <<EOT
pip install requests
apt-get install -y jq
EOT
COPY --from=build /out /app
FROM base AS build
run echo $VERSION $UNDEFINED_ONE
EXPOSE 8080/TCP 99999
HEALTHCHECK --interval=5 CMD true
MAINTAINER me
CMD node index.js
CMD ["node", "index.js"]
FROM Build AS final
COPY --from=base /app /app
WORKDIR relative
ONBUILD RUN echo $VERSION
ENTRYPOINT node
# a trailing comment that is rather long ............................................................................................................
`;

/**
 * Stages tied to each other in every way a stage rule must not depend on: a casing majority close
 * to flipping, names one stage declares and another misspells, ONBUILD ENVs, stage references by
 * name and index that are close to forming a cycle.
 */
const STAGES = `# syntax=docker/dockerfile:1
ARG BASE=debian:12
FROM \${BASE} AS one
ENV ONE_HOME=/one
run echo $ONE_HOM $TWO_HOM
onbuild env PIP_NO_CACHE_DIR=1
copy --from=three /x /y
FROM one AS two
ENV TWO_HOME=/two
RUN pip install flask
cmd ["a"]
from alpine:3 AS three
COPY --from=2 /a /b
run echo $TWO_HOME
workdir /w
from three AS four
ONBUILD RUN pip install x
expose 80
from scratch
copy --from=0 /a /b
COPY --from=four /c /d
label a=b
`;

/** Lines an edit may insert: each ties into other instructions somehow. */
const INSERTS = [
  'ARG VERSION=2',
  'ARG UNDEFINED_ONE',
  'ENV PATH=/opt/bin:$PATH',
  'ENV SECRET_TOKEN=x',
  'FROM alpine:3 AS build',
  'FROM base',
  'SHELL ["/bin/sh", "-c"]',
  'SHELL ["/bin/bash", "-eo", "pipefail", "-c"]',
  'USER root',
  'USER app',
  '# hadolint ignore=DL3008',
  '# check=skip=UndefinedVar',
  '# hadolint global ignore=DL3059',
  'RUN apt-get install curl',
  'RUN apt-get update',
  'RUN pip install flask',
  'RUN curl -fsSL https://example.invalid | bash',
  'WORKDIR rel',
  'WORKDIR /abs',
  'EXPOSE 80000',
  'CMD run-me',
  'ENTRYPOINT ["x"]',
  'COPY --from=final /a /b',
  'COPY --from=nowhere /a /b',
  'HEALTHCHECK CMD true',
  'MAINTAINER someone',
  'cmd lower case',
  'LABEL a=b',
  'RUN echo \\',
  'RUN <<EOF',
  'EOF',
  '',
  '# just a comment',
  '# escape=`',
  // Ties between stages: bases that inherit ENV, names other stages use, per-stage singletons.
  'FROM build AS derived',
  'FROM final',
  'FROM scratch AS Mixed_Case',
  'ENV VERSION=3 APP_HOME=/srv',
  'CMD ["only", "one"]',
  'ONBUILD ENV LATER=1',
  'RUN --mount=from=base,target=/x true',
  'COPY --from=one /a /b',
  'copy --from=1 /a /b',
  'run echo $ONE_HOME',
  'ONBUILD ENV PIP_NO_CACHE_DIR=1',
  'from two AS three',
];

function edit(lines: string[], random: () => number): void {
  const at = Math.floor(random() * (lines.length + 1));
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const kind = random();
  if (kind < 0.3) lines.splice(at, 0, pick(INSERTS));
  else if (kind < 0.5 && lines.length > 1) lines.splice(Math.min(at, lines.length - 1), 1);
  else if (kind < 0.65 && lines.length > 1) lines.splice(at, 0, lines[Math.floor(random() * lines.length)]);
  else if (kind < 0.9 && lines.length > 0) {
    const line = Math.min(at, lines.length - 1);
    const text = lines[line];
    const column = Math.floor(random() * (text.length + 1));
    lines[line] = text.slice(0, column) + pick(['x', ' ', '$', '\\', '"', '=', 'A', '-', '#']) + text.slice(column);
  } else if (lines.length > 0) {
    const line = Math.min(at, lines.length - 1);
    lines[line] = lines[line].slice(0, Math.floor(random() * lines[line].length));
  }
}

function plain(diagnostics: readonly LintDiagnostic[]): unknown {
  return JSON.parse(JSON.stringify(diagnostics));
}

/** What an editor keeps per document: the lint cache, and the last model to reparse from. */
class Session {
  readonly cache = new LintCache();
  private model: DockerfileModel | undefined;

  lint(text: string, options: LintOptions, rules: readonly RuleWithOptions[] = allRules): LintDiagnostic[] {
    this.model = this.model ? reparseDockerfile(this.model, text) : parseDockerfile(text);
    const steps = lintSteps(this.model, rules, options, this.cache);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }
}

/** A rule that reports every LABEL with its stage, and records the instructions each run is given (FROMs by base). */
function labelProbe(locality: 'instruction' | 'stage', seen: string[][] = []): RuleWithOptions {
  return {
    id: 'LabelProbe', category: 'syntax', defaultSeverity: 'warning', description: 'reports every LABEL with its stage', fixable: false, locality,
    check(context, report) {
      seen.push(context.model.instructions.map((i) => (i.name === 'FROM' ? i.args[0].value : i.name)));
      for (const i of context.model.instructions) if (i.name === 'LABEL') report({ range: i.keyword.range, message: `label in stage ${i.stageIndex}`, instruction: i });
    },
  };
}

/** Lints successive versions of one document with one cache; each finding as "line:message". */
function cachedLinter(rule: RuleWithOptions): (text: string) => string[] {
  const cache = new LintCache();
  return (text) => {
    const steps = lintSteps(parseDockerfile(text), [rule], {}, cache);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value.map((d) => `${d.range.start.line}:${d.message}`);
    }
  };
}

/** The first edit (of `edits`) after which a cached run differs from a full one, or undefined. */
function firstDifference(text: string, seed: number, edits: number, rules: readonly RuleWithOptions[], options: LintOptions): number | undefined {
  const random = createRandom(seed);
  const lines = text.split('\n');
  const session = new Session();
  for (let step = 0; step <= edits; step++) {
    const current = lines.join('\n');
    const full = lintModel(parseDockerfile(current), rules, options);
    if (!isDeepStrictEqual(plain(session.lint(current, options, rules)), plain(full))) return step;
    edit(lines, random);
  }
  return undefined;
}

describe('incremental lint (LintCache)', () => {
  const documents = [
    { name: 'hand-written', text: HANDWRITTEN, seed: 11, edits: 150 },
    { name: 'stages tied together', text: STAGES, seed: 14, edits: 150 },
    { name: 'generated, 300 lines', text: generateDockerfile(300, 3).lines.join('\n'), seed: 12, edits: 60 },
    { name: 'generated with CRLF', text: generateDockerfile(120, 4).lines.join('\r\n'), seed: 13, edits: 40 },
  ];
  const options: LintOptions = { severities: new Map([['DL3000', 'off']]), trustedRegistries: ['docker.io'] };

  for (const { name, text, seed, edits } of documents) {
    it(`reports what a full lint reports after each of ${edits} random edits (${name})`, () => {
      const random = createRandom(seed);
      const lines = text.split(/\r?\n/);
      const eol = text.includes('\r\n') ? '\r\n' : '\n';
      const session = new Session();
      for (let step = 0; step <= edits; step++) {
        const current = lines.join(eol);
        const full = lintModel(parseDockerfile(current), allRules, options);
        const incremental = session.lint(current, options);
        assert.deepEqual(plain(incremental), plain(full), `after edit ${step} of ${name}:\n${current}`);
        edit(lines, random);
      }
    });
  }

  it('catches a rule that claims a locality it does not have', () => {
    // The casing majority is the file's (a stage rule only with its fileKey); stage indexes count
    // image references in earlier stages; an undefined variable's scope comes from other instructions.
    const wrong: [string, 'instruction' | 'stage', string][] = [
      ['ConsistentInstructionCasing', 'stage', STAGES],
      ['InvalidStageReference', 'stage', STAGES],
      ['UndefinedVar', 'instruction', HANDWRITTEN],
    ];
    for (const [id, locality, text] of wrong) {
      const rules = allRules.map((rule) => (rule.id === id ? { ...rule, locality, fileKey: undefined } : rule));
      const caught = [11, 14, 17, 18, 20].some((seed) => firstDifference(text, seed, 150, rules, options) !== undefined);
      assert.ok(caught, `${id} declared ${locality} goes unnoticed`);
    }
  });

  it('catches a stage rule that reads what a base stage does not hand down', () => {
    // Counts the RUNs of the stages each stage is built from: a RUN added to a base changes the count.
    const baseRuns: RuleWithOptions = {
      id: 'BaseRuns', category: 'syntax', defaultSeverity: 'hint', description: 'counts the RUNs of base stages', fixable: false, locality: 'stage',
      check(context, report) {
        for (const stage of context.model.stages) {
          const ancestors = stageAncestry(context.scopes, stage.index).ancestors.map((i) => context.model.stages[i]);
          const runs = ancestors.flatMap((base) => base.instructions).filter((i) => i.name === 'RUN').length;
          report({ range: stage.from.range, message: `${runs} RUNs in its bases`, instruction: stage.from });
        }
      },
    };
    const caught = [11, 14, 17, 18, 20].some((seed) => firstDifference(STAGES, seed, 150, [baseRuns], options) !== undefined);
    assert.ok(caught, 'a stage rule reading its bases\' RUNs goes unnoticed');
  });

  it('knows a stage named by a quoted or escaped base (expansion removes quotes and escapes)', () => {
    const versions: [string, string][] = [
      // a SHELL with pipefail added to the base "one" reaches the pipe in the stage built from it
      ['FROM alpine:3 AS one\nRUN x\nFROM "one" AS two\nRUN a | b\n', 'FROM alpine:3 AS one\nRUN x\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM "one" AS two\nRUN a | b\n'],
      // linting stage two alone must still see the WORKDIR it inherits from one
      ['FROM alpine:3 AS one\nWORKDIR /srv\nFROM o\\ne AS two\nRUN true\n', 'FROM alpine:3 AS one\nWORKDIR /srv\nFROM o\\ne AS two\nRUN true\nWORKDIR rel\n'],
      ["FROM alpine:3 AS one\nWORKDIR /srv\nFROM 'one' AS two\nRUN true\n", "FROM alpine:3 AS one\nWORKDIR /srv\nFROM 'one' AS two\nRUN true\nWORKDIR rel\n"],
    ];
    for (const [before, after] of versions) {
      const session = new Session();
      session.lint(before, {});
      assert.deepEqual(plain(session.lint(after, {})), plain(lintModel(parseDockerfile(after), allRules, {})), after);
    }
  });

  it('still checks the directives of a file without instructions', () => {
    const text = '# escape=x\n# comment\n';
    assert.deepEqual(plain(new Session().lint(text, {})), plain(lintModel(parseDockerfile(text), allRules, {})));
    assert.ok(new Session().lint(text, {}).some((d) => d.ruleId === 'InvalidEscapeDirective'));
  });

  it('starts over when the settings change', () => {
    const session = new Session();
    const before = session.lint(HANDWRITTEN, {});
    assert.ok(before.some((d) => d.ruleId === 'DL3004'));
    const after = session.lint(HANDWRITTEN, { severities: new Map([['DL3004', 'off']]) });
    assert.ok(!after.some((d) => d.ruleId === 'DL3004'));
    assert.deepEqual(plain(after), plain(lintModel(parseDockerfile(HANDWRITTEN), allRules, { severities: new Map([['DL3004', 'off']]) })));
  });

  it('lints only the instructions an edit touched (and every FROM), and moves the others\' findings', () => {
    const seen: string[][] = [];
    const probe: RuleWithOptions = {
      id: 'Probe', category: 'syntax', defaultSeverity: 'warning', description: 'reports every LABEL', fixable: false, locality: 'instruction',
      check(context, report) {
        seen.push(context.model.instructions.map((i) => i.name));
        for (const i of context.model.instructions) if (i.name === 'LABEL') report({ range: i.keyword.range, message: 'label', instruction: i });
      },
    };
    const cache = new LintCache();
    const lint = (text: string) => {
      const steps = lintSteps(parseDockerfile(text), [probe], {}, cache);
      for (;;) {
        const step = steps.next();
        if (step.done) return step.value;
      }
    };
    const lines = ['FROM a', 'LABEL one=1', 'RUN x', 'FROM b', 'LABEL two=2'];
    assert.deepEqual(lint(lines.join('\n')).map((d) => d.range.start.line), [1, 4]);
    assert.deepEqual(seen.pop(), ['FROM', 'LABEL', 'RUN', 'FROM', 'LABEL']);
    lines.splice(2, 1, 'RUN y', 'ENV z=1');
    assert.deepEqual(lint(lines.join('\n')).map((d) => d.range.start.line), [1, 5]);
    assert.deepEqual(seen.pop(), ['FROM', 'RUN', 'ENV', 'FROM'], 'only the new lines and the FROMs are linted again');
    assert.equal(lint(lines.join('\n')).length, 2);
    assert.deepEqual(seen.pop(), ['FROM', 'FROM']);
    // A comment above the first instruction stays with it, not with the next instruction linted.
    lines.unshift('# berth ignore=Probe', '');
    lines.splice(4, 0, 'LABEL three=3');
    assert.deepEqual(lint(lines.join('\n')).map((d) => d.range.start.line), [3, 4, 8]);
  });

  it('lints an instruction again when an edit puts it in another stage', () => {
    const lint = cachedLinter(labelProbe('instruction'));
    assert.deepEqual(lint('FROM a\nRUN x\nLABEL y=1'), ['2:label in stage 0']);
    assert.deepEqual(lint('FROM a\nFROM b\nRUN x\nLABEL y=1'), ['3:label in stage 1']);
  });

  it('lints a stage rule only on the stages an edit touched, the stages inheriting a change from them and their bases', () => {
    const seen: string[][] = [];
    const lint = cachedLinter(labelProbe('stage', seen));
    const lines = ['ARG X', 'FROM a AS one', 'LABEL a=1', 'FROM b AS two', 'LABEL b=1', 'FROM one AS three', 'LABEL c=1', 'FROM c', 'LABEL d=1'];
    assert.deepEqual(lint(lines.join('\n')), ['2:label in stage 0', '4:label in stage 1', '6:label in stage 2', '8:label in stage 3']);
    seen.length = 0;
    // A RUN in stage "one": "three" is built from it but inherits no RUN; only "one" runs again.
    lines.splice(2, 0, 'RUN x');
    assert.deepEqual(lint(lines.join('\n')), ['3:label in stage 0', '5:label in stage 1', '7:label in stage 2', '9:label in stage 3']);
    assert.deepEqual(seen.pop(), ['ARG', 'a', 'RUN', 'LABEL', 'b', 'one', 'c']);
    // An ENV in stage "one" is inherited by "three": both run again; "two" and the last stage are reused.
    lines.splice(2, 0, 'ENV e=1');
    assert.deepEqual(lint(lines.join('\n')), ['4:label in stage 0', '6:label in stage 1', '8:label in stage 2', '10:label in stage 3']);
    assert.deepEqual(seen.pop(), ['ARG', 'a', 'ENV', 'RUN', 'LABEL', 'b', 'one', 'LABEL', 'c']);
    lines.splice(2, 1);
    lint(lines.join('\n'));
    // An edit in "three": its base "one" is kept for its ENVs, and only "three" is reported from this run.
    lines.splice(8, 0, 'ENV y=1');
    assert.deepEqual(lint(lines.join('\n')), ['3:label in stage 0', '5:label in stage 1', '7:label in stage 2', '10:label in stage 3']);
    assert.deepEqual(seen.pop(), ['ARG', 'a', 'RUN', 'LABEL', 'b', 'one', 'LABEL', 'ENV', 'c']);
    // Removing the last instruction of a stage touches the next FROM's lines: both stages run again.
    lines.splice(5, 1);
    assert.deepEqual(lint(lines.join('\n')), ['3:label in stage 0', '6:label in stage 2', '9:label in stage 3']);
    assert.deepEqual(seen.pop(), ['ARG', 'a', 'RUN', 'LABEL', 'b', 'one', 'LABEL', 'ENV', 'c']);
    // The text before the first FROM changed: every stage runs again.
    lines[0] = 'ARG X=1';
    lint(lines.join('\n'));
    assert.deepEqual(seen.pop(), ['ARG', 'a', 'RUN', 'LABEL', 'b', 'one', 'LABEL', 'ENV', 'c', 'LABEL']);
  });
});
