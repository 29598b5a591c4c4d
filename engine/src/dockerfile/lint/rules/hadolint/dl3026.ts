/**
 * DL3026: images may only come from trusted registries. Quiet unless a list is configured (as in
 * hadolint, whose `.hadolint.yaml` calls it `trustedRegistries`); entries match a registry exactly,
 * or with a leading or trailing `*` as a suffix or prefix match, and `*` alone allows all. An image
 * without a registry comes from Docker Hub, allowed by `docker.io` or `hub.docker.com`. Checked:
 * FROM bases, `COPY --from=<image>` and `RUN --mount=type=bind|cache,from=<image>`; stage names and
 * `scratch` are not images. Values with variables are checked after expansion, skipped if unknown.
 */
import { Flag, Instruction } from '../../../model';
import { mountOption } from '../../../stageGraph';
import { RuleWithOptions } from '../../lint';
import { LintContext } from '../../rule';
import { expandedFrom } from './copyFrom';
import { parseImageName } from './imageName';

const MESSAGE = 'Use only an allowed registry in the FROM image';
const NUMBER = /^[0-9]+$/;

/**
 * DL3026 with a fixed list of trusted registries (tests); the registered rule reads the list from
 * the lint context (the `berth.hadolint.trustedRegistries` setting). With none it reports nothing.
 */
export function createDl3026(fixed?: readonly string[]): RuleWithOptions {
  return {
    id: 'DL3026',
    locality: 'stage',
    category: 'hadolint',
    defaultSeverity: 'error',
    description: MESSAGE,
    url: 'https://github.com/hadolint/hadolint/wiki/DL3026',
    fixable: false,
    check(context, report) {
      const trustedRegistries = fixed ?? context.trustedRegistries ?? [];
      if (!trustedRegistries.length) return;
      const stages = new Set<string>();
      const allowed = (reference: string) =>
        stages.has(reference.toLowerCase()) || NUMBER.test(reference) || isTrusted(reference, trustedRegistries);
      for (const instruction of context.model.instructions) {
        if (instruction.name === 'FROM') {
          const stage = context.model.stages[instruction.stageIndex];
          const base = context.scopes.stages[instruction.stageIndex]?.base;
          const usable = base && base.kind === 'image' && !base.expansionError && !base.unmatched.length && base.value;
          if (stage?.base && usable && !allowed(base.value)) report({ range: stage.base.range, message: MESSAGE, instruction });
          if (stage?.name) stages.add(stage.name.value.toLowerCase());
          continue;
        }
        for (const { flag, value } of imageReferences(context, instruction)) {
          if (!allowed(value)) report({ range: flag.valueRange ?? flag.word.range, message: MESSAGE, instruction });
        }
      }
    },
  };
}

export const dl3026 = createDl3026();

function imageReferences(context: LintContext, instruction: Instruction): { flag: Flag; value: string }[] {
  const out: { flag: Flag; value: string }[] = [];
  for (const flag of instruction.flags) {
    if (flag.value === undefined) continue;
    let raw: string | undefined;
    if (instruction.name === 'COPY' && flag.name === 'from') raw = flag.value;
    else if (instruction.name === 'RUN' && flag.name === 'mount') {
      const type = mountOption(flag.value, 'type') ?? 'bind';
      if (type === 'bind' || type === 'cache') raw = mountOption(flag.value, 'from');
    }
    const value = raw === undefined ? undefined : expandedFrom(context, instruction, raw);
    if (value) out.push({ flag, value });
  }
  return out;
}

function isTrusted(reference: string, trusted: readonly string[]): boolean {
  const image = parseImageName(reference);
  const matches = (registry: string) => trusted.some((pattern) => matchRegistry(pattern, registry));
  if (image.registry !== undefined) return matches(image.registry);
  return image.name === 'scratch' || matches('docker.io') || matches('hub.docker.com');
}

function matchRegistry(pattern: string, registry: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*')) return registry.endsWith(pattern.slice(1));
  if (pattern.endsWith('*')) return registry.startsWith(pattern.slice(0, -1));
  return registry === pattern;
}
