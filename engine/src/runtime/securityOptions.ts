// `--security-opt` (HostConfig.SecurityOpt): which seccomp filter a container runs under and
// whether it may gain privileges through setuid files. The docker and berth CLIs read a profile
// file named in `seccomp=<file>` and send its content, so a value that is neither `unconfined` nor
// `builtin` is a profile in Docker's JSON shape: untrusted input, checked field by field here, at
// create, so a bad profile is refused with the field named instead of failing at start.
import { berthError } from '../image/berthError';
import { asObject, type JsonObject } from '../image/jsonFields';
import type { SeccompAction, SeccompOperator, SpecSeccompArg } from './runtimeSpec';
import type { SeccompCondition, SeccompProfile, SeccompRule } from './seccompProfile';

export type SeccompChoice =
  | { readonly kind: 'default' }
  | { readonly kind: 'unconfined' }
  | { readonly kind: 'profile'; readonly profile: SeccompProfile };

export interface SecurityOptions {
  readonly seccomp: SeccompChoice;
  readonly noNewPrivileges: boolean;
}

const actions: readonly SeccompAction[] = ['SCMP_ACT_KILL', 'SCMP_ACT_KILL_PROCESS', 'SCMP_ACT_KILL_THREAD', 'SCMP_ACT_TRAP', 'SCMP_ACT_ERRNO', 'SCMP_ACT_TRACE', 'SCMP_ACT_ALLOW', 'SCMP_ACT_LOG'];
const operators: readonly SeccompOperator[] = ['SCMP_CMP_NE', 'SCMP_CMP_LT', 'SCMP_CMP_LE', 'SCMP_CMP_EQ', 'SCMP_CMP_GE', 'SCMP_CMP_GT', 'SCMP_CMP_MASKED_EQ'];
const flags = ['SECCOMP_FILTER_FLAG_TSYNC', 'SECCOMP_FILTER_FLAG_LOG', 'SECCOMP_FILTER_FLAG_SPEC_ALLOW', 'SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV'];
const architectures = [
  'SCMP_ARCH_X86', 'SCMP_ARCH_X86_64', 'SCMP_ARCH_X32', 'SCMP_ARCH_ARM', 'SCMP_ARCH_AARCH64', 'SCMP_ARCH_MIPS', 'SCMP_ARCH_MIPS64',
  'SCMP_ARCH_MIPS64N32', 'SCMP_ARCH_MIPSEL', 'SCMP_ARCH_MIPSEL64', 'SCMP_ARCH_MIPSEL64N32', 'SCMP_ARCH_PPC', 'SCMP_ARCH_PPC64',
  'SCMP_ARCH_PPC64LE', 'SCMP_ARCH_S390', 'SCMP_ARCH_S390X', 'SCMP_ARCH_PARISC', 'SCMP_ARCH_PARISC64', 'SCMP_ARCH_RISCV64', 'SCMP_ARCH_LOONGARCH64',
];

function invalid(message: string): never {
  throw berthError('invalid-argument', message);
}

const unset = (v: unknown) => v === undefined || v === null;

function bad(where: string, what: string): never {
  invalid(`invalid seccomp profile: ${where} ${what}`);
}

function oneOf<T extends string>(o: JsonObject, key: string, where: string, allowed: readonly T[]): T {
  const v = o[key];
  if (typeof v !== 'string' || !allowed.includes(v as T)) {
    bad(`${where}${key}`, unset(v) ? 'is required' : `${JSON.stringify(v)} is not one of ${allowed.join(', ')}`);
  }
  return v as T;
}

function count(o: JsonObject, key: string, where: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const v = o[key];
  if (unset(v)) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v > max) bad(`${where}${key}`, `must be a whole number from 0 to ${max}`);
  return v;
}

function list(o: JsonObject, key: string, where: string, allowed?: readonly string[]): string[] | undefined {
  const v = o[key];
  if (unset(v)) return undefined;
  if (!Array.isArray(v)) bad(`${where}${key}`, 'must be a list of strings');
  return v.map((item: unknown, i) => {
    if (typeof item !== 'string' || item === '') bad(`${where}${key}[${i}]`, 'must be a non-empty string');
    if (allowed && !allowed.includes(item)) bad(`${where}${key}[${i}]`, `${JSON.stringify(item)} is not one of ${allowed.join(', ')}`);
    return item;
  });
}

function objects(o: JsonObject, key: string, where: string): JsonObject[] {
  const v = o[key];
  if (unset(v)) return [];
  if (!Array.isArray(v)) bad(`${where}${key}`, 'must be a list');
  return v.map((item: unknown, i) => asObject(item, `invalid seccomp profile: ${where}${key}[${i}]`));
}

function condition(rule: JsonObject, key: 'includes' | 'excludes', where: string): SeccompCondition | undefined {
  if (unset(rule[key])) return undefined;
  const at = `${where}${key}.`;
  const c = asObject(rule[key], `invalid seccomp profile: ${where}${key}`);
  const minKernel = c.minKernel;
  if (!unset(minKernel) && minKernel !== '' && (typeof minKernel !== 'string' || !/^\d+\.\d+$/.test(minKernel))) bad(`${at}minKernel`, 'must be "<major>.<minor>", e.g. "5.8"');
  const caps = list(c, 'caps', at);
  const arches = list(c, 'arches', at);
  return { ...(caps ? { caps } : {}), ...(arches ? { arches } : {}), ...(typeof minKernel === 'string' && minKernel ? { minKernel } : {}) };
}

function argument(a: JsonObject, where: string): SpecSeccompArg {
  const index = count(a, 'index', where, 5);
  if (index === undefined) bad(`${where}index`, 'is required');
  const value = count(a, 'value', where) ?? 0;
  const valueTwo = count(a, 'valueTwo', where);
  return { index, value, ...(valueTwo !== undefined ? { valueTwo } : {}), op: oneOf(a, 'op', where, operators) };
}

function rule(r: JsonObject, where: string): SeccompRule {
  const single = r.name;
  const many = list(r, 'names', where);
  if (!unset(single) && single !== '' && many?.length) bad(`${where}name`, 'and names are both set: use names');
  if (!unset(single) && (typeof single !== 'string')) bad(`${where}name`, 'must be a string');
  const names = many?.length ? many : typeof single === 'string' && single !== '' ? [single] : bad(`${where}names`, 'must list at least one system call');
  const action = oneOf(r, 'action', where, actions);
  const errnoRet = count(r, 'errnoRet', where);
  if (errnoRet !== undefined && action !== 'SCMP_ACT_ERRNO' && action !== 'SCMP_ACT_TRACE') bad(`${where}errnoRet`, `is only meaningful with SCMP_ACT_ERRNO or SCMP_ACT_TRACE, not ${action}`);
  const args = objects(r, 'args', where).map((a, i) => argument(a, `${where}args[${i}].`));
  const includes = condition(r, 'includes', where);
  const excludes = condition(r, 'excludes', where);
  return { names, action, ...(errnoRet !== undefined ? { errnoRet } : {}), ...(args.length ? { args } : {}), ...(includes ? { includes } : {}), ...(excludes ? { excludes } : {}) };
}

/** A profile in Docker's JSON shape; undefined for one with neither a default action nor rules (Docker runs such a container unfiltered). */
export function parseSeccompProfile(text: string): SeccompProfile | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    invalid(`invalid seccomp profile: not JSON (${(err as Error).message}); the Engine API takes the profile's content, which the docker and berth CLIs read from the file named in --security-opt seccomp=<file>`);
  }
  const p = asObject(json, 'invalid seccomp profile');
  const rules = objects(p, 'syscalls', '').map((r, i) => rule(r, `syscalls[${i}].`));
  if (unset(p.defaultAction) && rules.length === 0) return undefined;
  if (typeof p.listenerPath === 'string' && p.listenerPath !== '') bad('listenerPath', 'is set: seccomp notification listeners are not supported by berth');
  const archs = list(p, 'architectures', '', architectures);
  const archMap = objects(p, 'archMap', '').map((a, i) => ({
    architecture: oneOf(a, 'architecture', `archMap[${i}].`, architectures),
    subArchitectures: list(a, 'subArchitectures', `archMap[${i}].`, architectures) ?? [],
  }));
  if (archs?.length && archMap.length) bad('architectures', 'and archMap are both set: use one of them');
  const defaultErrnoRet = count(p, 'defaultErrnoRet', '');
  const profileFlags = list(p, 'flags', '', flags);
  return {
    defaultAction: oneOf(p, 'defaultAction', '', actions),
    ...(defaultErrnoRet !== undefined ? { defaultErrnoRet } : {}),
    ...(archs?.length ? { architectures: archs } : {}),
    ...(archMap.length ? { archMap } : {}),
    ...(profileFlags?.length ? { flags: profileFlags } : {}),
    syscalls: rules,
  };
}

function parseBool(text: string, option: string): boolean {
  if (/^(1|t|true)$/i.test(text)) return true;
  if (/^(0|f|false)$/i.test(text)) return false;
  return invalid(`invalid --security-opt "${option}": ${JSON.stringify(text)} is not true or false`);
}

/**
 * Docker's `key=value` options (`key:value` is the deprecated spelling). AppArmor and SELinux
 * labels are not applied by berth: turning them off is accepted (there is nothing to turn off),
 * asking for a profile or label is refused rather than ignored.
 */
export function parseSecurityOptions(options: readonly string[]): SecurityOptions {
  let seccomp: SeccompChoice = { kind: 'default' };
  let noNewPrivileges = false;
  for (const option of options) {
    if (option === 'no-new-privileges') {
      noNewPrivileges = true;
      continue;
    }
    const separator = option.includes('=') ? '=' : ':';
    const at = option.indexOf(separator);
    const key = at < 0 ? option : option.slice(0, at);
    const value = at < 0 ? '' : option.slice(at + 1);
    if (at < 0 || value === '') invalid(`invalid --security-opt "${option}": expected key=value (seccomp, no-new-privileges, apparmor or label)`);
    if (key === 'seccomp') {
      const profile = value === 'unconfined' || value === 'builtin' ? undefined : parseSeccompProfile(value);
      seccomp = value === 'builtin' ? { kind: 'default' } : profile ? { kind: 'profile', profile } : { kind: 'unconfined' };
    } else if (key === 'no-new-privileges') {
      noNewPrivileges = parseBool(value, option);
    } else if ((key === 'apparmor' && value === 'unconfined') || (key === 'label' && value === 'disable')) {
      continue;
    } else if (key === 'apparmor' || key === 'label') {
      invalid(`--security-opt ${key}=${value}: berth applies no ${key === 'apparmor' ? 'AppArmor profiles' : 'SELinux labels'} (only ${key === 'apparmor' ? 'apparmor=unconfined' : 'label=disable'} is accepted)`);
    } else {
      invalid(`invalid --security-opt "${option.length > 80 ? `${option.slice(0, 80)}…` : option}": unknown option ${JSON.stringify(key)} (seccomp, no-new-privileges, apparmor or label)`);
    }
  }
  return { seccomp, noNewPrivileges };
}
