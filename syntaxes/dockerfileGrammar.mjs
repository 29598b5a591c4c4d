// Generates syntaxes/dockerfile.tmLanguage.json, Berth's TextMate grammar for Dockerfiles.
//
//   node syntaxes/dockerfileGrammar.mjs            rewrite the JSON file
//   node syntaxes/dockerfileGrammar.mjs --stdout   print it (the unit test compares the two)
//
// Why a generator: the `# escape=` directive changes the line-continuation and escape character for
// the whole file, and TextMate has no variables, so every rule that can meet a continuation exists
// twice (backslash and backtick). Heredocs need one rule per count of markers on a line and per
// form of the last marker (`<<-` or `<<`, quoted or not), because only a rule's own begin captures
// can be back-referenced by its end. Writing those copies by hand would let them drift apart.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SCOPE = 'source.dockerfile.berth';
// BuildKit's directive parser: `#` at column 0, a known name (any case), `=`, a non-empty value.
const DIRECTIVE_AHEAD = String.raw`#[ \t]*(?i:syntax|escape|check)[ \t]*=[ \t]*\S`;
const HEREDOC_WORD = String.raw`[\w.-]+`;
const MAX_HEREDOCS = 3;
// The end of a line, but not the position after its newline: vscode-textmate keeps scanning there once
// a continuation has consumed the newline, and a plain `$` would end the instruction at that point.
const EOL = String.raw`(?=\n)`;

/** The two escape characters BuildKit accepts, with the regex source of each and a rule-name suffix. */
const MODES = [
  { esc: String.raw`\\`, suffix: '' },
  { esc: '`', suffix: '-backtick' },
];

const scope = (name) => `${name}.dockerfile`;
const named = (name) => ({ name: scope(name) });

function modeRules(mode) {
  const E = mode.esc;
  const key = (name) => name + mode.suffix;
  const inc = (name) => ({ include: `#${key(name)}` });
  const jsonString = String.raw`"(?:[^"\\]|\\.)*"`;
  const rules = {};

  rules[key('line-continuation')] = {
    match: String.raw`(${E})[ \t]*$\n?`,
    captures: { 1: named('constant.character.escape.line-continuation') },
  };
  // Inside a continued instruction BuildKit drops comment lines and empty lines and keeps going, so
  // these consume the newline: the instruction's `$` end never sees them.
  rules[key('continued-line-gaps')] = {
    patterns: [
      { match: String.raw`^[ \t]*((#).*)$\n?`, captures: { 1: named('comment.line.number-sign'), 2: named('punctuation.definition.comment') } },
      { match: String.raw`^[ \t]*\n` },
    ],
  };
  rules[key('escape')] = { match: `${E}.`, name: scope('constant.character.escape') };
  rules[key('variable')] = {
    patterns: [
      {
        match: String.raw`(\$)[A-Za-z_][A-Za-z0-9_]*`,
        name: scope('variable.other'),
        captures: { 1: named('punctuation.definition.variable') },
      },
      {
        begin: String.raw`(\$\{)([A-Za-z_][A-Za-z0-9_]*)?`,
        beginCaptures: { 1: named('punctuation.definition.variable.begin'), 2: named('variable.other') },
        // An unclosed `${` must not run past its line and swallow the instructions after it.
        end: String.raw`\}|${EOL}`,
        endCaptures: { 0: named('punctuation.definition.variable.end') },
        name: scope('meta.variable.braced'),
        patterns: [{
          // ${VAR:-default} ${VAR-default} ${VAR:+alt} ${VAR+alt} ${VAR:?err} ${VAR#pre} ${VAR%suf} ${VAR/a/b}
          begin: String.raw`:?[-+?]|##?|%%?|//?`,
          beginCaptures: { 0: named('keyword.operator.expansion') },
          end: String.raw`(?=\})|${EOL}`,
          contentName: scope('string.unquoted.expansion-word'),
          patterns: [inc('variable'), inc('escape')],
        }],
      },
    ],
  };
  const quoted = (quote, name, extra) => ({
    begin: quote,
    beginCaptures: { 0: named('punctuation.definition.string.begin') },
    end: `${quote}|${EOL}`,
    endCaptures: { 0: named('punctuation.definition.string.end') },
    applyEndPatternLast: 1,
    name: scope(name),
    patterns: [inc('line-continuation'), inc('continued-line-gaps'), ...extra],
  });
  rules[key('string-double')] = quoted('"', 'string.quoted.double', [inc('escape'), inc('variable')]);
  rules[key('string-single')] = quoted("'", 'string.quoted.single', []);
  rules[key('shell-operator')] = { match: String.raw`&&|\|\||[|;]`, name: scope('keyword.operator.shell') };
  rules[key('words')] = { patterns: [inc('string-double'), inc('string-single'), inc('variable'), inc('escape')] };

  rules[key('flag')] = {
    match: String.raw`(?<=^|[ \t])((--)[A-Za-z][\w-]*)(?:(=)(\S*))?`,
    captures: {
      1: named('entity.other.attribute-name.flag'),
      2: named('punctuation.definition.flag'),
      3: named('keyword.operator.assignment'),
      4: {
        name: scope('string.unquoted.flag-value'),
        patterns: [
          inc('variable'),
          // --mount=type=cache,target=/root/.cache  --secret id=x,env=Y
          { match: String.raw`([A-Za-z][\w-]*)(=)`, captures: { 1: named('entity.other.attribute-name.key'), 2: named('keyword.operator.assignment') } },
          { match: ',', name: scope('punctuation.separator.comma') },
        ],
      },
    },
  };

  // Exec form: BuildKit parses the arguments as a JSON array of strings. A shell test such as
  // `RUN [ "$a" = b ]` is not one, so the array must be checked whole on its line, or run up to a
  // line continuation when it goes on.
  const jsonArrayAhead = String.raw`(?=[ \t]*(?:${jsonString}[ \t]*(?:,[ \t]*${jsonString}[ \t]*)*)?\][ \t]*$` +
    String.raw`|(?:[ \t]*${jsonString}[ \t]*,)*[ \t]*(?:${jsonString}[ \t]*)?${E}[ \t]*$)`;
  const jsonArray = (expands) => ({
    begin: String.raw`(\[)${jsonArrayAhead}`,
    beginCaptures: { 1: named('punctuation.definition.array.begin') },
    end: String.raw`(\])|${EOL}`,
    endCaptures: { 1: named('punctuation.definition.array.end') },
    applyEndPatternLast: 1,
    name: scope('meta.array.exec-form'),
    patterns: [
      inc('line-continuation'),
      inc('continued-line-gaps'),
      {
        begin: '"',
        beginCaptures: { 0: named('punctuation.definition.string.begin') },
        end: '"',
        endCaptures: { 0: named('punctuation.definition.string.end') },
        name: scope('string.quoted.double'),
        patterns: [
          { match: String.raw`\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})`, name: scope('constant.character.escape') },
          ...(expands ? [inc('variable')] : []),
        ],
      },
      { match: ',', name: scope('punctuation.separator.array') },
    ],
  });
  rules[key('exec-form')] = jsonArray(false);
  rules[key('exec-form-expanding')] = jsonArray(true);

  // The arguments after the keyword (and its flags) up to the end of the instruction.
  const args = (name, patterns) => ({
    begin: '(?=[^ \\t\\n])',
    end: EOL,
    applyEndPatternLast: 1,
    name: scope(`meta.arguments.${name}`),
    patterns: [inc('line-continuation'), inc('continued-line-gaps'), ...patterns],
  });
  rules[key('shell-form')] = args('shell', [inc('heredoc'), inc('words'), inc('shell-operator')]);
  rules[key('plain-args')] = args('plain', [inc('words')]);
  rules[key('from-args')] = args('from', [
    { match: String.raw`(?<=[ \t])(?i:(as))[ \t]+(\S+)`, captures: { 1: named('keyword.other.as'), 2: named('entity.name.stage') } },
    { match: String.raw`\G\S+`, name: scope('entity.name.type.image'), captures: { 0: { patterns: [inc('variable')] } } },
    inc('words'),
  ]);
  const keyValue = (keyScope) => [
    { match: String.raw`(?<=^|[ \t])([^\s="'$${E}]+)(=)`, captures: { 1: named(keyScope), 2: named('keyword.operator.assignment') } },
    { match: String.raw`(?<=^|[ \t])(${jsonString})(=)`, captures: { 1: named(keyScope), 2: named('keyword.operator.assignment') } },
    inc('words'),
  ];
  rules[key('env-args')] = args('env', [
    // Legacy form `ENV KEY value with spaces`: the first word has no `=`.
    { match: String.raw`\G([^\s="'${E}]+)(?=[ \t])(?![ \t]*$)`, captures: { 1: named('variable.other.key') } },
    ...keyValue('variable.other.key'),
  ]);
  rules[key('label-args')] = args('label', keyValue('entity.other.attribute-name.label'));
  rules[key('arg-args')] = args('arg', [
    { match: String.raw`(?<=^|[ \t])([^\s="'$${E}]+)(=)?`, captures: { 1: named('variable.other.key'), 2: named('keyword.operator.assignment') } },
    inc('words'),
  ]);
  rules[key('expose-args')] = args('expose', [
    {
      match: String.raw`(?<=^|[ \t])(\d+)(?:(-)(\d+))?(?:(/)((?i:tcp|udp|sctp)))?(?=\s)`,
      captures: {
        1: named('constant.numeric.port'), 2: named('punctuation.separator.range'), 3: named('constant.numeric.port'),
        4: named('punctuation.separator.protocol'), 5: named('constant.language.protocol'),
      },
    },
    inc('words'),
  ]);

  const instruction = (anchor, keywords, patterns) => ({
    begin: String.raw`${anchor}[ \t]*((?i:${keywords.join('|')}))(?=\s|${E}[ \t]*$)`,
    beginCaptures: { 1: named('keyword.other.instruction') },
    end: EOL,
    applyEndPatternLast: 1,
    name: scope('meta.instruction'),
    patterns: [inc('line-continuation'), inc('continued-line-gaps'), ...patterns],
  });
  const healthcheckCmd = {
    begin: String.raw`(?<=^|[ \t])((?i:CMD))(?=\s|${E}[ \t]*$)`,
    beginCaptures: { 1: named('keyword.other.instruction') },
    end: EOL,
    applyEndPatternLast: 1,
    patterns: [inc('line-continuation'), inc('continued-line-gaps'), inc('exec-form'), inc('plain-args')],
  };
  const instructionsAt = (anchor) => [
    instruction(anchor, ['FROM'], [inc('flag'), inc('from-args')]),
    instruction(anchor, ['RUN'], [inc('flag'), inc('exec-form'), inc('shell-form')]),
    instruction(anchor, ['COPY', 'ADD'], [inc('flag'), inc('exec-form-expanding'), inc('shell-form')]),
    instruction(anchor, ['CMD', 'ENTRYPOINT', 'SHELL'], [inc('exec-form'), inc('plain-args')]),
    instruction(anchor, ['VOLUME'], [inc('exec-form-expanding'), inc('plain-args')]),
    instruction(anchor, ['ENV'], [inc('env-args')]),
    instruction(anchor, ['LABEL'], [inc('label-args')]),
    instruction(anchor, ['ARG'], [inc('arg-args')]),
    instruction(anchor, ['EXPOSE'], [inc('expose-args')]),
    instruction(anchor, ['HEALTHCHECK'], [
      inc('flag'),
      { match: String.raw`(?<=^|[ \t])(?i:NONE)(?=\s)`, name: scope('keyword.other.instruction') },
      healthcheckCmd,
    ]),
    instruction(anchor, ['MAINTAINER', 'USER', 'WORKDIR', 'STOPSIGNAL'], [inc('plain-args')]),
  ];
  rules[key('instruction')] = {
    patterns: [
      ...instructionsAt('^'),
      // ONBUILD wraps one trigger instruction, which starts right after it (\G).
      { ...instruction('^', ['ONBUILD'], instructionsAt(String.raw`\G`)) },
    ],
  };

  Object.assign(rules, heredocRules(mode, key, inc));
  rules[key('body')] = {
    patterns: [
      { match: String.raw`^[ \t]*((#).*)$`, captures: { 1: named('comment.line.number-sign'), 2: named('punctuation.definition.comment') } },
      inc('instruction'),
    ],
  };
  return rules;
}

// Heredocs (RUN, COPY, ADD). For k markers on a line, the bodies follow in marker order, so the rule
// for the k-th marker is outermost: it ends on the k-th terminator and holds the rule for the first
// k-1 markers, which starts at the same place (\G). The innermost rule consumes the first marker and
// the rest of its line. Each rule captures only the marker its end needs.
function heredocRules(mode, key, inc) {
  const rules = {};
  const anyMarker = String.raw`\d*<<-?(?:"[^"\n]*"|'[^'\n]*'|${HEREDOC_WORD})`;
  const between = String.raw`(?:[^<\n]|<(?!<))*`;
  const forms = [];
  for (const chomp of [true, false]) for (const quoted of [true, false]) forms.push({ chomp, quoted });
  const formName = (f) => `${f.chomp ? 'chomp' : 'plain'}-${f.quoted ? 'quoted' : 'expanding'}`;
  const operator = (f) => (f.chomp ? '<<-' : '<<(?!-)');
  const terminator = (f, group) => `^${f.chomp ? '\\t*' : ''}(\\${group})$`;
  const bodyLine = (f) => ({
    match: '^.+',
    name: scope('string.unquoted.heredoc'),
    ...(f.quoted ? {} : { captures: { 0: { patterns: [inc('variable')] } } }),
  });
  const markerToken = {
    match: String.raw`(\d*)(<<-?)(["']?)(${HEREDOC_WORD})(\3)`,
    captures: {
      1: named('constant.numeric.file-descriptor'), 2: named('keyword.operator.heredoc'),
      3: named('punctuation.definition.string.begin'), 4: named('keyword.control.heredoc-token'),
      5: named('punctuation.definition.string.end'),
    },
  };
  rules[key('heredoc-marker')] = markerToken;
  const ruleName = (count, anchored, f) => `heredoc-${count}-${anchored ? 'anchored-' : ''}${formName(f)}`;

  for (let count = 1; count <= MAX_HEREDOCS; count++) {
    for (const anchored of [false, true]) {
      if (anchored && count === MAX_HEREDOCS) continue; // the outermost rule is never nested
      for (const f of forms) {
        const anchor = anchored ? String.raw`\G` : '';
        const word = f.quoted ? String.raw`(["'])(${HEREDOC_WORD})(\3)` : String.raw`()(${HEREDOC_WORD})()`;
        let rule;
        if (count === 1) {
          rule = {
            begin: String.raw`${anchor}(\d*)(${operator(f)})${word}(.*)$`,
            beginCaptures: {
              1: named('constant.numeric.file-descriptor'), 2: named('keyword.operator.heredoc'),
              3: named('punctuation.definition.string.begin'), 4: named('keyword.control.heredoc-token'),
              5: named('punctuation.definition.string.end'),
              6: { patterns: [inc('heredoc-marker'), inc('words'), inc('shell-operator')] },
            },
            end: terminator(f, 4),
          };
        } else {
          const lastWord = f.quoted ? String.raw`(["'])(${HEREDOC_WORD})\1` : String.raw`()(${HEREDOC_WORD})`;
          const earlier = Array.from({ length: count - 1 }, () => anyMarker + between).join('');
          rule = {
            begin: String.raw`${anchor}(?=${earlier}\d*${operator(f)}${lastWord})`,
            end: terminator(f, 2),
            patterns: forms.map((inner) => inc(ruleName(count - 1, true, inner))),
          };
        }
        rule.endCaptures = { 1: named('keyword.control.heredoc-token') };
        rule.name = scope('meta.heredoc');
        rule.patterns = [...(rule.patterns ?? []), bodyLine(f)];
        rules[key(ruleName(count, anchored, f))] = rule;
      }
    }
  }
  const outermostFirst = [];
  for (let count = MAX_HEREDOCS; count >= 1; count--) for (const f of forms) outermostFirst.push(inc(ruleName(count, false, f)));
  rules[key('heredoc')] = { patterns: outermostFirst };
  return rules;
}

export function dockerfileGrammar() {
  const directive = {
    match: String.raw`^(#)[ \t]*((?i:syntax|escape|check))[ \t]*(=)[ \t]*(\S.*?)[ \t]*$`,
    name: scope('meta.directive'),
    captures: {
      1: named('punctuation.definition.directive'),
      2: named('keyword.control.directive'),
      3: named('keyword.operator.assignment'),
      4: {
        name: scope('string.unquoted.directive-value'),
        patterns: [
          // # check=skip=JSONArgsRecommended,StageNameCasing;error=true
          { match: String.raw`\b(skip|error|experimental)(=)`, captures: { 1: named('entity.other.attribute-name.key'), 2: named('keyword.operator.assignment') } },
          { match: '[;,]', name: scope('punctuation.separator') },
        ],
      },
    },
  };
  const escapeBacktick = {
    // `# escape=`` switches the rest of the file to the backtick rules. The region never ends; the
    // directives that may follow it are picked up right after it (\G) until the first other line.
    begin: String.raw`^(#)[ \t]*((?i:escape))[ \t]*(=)[ \t]*` + '(`)' + String.raw`(?=[ \t]*$)`,
    beginCaptures: {
      0: named('meta.directive'),
      1: named('punctuation.definition.directive'), 2: named('keyword.control.directive'),
      3: named('keyword.operator.assignment'), 4: named('string.unquoted.directive-value'),
    },
    end: '(?!)',
    patterns: [
      { begin: '\\G(?<=`)', end: `^(?!${DIRECTIVE_AHEAD})`, patterns: [{ include: '#directive' }] },
      { include: '#body-backtick' },
    ],
  };
  const repository = {
    prologue: {
      // Parser directives count only in the lines before the first line that is not one.
      begin: String.raw`\A(?=${DIRECTIVE_AHEAD})`,
      end: `^(?!${DIRECTIVE_AHEAD})`,
      patterns: [{ include: '#backtick-file' }, { include: '#directive' }],
    },
    directive,
    'backtick-file': escapeBacktick,
  };
  for (const mode of MODES) Object.assign(repository, modeRules(mode));
  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: 'Dockerfile (Berth)',
    scopeName: SCOPE,
    comment: 'Generated by syntaxes/dockerfileGrammar.mjs; edit that file, not this one.',
    patterns: [{ include: '#prologue' }, { include: '#body' }],
    repository,
  };
}

export function grammarText() {
  return `${JSON.stringify(dockerfileGrammar(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--stdout')) process.stdout.write(grammarText());
  else writeFileSync(new URL('./dockerfile.tmLanguage.json', import.meta.url), grammarText());
}
