// The instructions that only change the image config (ENV, LABEL, ARG, USER, EXPOSE, VOLUME, CMD,
// ENTRYPOINT, HEALTHCHECK, SHELL, STOPSIGNAL, MAINTAINER, ONBUILD), applied as BuildKit's
// dispatch functions apply them, each returning the history line BuildKit writes (undefined for
// ONBUILD, which BuildKit records in the config only). Values arrive expanded by the caller, with
// the stage's variables at that instruction.
import { constants } from 'node:os';
import { berthError } from '../image/berthError';
import type { Instruction } from '../dockerfile/model';
import { keyValuePairs } from '../dockerfile/keyValues';
import { parseGoDuration } from '../dockerfile/goValues';
import { portSpecError } from '../dockerfile/lint/rules/syntax/portSpec';
import { goDuration, goList, goQuotedList } from './goFormat';
import type { StageConfig } from './stageConfig';

export interface Expander {
  /** One word expanded with the instruction's variables (BuildKit's ProcessWord). */
  word(text: string): string;
  /** Expanded and split into words (EXPOSE). */
  words(text: string): string[];
}

export interface ArgValue {
  readonly name: string;
  readonly value: string | undefined;
}

/** ARG: BuildKit writes `ARG name=value` (or just `name` without a value) for each declaration. */
export function argHistory(args: readonly ArgValue[]): string {
  return 'ARG ' + args.map((a) => (a.value === undefined ? a.name : `${a.name}=${a.value}`)).join(' ');
}

/** The command of CMD/ENTRYPOINT (and RUN): exec form as written, shell form under the stage's shell. */
export function commandLine(instruction: Instruction, config: StageConfig): string[] {
  if (instruction.json) return instruction.args.map((a) => a.value);
  const text = instruction.args.map((a) => a.value).join(' ');
  return [...config.shellArgs(), text];
}

function durationFlag(instruction: Instruction, name: string): number | undefined {
  const flag = instruction.flags.find((f) => f.name === name);
  if (flag?.value === undefined || flag.value === '') return undefined;
  const parsed = parseGoDuration(flag.value);
  if ('error' in parsed) throw berthError('invalid-argument', parsed.error);
  if (parsed.nanoseconds !== 0n && parsed.nanoseconds < 1_000_000n) throw berthError('invalid-argument', `Interval "${name}" cannot be less than 1ms`);
  if (parsed.nanoseconds < 0n) throw berthError('invalid-argument', `Interval "${name}" cannot be negative`);
  return Number(parsed.nanoseconds);
}

function healthcheck(instruction: Instruction, config: StageConfig): string {
  const type = (instruction.args[0]?.value ?? '').toUpperCase();
  if (type === 'NONE') {
    config.healthcheck = { Test: ['NONE'] };
  } else {
    const rest = instruction.args.slice(1).map((a) => a.value);
    const test = instruction.json ? ['CMD', ...rest] : ['CMD-SHELL', rest.join(' ')];
    const retriesFlag = instruction.flags.find((f) => f.name === 'retries')?.value;
    const retries = retriesFlag ? Number.parseInt(retriesFlag, 10) : 0;
    if (!Number.isInteger(retries) || retries < 0) throw berthError('invalid-argument', `--retries cannot be negative (${retriesFlag})`);
    config.healthcheck = {
      Test: test,
      Interval: durationFlag(instruction, 'interval') ?? 0,
      Timeout: durationFlag(instruction, 'timeout') ?? 0,
      StartPeriod: durationFlag(instruction, 'start-period') ?? 0,
      StartInterval: durationFlag(instruction, 'start-interval') ?? 0,
      Retries: retries,
    };
  }
  const h = config.healthcheck;
  const d = (v: number | undefined) => goDuration(BigInt(v ?? 0));
  return `HEALTHCHECK {Test:${goList(h.Test ?? [])} Interval:${d(h.Interval)} Timeout:${d(h.Timeout)} StartPeriod:${d(h.StartPeriod)} StartInterval:${d(h.StartInterval)} Retries:${h.Retries ?? 0}}`;
}

/** BuildKit's parsePort: `[[ip:]hostPort:]port[-end][/proto]` → `port/proto` for each port. */
export function exposedPorts(spec: string): string[] {
  const problem = portSpecError(spec);
  if (problem) throw berthError('invalid-argument', problem.message);
  const parts = spec.split(':');
  const container = parts[parts.length - 1]!;
  const slash = container.indexOf('/');
  const range = slash < 0 ? container : container.slice(0, slash);
  const proto = (slash < 0 ? 'tcp' : container.slice(slash + 1) || 'tcp').toLowerCase();
  const [start, end] = range.split('-').map((p) => Number.parseInt(p, 10));
  const out: string[] = [];
  for (let p = start!; p <= (end ?? start!); p++) out.push(`${p}/${proto}`);
  return out;
}

const signalNames = new Set(Object.keys(constants.signals).map((s) => s.slice(3)));

function checkSignal(signal: string): void {
  const name = signal.toUpperCase().replace(/^SIG/, '');
  if (/^\d+$/.test(name) ? Number(name) > 0 : signalNames.has(name) || /^RT(MIN|MAX)([+-]\d+)?$/.test(name)) return;
  throw berthError('invalid-argument', `invalid signal: ${signal}`);
}

/** Applies a config-only instruction; returns its history line (undefined: no history entry). */
export function applyMetadata(instruction: Instruction, config: StageConfig, expand: Expander): string | undefined {
  switch (instruction.name) {
    case 'ENV':
    case 'LABEL': {
      const pairs = keyValuePairs(instruction).map((p) => [expand.word(p.key.value), expand.word(p.value.value)] as const);
      for (const [k, v] of pairs) {
        if (instruction.name === 'ENV') config.env.set(k, v);
        else config.labels.set(k, v);
      }
      return `${instruction.name} ${pairs.map(([k, v]) => `${k}=${v}`).join(' ')}`;
    }
    case 'USER': {
      config.user = expand.word(instruction.args[0]?.value ?? '');
      return `USER ${config.user}`;
    }
    case 'EXPOSE': {
      // BuildKit sorts the specifications as written (parseExpose), then expands them
      const written = instruction.args.map((a) => a.value).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      const ports = written.flatMap((w) => expand.words(w)).flatMap(exposedPorts);
      for (const p of ports) if (!config.exposedPorts.includes(p)) config.exposedPorts.push(p);
      return `EXPOSE ${goList(ports)}`;
    }
    case 'VOLUME': {
      const volumes = instruction.args.map((a) => expand.word(a.value));
      for (const v of volumes) {
        if (v === '') throw berthError('invalid-argument', 'VOLUME specified can not be an empty string');
        if (!config.volumes.includes(v)) config.volumes.push(v);
      }
      return `VOLUME ${goList(volumes)}`;
    }
    case 'STOPSIGNAL': {
      const signal = expand.word(instruction.args[0]?.value ?? '');
      checkSignal(signal);
      config.stopSignal = signal;
      return `STOPSIGNAL ${signal}`;
    }
    case 'SHELL': {
      config.shell = instruction.args.map((a) => a.value);
      return `SHELL ${goList(config.shell)}`;
    }
    case 'CMD': {
      config.cmd = commandLine(instruction, config);
      config.argsEscaped = true;
      config.cmdSet = true;
      return `CMD ${goQuotedList(config.cmd)}`;
    }
    case 'ENTRYPOINT': {
      config.entrypoint = commandLine(instruction, config);
      // an ENTRYPOINT drops the base's CMD unless this stage set one (BuildKit's dispatchEntrypoint)
      if (!config.cmdSet) config.cmd = undefined;
      return `ENTRYPOINT ${goQuotedList(config.entrypoint)}`;
    }
    case 'HEALTHCHECK':
      return healthcheck(instruction, config);
    case 'MAINTAINER': {
      config.author = instruction.args.map((a) => a.value).join(' ');
      return `MAINTAINER ${config.author}`;
    }
    case 'ONBUILD': {
      const expression = instruction.original.replace(/^\s*ONBUILD\s*/i, '') + instruction.heredocs.map((h) => `\n${h.content}${h.name}`).join('');
      config.onBuild.push(expression);
      return undefined;
    }
    default:
      throw berthError('internal', `${instruction.name} is not a config-only instruction`);
  }
}
