// `docker import --change`: Dockerfile instructions applied to an image config, parsed by the one
// Dockerfile model (ARCHITECTURE rule 1) and expanded with the shell lexer the builder uses, so
// `--change 'ENV A="b c"'` means what it means in a Dockerfile.
import { berthError } from '../image/berthError';
import { keyValuePairs } from '../dockerfile/keyValues';
import { parseDockerfile, type Instruction } from '../dockerfile/model';
import { mapEnvironment, processWord } from '../dockerfile/shellLexer';

export type ContainerConfigJson = Record<string, unknown>;

const allowed = new Set(['CMD', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'LABEL', 'ONBUILD', 'USER', 'VOLUME', 'WORKDIR', 'STOPSIGNAL']);

function envMap(config: ContainerConfigJson): Map<string, string> {
  const env = new Map<string, string>();
  for (const entry of (config.Env as string[] | undefined) ?? []) {
    const eq = entry.indexOf('=');
    if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return env;
}

function words(instruction: Instruction, env: Map<string, string>): string[] {
  return instruction.args.flatMap((w) => processWord(w.value, mapEnvironment(env)).words);
}

/** The command of CMD/ENTRYPOINT: the JSON form as is, the shell form through /bin/sh -c. */
function command(instruction: Instruction): string[] {
  if (instruction.json) return instruction.args.map((w) => w.value);
  return ['/bin/sh', '-c', instruction.rest.value];
}

function apply(config: ContainerConfigJson, instruction: Instruction): ContainerConfigJson {
  const env = envMap(config);
  const lex = (text: string) => processWord(text, mapEnvironment(env)).result;
  switch (instruction.name) {
    case 'CMD': return { ...config, Cmd: command(instruction) };
    case 'ENTRYPOINT': return { ...config, Entrypoint: command(instruction) };
    case 'USER': return { ...config, User: lex(instruction.rest.value) };
    case 'WORKDIR': return { ...config, WorkingDir: lex(instruction.rest.value) };
    case 'STOPSIGNAL': return { ...config, StopSignal: lex(instruction.rest.value) };
    case 'ONBUILD': return { ...config, OnBuild: [...((config.OnBuild as string[] | undefined) ?? []), instruction.rest.value] };
    case 'ENV': {
      for (const pair of keyValuePairs(instruction)) env.set(lex(pair.key.value), lex(pair.value.value));
      return { ...config, Env: [...env].map(([k, v]) => `${k}=${v}`) };
    }
    case 'LABEL': {
      const labels = { ...((config.Labels as Record<string, string> | undefined) ?? {}) };
      for (const pair of keyValuePairs(instruction)) labels[lex(pair.key.value)] = lex(pair.value.value);
      return { ...config, Labels: labels };
    }
    case 'EXPOSE': {
      const ports = { ...((config.ExposedPorts as Record<string, object> | undefined) ?? {}) };
      for (const port of words(instruction, env)) ports[port.includes('/') ? port : `${port}/tcp`] = {};
      return { ...config, ExposedPorts: ports };
    }
    case 'VOLUME': {
      const volumes = { ...((config.Volumes as Record<string, object> | undefined) ?? {}) };
      for (const path of instruction.json ? instruction.args.map((w) => w.value) : words(instruction, env)) volumes[path] = {};
      return { ...config, Volumes: volumes };
    }
    default:
      throw berthError('invalid-argument', `${instruction.name} is not a valid change command`);
  }
}

export function applyConfigChanges(config: ContainerConfigJson, changes: readonly string[]): ContainerConfigJson {
  let out = config;
  for (const change of changes) {
    const model = parseDockerfile(change);
    const instruction = model.instructions[0];
    if (!instruction || model.instructions.length !== 1) throw berthError('invalid-argument', `change ${JSON.stringify(change)}: expected one Dockerfile instruction such as 'CMD ["/bin/sh"]'`);
    if (!allowed.has(instruction.name)) throw berthError('invalid-argument', `change ${JSON.stringify(change)}: ${instruction.name} is not a valid change command (allowed: ${[...allowed].join(', ')})`);
    if (instruction.parseErrors.length > 0) throw berthError('invalid-argument', `change ${JSON.stringify(change)}: ${instruction.parseErrors[0]}`);
    out = apply(out, instruction);
  }
  return out;
}
