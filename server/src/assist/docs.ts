/**
 * Markdown for instructions, flags, flag values, mount options, directives and lint rules, from
 * the instruction reference table; shared by completion (resolved lazily) and hover so both say
 * the same thing. Each ends with a link to Docker's reference.
 */
import { FlagSpec, FormSpec, InstructionSpec, flagSpec, instructionSpec } from '../../../engine/src/dockerfile/instructionSpecs';
import { CHECK_OPTION_SPECS, directiveSpec } from '../../../engine/src/dockerfile/directiveSpecs';
import { mountKeySpec, mountTypeSpec } from '../../../engine/src/dockerfile/runMountSpecs';
import { RuleWithOptions } from '../../../engine/src/dockerfile/lint/lint';

/** What a completion item's documentation is about (its `data`), resolved on demand. */
export type DocKey =
  | { readonly doc: 'instruction'; readonly name: string }
  | { readonly doc: 'flag'; readonly instruction: string; readonly flag: string }
  | { readonly doc: 'flagValue'; readonly instruction: string; readonly flag: string; readonly value: string }
  | { readonly doc: 'mountType'; readonly type: string }
  | { readonly doc: 'mountKey'; readonly type: string; readonly key: string }
  | { readonly doc: 'directive'; readonly name: string }
  | { readonly doc: 'checkOption'; readonly name: string }
  | { readonly doc: 'rule'; readonly id: string };

export function isDocKey(value: unknown): value is DocKey {
  return typeof value === 'object' && value !== null && typeof (value as { doc?: unknown }).doc === 'string';
}

const link = (url: string) => `[Dockerfile reference](${url})`;

/** Inline code that survives backticks in the text (the escape directive's value). */
export function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

/** `--name=<hint>` as usage text (`[--link]`, `[--mount=<...>]`). */
export function flagUsage(flag: FlagSpec): string {
  if (flag.type === 'bool') return `--${flag.name}`;
  return `--${flag.name}=${flag.valueHint ?? '<value>'}`;
}

/** The text of a form's arguments. */
export function formText(form: FormSpec): string {
  return form.parts.map((p) => (typeof p === 'string' ? p : p.label)).join('');
}

function usage(spec: InstructionSpec): string {
  const flags = spec.flags.length > 2 ? '[OPTIONS] ' : spec.flags.map((f) => `[${flagUsage(f)}] `).join('');
  return spec.forms.map((f) => `${spec.name} ${f.withoutFlags ? '' : flags}${formText(f)}`).join('\n');
}

function since(flag: FlagSpec): string {
  if (flag.labs) return `\n\nNeeds \`# syntax=docker/dockerfile:${flag.since ?? '1'}-labs\`.`;
  return flag.since ? `\n\nSince Dockerfile syntax ${flag.since}.` : '';
}

export function instructionMarkdown(spec: InstructionSpec): string {
  const deprecated = spec.deprecated ? `\n\n**Deprecated.** ${spec.deprecated}` : '';
  const flags = spec.flags.length ? '\n\n' + spec.flags.map((f) => `- \`${flagUsage(f)}\`: ${firstSentence(f.doc)}`).join('\n') : '';
  return `**${spec.name}**: ${spec.summary}\n\n\`\`\`dockerfile\n${usage(spec)}\n\`\`\`\n\n${spec.doc}${deprecated}${flags}\n\n${link(spec.url)}`;
}

export function flagMarkdown(instruction: InstructionSpec, flag: FlagSpec): string {
  const repeat = flag.type === 'strings' ? ' (repeatable)' : flag.type === 'bool' ? ' (`=true` or `=false` may follow)' : '';
  const values = flag.values ? '\n\n' + flag.values.map((v) => `- ${code(v.value)}: ${v.doc}`).join('\n') : '';
  return `**${instruction.name} ${flagUsage(flag)}**${repeat}\n\n${flag.doc}${values}${since(flag)}\n\n${link(flag.url)}`;
}

export function flagValueMarkdown(instruction: InstructionSpec, flag: FlagSpec, value: string): string | undefined {
  const known = [...(flag.values ?? []), ...(flag.examples ?? [])].find((v) => v.value === value);
  if (!known) return undefined;
  return `**${instruction.name} --${flag.name}=${value}**: ${known.doc}\n\n${link(flag.url)}`;
}

export function mountTypeMarkdown(type: string): string | undefined {
  const spec = mountTypeSpec(type);
  if (!spec) return undefined;
  const keys = spec.keys.map((k) => `- \`${[k.name, ...k.aliases].join('`, `')}\`: ${k.doc}`).join('\n');
  return `**RUN --mount=type=${spec.type}**\n\n${spec.doc}\n\nOptions:\n${keys}\n\n${link(spec.url)}`;
}

export function mountKeyMarkdown(type: string, key: string): string | undefined {
  const spec = mountKeySpec(type, key);
  const typeSpec = mountTypeSpec(type);
  if (!spec || !typeSpec) return undefined;
  const values = spec.values ? '\n\n' + spec.values.map((v) => `- ${code(v.value)}: ${v.doc}`).join('\n') : '';
  const aliases = spec.aliases.length ? ` (also \`${spec.aliases.join('`, `')}\`)` : '';
  return `**${spec.name}**${aliases}, ${spec.name === 'type' ? 'any mount' : `\`type=${typeSpec.type}\` mount`}\n\n${spec.doc}${values}\n\n${link(typeSpec.url)}`;
}

export function directiveMarkdown(name: string): string | undefined {
  const spec = directiveSpec(name);
  if (!spec) return undefined;
  const values = spec.name === 'check'
    ? '\n\n' + CHECK_OPTION_SPECS.map((o) => `- \`${o.name}=${o.valueHint}\`: ${o.doc}`).join('\n')
    : '\n\n' + spec.values.map((v) => `- ${code(v.value)}: ${v.doc}`).join('\n');
  return `**# ${spec.name}=** ${code(spec.valueHint)} (parser directive)\n\n${spec.doc}${values}\n\nParser directives are only read in the comment lines at the very top of the file.\n\n${link(spec.url)}`;
}

export function ruleMarkdown(rule: RuleWithOptions): string {
  const experimental = rule.experimental ? ' (experimental: off unless enabled with `experimental=`)' : '';
  const more = rule.url ? `\n\n[${rule.id}](${rule.url})` : '';
  return `**${rule.id}** (${rule.category} check${experimental})\n\n${rule.description}${more}`;
}

function firstSentence(text: string): string {
  const end = text.search(/\.(\s|$)/);
  return end < 0 ? text : text.slice(0, end + 1);
}

/** Markdown for a completion item's key; undefined when the key names nothing known. */
export function markdownFor(key: DocKey, rules: readonly RuleWithOptions[]): string | undefined {
  switch (key.doc) {
    case 'instruction': {
      const spec = instructionSpec(key.name);
      return spec && instructionMarkdown(spec);
    }
    case 'flag': {
      const spec = instructionSpec(key.instruction);
      const flag = flagSpec(key.instruction, key.flag);
      return spec && flag && flagMarkdown(spec, flag);
    }
    case 'flagValue': {
      const spec = instructionSpec(key.instruction);
      const flag = flagSpec(key.instruction, key.flag);
      return spec && flag && flagValueMarkdown(spec, flag, key.value);
    }
    case 'mountType':
      return mountTypeMarkdown(key.type);
    case 'mountKey':
      return mountKeyMarkdown(key.type, key.key);
    case 'directive':
      return directiveMarkdown(key.name);
    case 'checkOption': {
      const option = CHECK_OPTION_SPECS.find((o) => o.name === key.name);
      return option && `**check ${option.name}=${option.valueHint}**\n\n${option.doc}\n\n${link(directiveSpec('check')!.url)}`;
    }
    case 'rule': {
      const rule = rules.find((r) => r.id === key.id);
      return rule && ruleMarkdown(rule);
    }
  }
}
