// The seccomp filter compiled once per profile rather than once per container. crun turns
// linux.seccomp into a BPF program with libseccomp on every create, and Debian's crun is built
// without the checksum its own cache of programs needs: the default profile, with its three x86
// ABIs, cost each start about 15 ms that way (a fifth of the API lifecycle of `docker run` here).
// Berth makes the libseccomp calls crun makes, in the same order (a test compares the bytes with
// crun's), keeps the program per profile, and hands it to crun in the run.oci.seccomp_bpf_data
// annotation, which crun loads as it is; its flags still come from linux.seccomp, which stays in
// the spec (runc ignores the annotation and compiles the spec). Without libseccomp, or when a
// profile does not compile, crun is left to compile it and to say what is wrong.
//
// In front of that program goes a stub that answers ENOSYS, not the default action, for syscall
// numbers above the highest one the profile names (and libseccomp knows). A syscall newer than
// the profile is one its author could not have meant to refuse; ENOSYS is what makes libc fall
// back to an older call (glibc's fchmodat2 → fchmodat, clone3 → clone), where EPERM makes the
// program fail. runc builds the same kind of stub; crun does not.
import { closeSync, fstatSync, readSync } from 'node:fs';
import koffi from 'koffi';
import type { SeccompAction, SeccompOperator, Spec, SpecSeccomp } from './runtimeSpec';

/** crun's annotation for a precompiled filter (crun(1)); base64 of the raw program. */
export const seccompProgramAnnotation = 'run.oci.seccomp_bpf_data';

const EPERM = 1;
const EEXIST = 17;
const ENOSYS = 38;
/** libseccomp's answer for a name it does not know (crun skips those, as it does). */
const unknownSyscall = -1;
const operators: Record<SeccompOperator, number> = {
  SCMP_CMP_NE: 1, SCMP_CMP_LT: 2, SCMP_CMP_LE: 3, SCMP_CMP_EQ: 4, SCMP_CMP_GE: 5, SCMP_CMP_GT: 6, SCMP_CMP_MASKED_EQ: 7,
};

/** libseccomp's action values (seccomp.h); errno and trace carry their value in the low 16 bits. */
function actionValue(action: SeccompAction, errnoRet: number | undefined): number {
  const value = (errnoRet ?? EPERM) & 0xffff;
  switch (action) {
    case 'SCMP_ACT_ALLOW': return 0x7fff0000;
    case 'SCMP_ACT_ERRNO': return (0x00050000 | value) >>> 0;
    case 'SCMP_ACT_TRACE': return (0x7ff00000 | value) >>> 0;
    case 'SCMP_ACT_TRAP': return 0x00030000;
    case 'SCMP_ACT_LOG': return 0x7ffc0000;
    case 'SCMP_ACT_KILL': case 'SCMP_ACT_KILL_THREAD': return 0;
    case 'SCMP_ACT_KILL_PROCESS': return 0x80000000;
  }
}

interface Libseccomp {
  init(defaultAction: number): unknown;
  release(ctx: unknown): void;
  archResolve(name: string): number;
  archNative(): number;
  archAdd(ctx: unknown, arch: number): number;
  resolve(name: string): number;
  resolveForArch(arch: number, name: string): number;
  ruleAdd(ctx: unknown, action: number, syscall: number, count: number, args: readonly ArgCmp[] | null): number;
  exportBpf(ctx: unknown, fd: number): number;
  memfdCreate(name: string, flags: number): number;
}

interface ArgCmp {
  readonly arg: number;
  readonly op: number;
  readonly datum_a: number;
  readonly datum_b: number;
}

function loadLibseccomp(): Libseccomp {
  const lib = koffi.load('libseccomp.so.2');
  const libc = koffi.load('libc.so.6');
  koffi.struct('scmp_arg_cmp', { arg: 'uint', op: 'int', datum_a: 'uint64', datum_b: 'uint64' });
  return {
    init: lib.func('void *seccomp_init(uint32_t def_action)'),
    release: lib.func('void seccomp_release(void *ctx)'),
    archResolve: lib.func('uint32_t seccomp_arch_resolve_name(const char *name)'),
    archAdd: lib.func('int seccomp_arch_add(void *ctx, uint32_t arch_token)'),
    archNative: lib.func('uint32_t seccomp_arch_native(void)'),
    resolve: lib.func('int seccomp_syscall_resolve_name(const char *name)'),
    resolveForArch: lib.func('int seccomp_syscall_resolve_name_arch(uint32_t arch_token, const char *name)'),
    ruleAdd: lib.func('int seccomp_rule_add_array(void *ctx, uint32_t action, int syscall, unsigned int arg_cnt, const scmp_arg_cmp *arg_array)'),
    exportBpf: lib.func('int seccomp_export_bpf(void *ctx, int fd)'),
    memfdCreate: libc.func('int memfd_create(const char *name, unsigned int flags)'),
  };
}

// koffi's type names are global to the process, so the bindings are made once, on first use
let bindings: Libseccomp | Error | undefined;

function libseccomp(): Libseccomp {
  if (bindings === undefined) {
    try {
      bindings = loadLibseccomp();
    } catch (err) {
      bindings = err as Error;
    }
  }
  if (bindings instanceof Error) throw bindings;
  return bindings;
}

const MFD_CLOEXEC = 1;

/** The ENOSYS stub, then the program crun would build from `seccomp` (libcrun's seccomp.c, generate): same calls, same order. */
function compile(lib: Libseccomp, seccomp: SpecSeccomp): Buffer {
  const defaultAction = actionValue(seccomp.defaultAction, seccomp.defaultErrnoRet);
  const ctx = lib.init(defaultAction);
  if (!ctx) throw new Error('seccomp_init failed');
  try {
    for (const arch of seccomp.architectures ?? []) {
      const token = lib.archResolve(arch.replace(/^SCMP_ARCH_/, '').toLowerCase());
      if (token === 0) throw new Error(`unknown architecture ${arch}`);
      const added = lib.archAdd(ctx, token);
      if (added < 0 && added !== -EEXIST) throw new Error(`seccomp_arch_add ${arch}: error ${-added}`);
    }
    for (const rule of seccomp.syscalls ?? []) {
      const action = actionValue(rule.action, rule.errnoRet);
      if (action === defaultAction) continue;
      const args = (rule.args ?? []).map((a): ArgCmp => ({ arg: a.index, op: operators[a.op], datum_a: a.value, datum_b: a.valueTwo ?? 0 }));
      // crun: two conditions on one argument become one rule each (libseccomp refuses them in one)
      const repeated = new Set(args.map((a) => a.arg)).size < args.length;
      const groups = args.length === 0 ? [[]] : repeated ? args.map((a) => [a]) : [args];
      for (const name of rule.names) {
        const syscall = lib.resolve(name);
        if (syscall === unknownSyscall) continue;
        for (const group of groups) {
          const added = lib.ruleAdd(ctx, action, syscall, group.length, group.length ? group : null);
          if (added < 0) throw new Error(`seccomp_rule_add ${name}: error ${-added}`);
        }
      }
    }
    const fd = lib.memfdCreate('berth-seccomp', MFD_CLOEXEC);
    if (fd < 0) throw new Error('memfd_create failed');
    try {
      const exported = lib.exportBpf(ctx, fd);
      if (exported < 0) throw new Error(`seccomp_export_bpf: error ${-exported}`);
      const program = Buffer.alloc(fstatSync(fd).size);
      readSync(fd, program, 0, program.length, 0);
      return Buffer.concat([enosysStub(lib, seccomp, defaultAction), program]);
    } finally {
      closeSync(fd);
    }
  } finally {
    lib.release(ctx);
  }
}

// classic BPF, as seccomp runs it: struct sock_filter { u16 code; u8 jt; u8 jf; u32 k }; a
// conditional jump's offsets count from the next instruction
const bpfLoadWord = 0x20; // BPF_LD | BPF_W | BPF_ABS
const bpfJumpEqual = 0x15; // BPF_JMP | BPF_JEQ | BPF_K
const bpfJumpGreater = 0x25; // BPF_JMP | BPF_JGT | BPF_K
const bpfJumpSet = 0x45; // BPF_JMP | BPF_JSET | BPF_K
const bpfJump = 0x05; // BPF_JMP | BPF_JA
const bpfReturn = 0x06; // BPF_RET | BPF_K
const dataNr = 0; // offsetof(struct seccomp_data, nr)
const dataArch = 4; // offsetof(struct seccomp_data, arch)
const archX86_64 = 0xc000003e;
/**
 * x32 calls arrive as x86-64's (same audit value) with this bit set in the number; their own
 * calls sit above 512, past where new calls are added, so no bound on them means "newer". The
 * x86-64 check sends them to the main program, which has x32's own rules (or refuses them).
 */
const archX32 = 0x4000003e;
const x32SyscallBit = 0x40000000;

function instruction(code: number, jt: number, jf: number, k: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeUInt16LE(code, 0);
  out.writeUInt8(jt, 2);
  out.writeUInt8(jf, 3);
  out.writeUInt32LE(k >>> 0, 4);
  return out;
}

/**
 * The ENOSYS stub for `seccomp` (see the top of this file): per architecture, a syscall number
 * above the highest one the profile names returns ENOSYS; everything else goes on to the main
 * program, which follows the stub. None when unknown calls are allowed (or logged) anyway, or
 * already fail with ENOSYS.
 */
function enosysStub(lib: Libseccomp, seccomp: SpecSeccomp, defaultAction: number): Buffer {
  if (defaultAction === actionValue('SCMP_ACT_ALLOW', undefined) || defaultAction === actionValue('SCMP_ACT_LOG', undefined)) return Buffer.alloc(0);
  if (defaultAction === actionValue('SCMP_ACT_ERRNO', ENOSYS)) return Buffer.alloc(0);
  const names = (seccomp.syscalls ?? []).flatMap((rule) => rule.names);
  const bounds: { arch: number; highest: number }[] = [];
  // a profile without architectures filters the host's own (libseccomp's default)
  const tokens = seccomp.architectures?.length ? seccomp.architectures.map((arch) => lib.archResolve(arch.replace(/^SCMP_ARCH_/, '').toLowerCase()) >>> 0) : [lib.archNative() >>> 0];
  for (const token of tokens) {
    if (token === archX32 || bounds.some((b) => b.arch === token)) continue;
    const numbers = names.map((name) => lib.resolveForArch(token, name)).filter((nr) => nr >= 0);
    if (numbers.length > 0) bounds.push({ arch: token, highest: Math.max(...numbers) });
  }
  if (bounds.length === 0) return Buffer.alloc(0);
  // [load arch] [per arch: arch?, load nr, (x86-64: x32?), nr > highest?] [jump to main] [return ENOSYS] [main…]
  const sizes = bounds.map((b) => (b.arch === archX86_64 ? 4 : 3));
  const jumpToMain = 1 + sizes.reduce((a, b) => a + b, 0);
  const enosys = jumpToMain + 1;
  const main = enosys + 1;
  const code: Buffer[] = [instruction(bpfLoadWord, 0, 0, dataArch)];
  let at = 1;
  bounds.forEach(({ arch, highest }, i) => {
    const next = at + sizes[i]!;
    code.push(instruction(bpfJumpEqual, 0, next - at - 1, arch)); // another architecture: on to the next check
    code.push(instruction(bpfLoadWord, 0, 0, dataNr));
    if (arch === archX86_64) code.push(instruction(bpfJumpSet, main - (at + 2) - 1, 0, x32SyscallBit));
    const compare = next - 1;
    code.push(instruction(bpfJumpGreater, enosys - compare - 1, main - compare - 1, highest));
    at = next;
  });
  code.push(instruction(bpfJump, 0, 0, main - jumpToMain - 1), instruction(bpfReturn, 0, 0, actionValue('SCMP_ACT_ERRNO', ENOSYS)));
  return Buffer.concat(code);
}

/** Compiled programs by profile, for the daemon's lifetime (a few profiles in practice; bounded all the same). */
export class SeccompCompiler {
  private readonly programs = new Map<string, string | undefined>();

  constructor(private readonly log: (line: string) => void, private readonly capacity = 32) {}

  /** base64 of the program, or undefined when crun should compile `seccomp` itself. */
  program(seccomp: SpecSeccomp): string | undefined {
    const key = JSON.stringify(seccomp);
    if (this.programs.has(key)) return this.programs.get(key);
    let program: string | undefined;
    try {
      program = compile(libseccomp(), seccomp).toString('base64');
    } catch (err) {
      this.log(`seccomp: a profile is left to the runtime to compile (${(err as Error).message})`);
    }
    if (this.programs.size >= this.capacity) this.programs.delete(this.programs.keys().next().value!);
    this.programs.set(key, program);
    return program;
  }

  /** The spec crun should run: with the program when there is one (runc: the spec as it is). */
  withProgram(spec: Spec): Spec {
    const program = spec.linux.seccomp ? this.program(spec.linux.seccomp) : undefined;
    return program === undefined ? spec : { ...spec, annotations: { ...spec.annotations, [seccompProgramAnnotation]: program } };
  }
}
