/**
 * Signature information for each instruction, built once from the instruction reference table:
 * one signature per argument form, each listing the instruction's flags as optional parameters
 * followed by the form's positional parameters (labels as offsets into the signature label, so
 * `<src>...` and `<dest>` highlight exactly). Also the parser directives' signatures.
 */
import { MarkupKind, ParameterInformation, SignatureInformation } from 'vscode-languageserver';
import { FormSpec, InstructionSpec, INSTRUCTION_SPECS } from '../../../engine/src/dockerfile/instructionSpecs';
import { CHECK_OPTION_SPECS, DirectiveSpec, DIRECTIVE_SPECS } from '../../../engine/src/dockerfile/directiveSpecs';
import { code, flagUsage } from '../assist/docs';

/** A signature with the role of each parameter: a flag name (`--from`) or a form parameter id. */
export interface RoledSignature {
  readonly information: SignatureInformation;
  readonly form: FormSpec;
  readonly roles: readonly string[];
}

const markdown = (value: string) => ({ kind: MarkupKind.Markdown, value });

function build(spec: InstructionSpec, form: FormSpec): RoledSignature {
  let label = spec.name;
  const parameters: ParameterInformation[] = [];
  const roles: string[] = [];
  for (const flag of form.withoutFlags ? [] : spec.flags) {
    const text = `[${flagUsage(flag)}]`;
    label += ' ';
    parameters.push({ label: [label.length, label.length + text.length], documentation: markdown(flag.doc) });
    roles.push(`--${flag.name}`);
    label += text;
  }
  label += ' ';
  for (const part of form.parts) {
    if (typeof part === 'string') {
      label += part;
      continue;
    }
    parameters.push({ label: [label.length, label.length + part.label.length], documentation: markdown(part.doc) });
    roles.push(part.id);
    label += part.label;
  }
  const documentation = markdown(`${spec.summary}${form.doc ? `\n\n${form.doc}` : ''}\n\n[Dockerfile reference](${spec.url})`);
  return { information: { label, documentation, parameters }, form, roles };
}

const signatures = new Map<string, readonly RoledSignature[]>(INSTRUCTION_SPECS.map((spec) => [spec.name, spec.forms.map((form) => build(spec, form))]));

export function instructionSignatures(name: string): readonly RoledSignature[] {
  return signatures.get(name.toUpperCase()) ?? [];
}

function directiveSignature(spec: DirectiveSpec): RoledSignature {
  const head = `# ${spec.name}=`;
  if (spec.name !== 'check') {
    const label = head + spec.valueHint;
    const parameters: ParameterInformation[] = [{ label: [head.length, label.length], documentation: markdown(spec.values.map((v) => `${code(v.value)}: ${v.doc}`).join('\n\n')) }];
    return { information: { label, documentation: markdown(spec.summary), parameters }, form: { parts: [], snippet: '', label: '' }, roles: ['value'] };
  }
  let label = head;
  const parameters: ParameterInformation[] = [];
  CHECK_OPTION_SPECS.forEach((option, i) => {
    const text = `${option.name}=${option.valueHint}`;
    if (i > 0) label += ';';
    parameters.push({ label: [label.length, label.length + text.length], documentation: markdown(option.doc) });
    label += text;
  });
  return { information: { label, documentation: markdown(spec.summary), parameters }, form: { parts: [], snippet: '', label: '' }, roles: CHECK_OPTION_SPECS.map((o) => o.name) };
}

const directives = new Map(DIRECTIVE_SPECS.map((spec) => [spec.name as string, directiveSignature(spec)]));

export function directiveSignatureOf(name: string): RoledSignature | undefined {
  return directives.get(name.toLowerCase());
}
