/**
 * Signature help for Dockerfiles: `computeSignatureHelp(model, position)` shows the forms of the
 * instruction being written, its flags and positional parameters, and highlights the one under
 * the cursor: the flag being typed, FROM's image / AS / name, COPY's sources until the last
 * argument (the destination), `key` or `value` of ENV/LABEL/ARG, USER's user or group, EXPOSE's
 * port or protocol, the executable or a parameter of an exec form (by commas before the cursor),
 * HEALTHCHECK's type or command. Parser directives at the top of the file get theirs too.
 */
import { SignatureHelp } from 'vscode-languageserver';
import { DockerfileModel } from '../../engine/src/dockerfile/model';
import { Position } from '../../engine/src/dockerfile/text';
import { instructionSpec, InstructionSpec, ParameterSpec } from '../../engine/src/dockerfile/instructionSpecs';
import { locateCursor, LogicalLine, Token } from './assist/cursor';
import { directiveSignatureOf, instructionSignatures, RoledSignature } from './signatureHelp/signatures';

export function computeSignatureHelp(model: DockerfileModel, position: Position): SignatureHelp | null {
  const place = locateCursor(model, position);
  if (place.kind === 'comment') return place.inInstruction ? null : directiveHelp(model, place.hash, model.lines.offsetAt(position));
  if (place.kind !== 'instruction') return null;
  const line = place.line;
  const before = line.before;
  if (before.length === 0) return null;
  const onbuild = before[0].text.toUpperCase() === 'ONBUILD';
  if (onbuild && before.length === 1) return help(instructionSignatures('ONBUILD'), 0, 'instruction');
  const spec = instructionSpec(before[onbuild ? 1 : 0].text);
  if (!spec) return null;
  const args = before.slice(onbuild ? 2 : 1);
  let flagCount = 0;
  while (flagCount < args.length && args[flagCount].text.startsWith('--') && args[flagCount].text !== '--') flagCount++;
  const typing = line.typing;
  const signatures = instructionSignatures(spec.name);
  if (flagCount === args.length && typing.text.startsWith('-')) {
    const name = typing.text.slice(2).split('=')[0];
    const matches = spec.flags.filter((f) => f.name === name || (!typing.text.includes('=') && name !== '' && f.name.startsWith(name)));
    const role = matches.length === 1 ? `--${matches[0].name}` : undefined;
    return help(signatures, 0, role);
  }
  const positional = args.slice(flagCount).filter((t) => t.text !== '--');
  const restStart = positional[0]?.start ?? typing.start;
  const rest = line.text.slice(restStart);
  const choice = chooseRole(spec, positional, typing, rest, line);
  return help(signatures, choice.form, choice.role);
}

function help(signatures: readonly RoledSignature[], form: number, role: string | undefined): SignatureHelp | null {
  if (!signatures.length) return null;
  const active = signatures[Math.min(form, signatures.length - 1)];
  const index = role === undefined ? -1 : active.roles.indexOf(role);
  return {
    signatures: signatures.map((s) => s.information),
    activeSignature: Math.min(form, signatures.length - 1),
    // null: no parameter matches (an unknown flag being typed).
    activeParameter: index < 0 ? null : index,
  };
}

interface Choice {
  readonly form: number;
  readonly role: string | undefined;
}

function chooseRole(spec: InstructionSpec, positional: readonly Token[], typing: Token, rest: string, line: LogicalLine): Choice {
  const index = positional.length;
  const json = rest.trimStart().startsWith('[');
  const jsonForm = Math.max(0, spec.forms.findIndex((f) => f.json === true));
  const textForm = Math.max(0, spec.forms.findIndex((f) => f.json !== true));
  const commas = json ? commasBefore(rest) : 0;
  const target = line.instruction?.trigger ?? line.instruction;
  switch (spec.name) {
    case 'FROM':
      return { form: index >= 1 || (target?.args.length ?? 0) >= 2 ? 1 : 0, role: index === 0 ? 'image' : index === 1 ? 'as' : 'name' };
    case 'COPY': case 'ADD': {
      if (json) {
        const total = Math.max(commas + 1, target?.json ? target.args.length : 0);
        return { form: jsonForm, role: commas >= 1 && commas === total - 1 ? 'dest' : 'src' };
      }
      const total = Math.max(index + 1, target && !target.json ? target.args.length : 0);
      return { form: textForm, role: index >= 1 && index === total - 1 ? 'dest' : 'src' };
    }
    case 'RUN': case 'CMD': case 'ENTRYPOINT': case 'SHELL':
      if (json || spec.name === 'SHELL') return { form: jsonForm, role: commas === 0 ? 'executable' : 'param' };
      return { form: textForm, role: 'command' };
    case 'VOLUME':
      return { form: json ? jsonForm : textForm, role: 'path' };
    case 'ENV': case 'LABEL': {
      const legacy = positional.length > 0 && !positional[0].text.includes('=');
      if (legacy && spec.name === 'ENV') return { form: 1, role: index === 0 ? 'key' : 'value' };
      return { form: 0, role: typing.text.includes('=') ? 'value' : legacy && index > 0 ? 'value' : 'key' };
    }
    case 'ARG': {
      const withDefault = typing.text.includes('=') || positional.some((t) => t.text.includes('='));
      return { form: withDefault ? 1 : 0, role: typing.text.includes('=') ? 'default' : 'name' };
    }
    case 'USER':
      return { form: 0, role: typing.text.includes(':') ? 'group' : 'user' };
    case 'EXPOSE':
      return { form: 0, role: typing.text.includes('/') ? 'protocol' : 'port' };
    case 'HEALTHCHECK': {
      const first = (positional[0]?.text ?? typing.text).toUpperCase();
      const none = first !== '' && 'NONE'.startsWith(first) && !'CMD'.startsWith(first);
      return { form: none ? 1 : 0, role: index === 0 ? 'type' : 'command' };
    }
    default: {
      const first = spec.forms[0]?.parts.find((p): p is ParameterSpec => typeof p !== 'string');
      return { form: 0, role: first?.id };
    }
  }
}

/** Commas before the end of `text` outside JSON strings: the index of the array item being typed. */
function commasBefore(text: string): number {
  let commas = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === ',') commas++;
  }
  return commas;
}

function directiveHelp(model: DockerfileModel, hash: number, offset: number): SignatureHelp | null {
  const text = model.text.slice(hash + 1, offset);
  const m = /^\s*([A-Za-z]+)\s*=/.exec(text);
  if (!m) return null;
  const line = model.lines.positionAt(offset).line;
  for (let l = 0; l < line; l++) if (!model.directives.some((d) => d.line === l)) return null;
  const signature = directiveSignatureOf(m[1]);
  if (!signature) return null;
  let role = 'value';
  if (m[1].toLowerCase() === 'check') {
    const part = text.slice(m[0].length).split(';').pop() ?? '';
    const key = part.split('=')[0].trim().toLowerCase();
    role = signature.roles.includes(key) ? key : 'skip';
  }
  return help([signature], 0, role);
}
