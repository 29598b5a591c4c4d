/**
 * InvalidExpansion: text BuildKit expands (`$VAR`, `${VAR:-x}`, quotes) but cannot: a missing "}",
 * a bad substitution, an unsupported modifier, an unterminated quote (`COPY "my file" /x` splits
 * into `"my` and `file"`), an invalid pattern. Only what BuildKit expands is checked: ENV and
 * LABEL keys and values, ARG defaults, COPY/ADD paths, --chown/--chmod/--checksum and expanded
 * heredoc sources, WORKDIR, USER, VOLUME, EXPOSE, STOPSIGNAL, RUN --mount option values, FROM's
 * base and platform. RUN, CMD and ENTRYPOINT commands are left to the shell. `${VAR?message}`
 * failures depend on the build's variables and are not reported. Quick fix for quoted paths in
 * COPY, ADD and VOLUME: the JSON form.
 */
import { csvFields } from '../../../csvFields';
import { keyValuePairs } from '../../../keyValues';
import { DockerfileModel, Instruction } from '../../../model';
import { argDeclarations } from '../../../scope';
import { Environment, ExpansionError, LexOptions, processWord } from '../../../shellLexer';
import { Range } from '../../../text';
import { isHeredocWord } from '../../../heredocWord';
import { RuleWithOptions } from '../../lint';
import { checkedInstructions } from './checkedInstructions';
import { flagValueSpan } from './flagValueSpan';
import { jsonFormFix } from './jsonFormFix';

interface Expanded {
  readonly text: string;
  readonly range: Range;
  /** Heredoc bodies are expanded with backslash escapes and literal quotes. */
  readonly raw?: boolean;
}

/** Every variable has a value, so only errors that do not depend on values remain. */
const ANY_VALUE: Environment = { get: () => 'x' };
const RAW: LexOptions = { skipProcessQuotes: true };

export const invalidExpansion: RuleWithOptions = {
  id: 'InvalidExpansion',
  locality: 'instruction',
  category: 'syntax',
  defaultSeverity: 'error',
  description: 'Variable or quote syntax the builder cannot expand.',
  fixable: true,
  check({ model }, report) {
    for (const { instruction, owner } of checkedInstructions(model)) {
      if (instruction.parseErrors.length) continue;
      for (const item of expandedTexts(model, instruction)) {
        const escape = item.raw ? '\\' : model.escapeToken;
        if (!mayFail(item.text, escape, item.raw === true)) continue;
        try {
          processWord(item.text, ANY_VALUE, escape, item.raw ? RAW : {});
        } catch (err) {
          if (!(err instanceof ExpansionError)) throw err;
          const fix = item.raw ? undefined : jsonFormFix(instruction, model.escapeToken);
          report({ range: item.range, message: err.message, fixes: fix ? [fix] : [], instruction: owner });
        }
      }
    }
  },
};

function expandedTexts(model: DockerfileModel, instruction: Instruction): Expanded[] {
  const out: Expanded[] = [];
  const words = (list: Instruction['args']) => {
    for (const w of list) out.push({ text: w.value, range: w.range });
  };
  const flagValues = (names: readonly string[]) => {
    for (const f of instruction.flags) if (names.includes(f.name) && f.value) out.push({ text: f.value, range: f.valueRange ?? f.word.range });
  };
  switch (instruction.name) {
    case 'ENV': case 'LABEL':
      for (const pair of keyValuePairs(instruction)) out.push({ text: pair.key.value, range: pair.key.range }, { text: pair.value.value, range: pair.value.range });
      break;
    case 'ARG':
      for (const decl of argDeclarations(instruction)) if (decl.defaultValue !== undefined && decl.defaultWord) out.push({ text: decl.defaultValue, range: decl.defaultWord.range });
      break;
    case 'COPY': case 'ADD':
      words(instruction.args.filter((w) => !isHeredocWord(w.value)));
      flagValues(instruction.name === 'ADD' ? ['chown', 'chmod', 'checksum'] : ['chown', 'chmod']);
      for (const doc of instruction.heredocs) {
        if (!doc.expand) continue;
        const content = doc.chomp ? doc.content.replace(/^\t+/gm, '') : doc.content;
        out.push({ text: content, range: withoutFinalNewline(model, doc.bodyRange), raw: true });
      }
      break;
    case 'WORKDIR': case 'USER': case 'STOPSIGNAL': case 'VOLUME': case 'EXPOSE':
      words(instruction.args);
      break;
    case 'FROM':
      words(instruction.args.slice(0, 1));
      flagValues(['platform']);
      break;
    case 'RUN':
      for (const flag of instruction.flags) if (flag.name === 'mount' && flag.value) out.push(...mountValues(model, flag));
      break;
  }
  return out;
}

/** The option values of a --mount, which BuildKit expands one by one (the keys are not). */
function mountValues(model: DockerfileModel, flag: Instruction['flags'][number]): Expanded[] {
  const csv = csvFields(flag.value!);
  if ('error' in csv) return [];
  const out: Expanded[] = [];
  for (const f of csv.fields) {
    const eq = f.text.indexOf('=');
    if (eq < 0) continue;
    const range = flagValueSpan(model, flag, f.start + eq + 1, f.end) ?? flag.valueRange ?? flag.word.range;
    out.push({ text: f.text.slice(eq + 1), range });
  }
  return out;
}

function withoutFinalNewline(model: DockerfileModel, range: Range): Range {
  const start = model.lines.offsetAt(range.start);
  let end = model.lines.offsetAt(range.end);
  while (end > start && (model.text[end - 1] === '\n' || model.text[end - 1] === '\r')) end--;
  return model.lines.rangeOf(start, end);
}

/**
 * Expansion can only fail on a `${` or an unbalanced quote; most words have neither, and this scan
 * is much cheaper than lexing them.
 */
function mayFail(text: string, escape: string, quotesAreLiteral: boolean): boolean {
  if (text.includes('${')) return true;
  if (quotesAreLiteral) return false;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote === "'") {
      if (ch === "'") quote = '';
    } else if (ch === escape) i++;
    else if (quote === '"') {
      if (ch === '"') quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
  }
  return quote !== '';
}
