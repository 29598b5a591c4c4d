/**
 * The words BuildKit runs through variable expansion for one instruction, expanded the way its
 * dispatcher does it (instructions/commands.go Expand and ExpandRaw, dispatchArg, dispatchExpose):
 * ENV and LABEL keys and values; COPY/ADD sources, destination, --chown, --chmod (and ADD's
 * --checksum) and the bodies of expanding heredocs (quotes literal, backslash escapes); WORKDIR,
 * USER, STOPSIGNAL, VOLUME; each field value of RUN --mount; ARG defaults, each seeing the ARGs
 * declared before it on the line; EXPOSE ports. Shell-form commands are left to the shell.
 * Several rules need these (UndefinedVar, CopyIgnoredFile, WorkdirRelativePath, the EXPOSE
 * checks), so each instruction is expanded once per lint run.
 */
import { Flag, Instruction, Word } from '../../../model';
import { Range } from '../../../text';
import { argDeclarations, Scopes } from '../../../scope';
import { keyValuePairs } from '../../../keyValues';
import { csvFields } from '../../../csvFields';
import { isHeredocWord } from '../../../heredocWord';
import { Environment, ExpansionError, LexOptions, processWord } from '../../../shellLexer';
import { LintContext } from '../../rule';
import { instructionEnvironment, withOverlay } from './instructionEnvironment';

export type WordRole = 'key' | 'value' | 'source' | 'destination' | 'option' | 'heredoc' | 'argument' | 'default' | 'port';

export interface ExpandedWord {
  readonly role: WordRole;
  /** The text handed to the expander. */
  readonly text: string;
  /** Where it was written. */
  readonly range: Range;
  /** The model word, when `text` is that word's value. */
  readonly word: Word | undefined;
  readonly result: string;
  /** The result split into words (what EXPOSE receives). */
  readonly words: readonly string[];
  /** Variables referenced but not set. */
  readonly unmatched: ReadonlySet<string>;
  readonly error: string | undefined;
  /** ARG names declared before this default on the same line. */
  readonly declaredOnLine: ReadonlySet<string>;
}

const cache = new WeakMap<Scopes, WeakMap<Instruction, readonly ExpandedWord[]>>();
const NONE: ReadonlySet<string> = new Set();

export function expandedWords(context: LintContext, instruction: Instruction): readonly ExpandedWord[] {
  let byInstruction = cache.get(context.scopes);
  if (!byInstruction) cache.set(context.scopes, (byInstruction = new WeakMap()));
  let words = byInstruction.get(instruction);
  if (!words) byInstruction.set(instruction, (words = expand(context, instruction)));
  return words;
}

function expand(context: LintContext, instruction: Instruction): ExpandedWord[] {
  if (instruction.stageIndex < 0 || instruction.name === 'FROM') return [];
  const { env } = instructionEnvironment(context, instruction);
  const escape = context.model.escapeToken;
  const out: ExpandedWord[] = [];
  const add = (role: WordRole, text: string, range: Range, word: Word | undefined, options: { env?: Environment; raw?: boolean; declared?: ReadonlySet<string> } = {}) => {
    const lexOptions: LexOptions = options.raw ? { skipProcessQuotes: true } : {};
    let result = '';
    let words: readonly string[] = [];
    let unmatched: ReadonlySet<string> = NONE;
    let error: string | undefined;
    try {
      const r = processWord(text, options.env ?? env, options.raw ? '\\' : escape, lexOptions);
      ({ result, words, unmatched } = r);
    } catch (err) {
      if (!(err instanceof ExpansionError)) throw err;
      error = err.message;
    }
    out.push({ role, text, range, word, result, words, unmatched, error, declaredOnLine: options.declared ?? NONE });
  };
  const addFlag = (flag: Flag) => {
    if (flag.value !== undefined) add('option', flag.value, flag.valueRange ?? flag.word.range, undefined);
  };

  switch (instruction.name) {
    case 'ENV':
    case 'LABEL':
      for (const pair of keyValuePairs(instruction)) {
        add('key', pair.key.value, pair.key.range, pair.key);
        add('value', pair.value.value, pair.value.range, pair.value);
      }
      break;
    case 'COPY':
    case 'ADD': {
      const expanded = instruction.name === 'ADD' ? ['chown', 'chmod', 'checksum'] : ['chown', 'chmod'];
      for (const flag of instruction.flags) if (expanded.includes(flag.name)) addFlag(flag);
      const args = instruction.args;
      args.forEach((arg, i) => {
        if (i === args.length - 1) add('destination', arg.value, arg.range, arg);
        else if (!isHeredocWord(arg.value)) add('source', arg.value, arg.range, arg);
      });
      for (const doc of instruction.heredocs) if (doc.expand) add('heredoc', doc.content, doc.bodyRange, undefined, { raw: true });
      break;
    }
    case 'WORKDIR':
    case 'USER':
    case 'STOPSIGNAL':
    case 'VOLUME':
      for (const arg of instruction.args) add('argument', arg.value, arg.range, arg);
      break;
    case 'RUN':
      for (const flag of instruction.flags) {
        if (flag.name !== 'mount' || flag.value === undefined) continue;
        // A value that is not valid CSV fails before BuildKit expands any of it.
        const csv = csvFields(flag.value);
        if (!('fields' in csv)) continue;
        for (const { text } of csv.fields) {
          const eq = text.indexOf('=');
          if (eq >= 0) add('option', text.slice(eq + 1), flag.valueRange ?? flag.word.range, undefined);
        }
      }
      break;
    case 'ARG': {
      const overlay = new Map<string, string | undefined>();
      for (const decl of argDeclarations(instruction)) {
        if (decl.defaultValue !== undefined && decl.defaultWord) {
          add('default', decl.defaultValue, decl.defaultWord.range, undefined, { env: withOverlay(env, overlay), declared: new Set(overlay.keys()) });
          overlay.set(decl.name, out[out.length - 1].result);
        } else {
          // Without a default, an ARG takes the global ARG's value of the same name.
          const global = context.scopes.global.get(decl.name);
          overlay.set(decl.name, global?.kind === 'global-arg' ? global.value : undefined);
        }
      }
      break;
    }
    case 'EXPOSE':
      for (const arg of instruction.args) add('port', arg.value, arg.range, arg);
      break;
  }
  return out;
}
