// The seccomp profile every container gets unless it asks otherwise, with the meaning Docker and
// Podman give theirs: any system call not named here fails with EPERM. It is written as data:
// groups of calls with the reason a container may make them, then the calls a container may make
// only with a capability, only with certain arguments, or only on one CPU architecture.
// A profile in Docker's JSON shape (this one, or a user's `--security-opt seccomp=<file>`) turns
// into the runtime spec's `linux.seccomp` through resolveSeccomp, which keeps the rules whose
// conditions hold for one container (its capabilities) on this host (its architecture, its kernel).
import type { SpecSeccomp, SpecSyscall } from './runtimeSpec';

/** When a rule applies: all of `includes` must hold; any of `excludes` holding drops it. */
export interface SeccompCondition {
  /** Capabilities of the container (its bounding set), e.g. CAP_SYS_ADMIN. */
  readonly caps?: readonly string[];
  /** The host's architecture as libseccomp names it natively: amd64, arm64, x86, arm, ... */
  readonly arches?: readonly string[];
  /** "major.minor": the host's kernel is this version or later. */
  readonly minKernel?: string;
}

export interface SeccompRule extends SpecSyscall {
  readonly comment?: string;
  readonly includes?: SeccompCondition;
  readonly excludes?: SeccompCondition;
}

export interface SeccompArchitecture {
  readonly architecture: string;
  readonly subArchitectures: readonly string[];
}

/**
 * Docker's seccomp profile document: the OCI fields plus conditional rules and an architecture
 * map (`architectures` is either a fixed list, or absent for `archMap`: the host architecture's
 * entry and its sub-architectures).
 */
export interface SeccompProfile extends Omit<SpecSeccomp, 'syscalls'> {
  readonly archMap?: readonly SeccompArchitecture[];
  readonly syscalls: readonly SeccompRule[];
}

const EPERM = 1;
const ENOSYS = 38;
const AF_ALG = 38;
const AF_VSOCK = 40;
/** CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET */
const namespaceFlags = 0x7e020000;

/** Calls any container may make: none reaches past its namespaces, and the kernel checks the rest. */
const everyContainer: Readonly<Record<string, string>> = {
  'files and directories (ownership, modes and device nodes are checked against the capabilities by the kernel)': `
    access faccessat faccessat2 chdir fchdir getcwd chmod fchmod fchmodat fchmodat2 chown chown32 fchown fchown32
    fchownat lchown lchown32 creat open openat openat2 close close_range dup dup2 dup3 fcntl fcntl64 flock link
    linkat symlink symlinkat unlink unlinkat rename renameat renameat2 mkdir mkdirat rmdir mknod mknodat readlink
    readlinkat stat stat64 lstat lstat64 fstat fstat64 fstatat64 newfstatat statx statfs statfs64 fstatfs fstatfs64
    getdents getdents64 truncate truncate64 ftruncate ftruncate64 fallocate fadvise64 fadvise64_64 readahead umask
    utime utimes utimensat utimensat_time64 futimesat name_to_handle_at statmount listmount sync syncfs fsync
    fdatasync sync_file_range`,
  'reading and writing through file descriptors': `
    read write readv writev pread64 pwrite64 preadv pwritev preadv2 pwritev2 lseek _llseek sendfile sendfile64
    splice tee vmsplice copy_file_range cachestat ioctl pipe pipe2`,
  'extended attributes': `
    getxattr lgetxattr fgetxattr getxattrat setxattr lsetxattr fsetxattr setxattrat listxattr llistxattr flistxattr
    listxattrat removexattr lremovexattr fremovexattr removexattrat`,
  'waiting for descriptors, events and file changes': `
    select _newselect pselect6 pselect6_time64 poll ppoll ppoll_time64 epoll_create epoll_create1 epoll_ctl
    epoll_ctl_old epoll_wait epoll_wait_old epoll_pwait epoll_pwait2 eventfd eventfd2 signalfd signalfd4
    timerfd_create timerfd_gettime timerfd_gettime64 timerfd_settime timerfd_settime64 inotify_init inotify_init1
    inotify_add_watch inotify_rm_watch fanotify_mark`,
  'asynchronous I/O and I/O priorities': `
    io_setup io_destroy io_submit io_cancel io_getevents io_pgetevents io_pgetevents_time64 ioprio_get ioprio_set`,
  'memory of the process itself': `
    brk mmap mmap2 munmap mremap mprotect madvise mincore msync mlock mlock2 mlockall munlock munlockall membarrier
    memfd_create memfd_secret remap_file_pages pkey_alloc pkey_free pkey_mprotect map_shadow_stack mseal`,
  'processes and threads (clone only without namespace flags: see below)': `
    fork vfork execve execveat exit exit_group wait4 waitid waitpid getpid getppid gettid getpgid getpgrp getsid
    setpgid setsid set_tid_address set_robust_list get_robust_list rseq futex futex_time64 futex_waitv futex_wait
    futex_wake futex_requeue restart_syscall prctl get_thread_area set_thread_area pidfd_open pidfd_send_signal
    process_mrelease getrlimit setrlimit ugetrlimit prlimit64 getrusage times capget capset seccomp
    landlock_create_ruleset landlock_add_rule landlock_restrict_self uretprobe`,
  'signals (to processes of the container\'s own pid namespace)': `
    kill tkill tgkill pause alarm rt_sigaction rt_sigpending rt_sigprocmask rt_sigqueueinfo rt_sigreturn
    rt_sigsuspend rt_sigtimedwait rt_sigtimedwait_time64 rt_tgsigqueueinfo sigaltstack sigprocmask sigreturn`,
  'user and group ids (changing them needs CAP_SETUID or CAP_SETGID)': `
    getuid getuid32 geteuid geteuid32 getgid getgid32 getegid getegid32 getresuid getresuid32 getresgid
    getresgid32 getgroups getgroups32 setuid setuid32 setgid setgid32 setreuid setreuid32 setregid setregid32
    setresuid setresuid32 setresgid setresgid32 setfsuid setfsuid32 setfsgid setfsgid32 setgroups setgroups32`,
  'scheduling (raising a priority needs CAP_SYS_NICE)': `
    sched_yield sched_getaffinity sched_setaffinity sched_getattr sched_setattr sched_getparam sched_setparam
    sched_getscheduler sched_setscheduler sched_get_priority_max sched_get_priority_min sched_rr_get_interval
    sched_rr_get_interval_time64 getpriority setpriority getcpu`,
  'clocks and timers (adjtimex and clock_adjtime only read unless CAP_SYS_TIME)': `
    time gettimeofday clock_gettime clock_gettime64 clock_getres clock_getres_time64 clock_nanosleep
    clock_nanosleep_time64 nanosleep adjtimex clock_adjtime clock_adjtime64 getitimer setitimer timer_create
    timer_delete timer_getoverrun timer_gettime timer_gettime64 timer_settime timer_settime64`,
  'sockets once made (socket itself is limited to some address families: see below)': `
    socketpair bind connect listen accept accept4 getsockname getpeername getsockopt setsockopt send sendto sendmsg
    sendmmsg recv recvfrom recvmsg recvmmsg recvmmsg_time64 shutdown socketcall`,
  'System V and POSIX IPC (the container has its own IPC namespace)': `
    ipc msgget msgctl msgsnd msgrcv semget semctl semop semtimedop semtimedop_time64 shmget shmctl shmat shmdt
    mq_open mq_unlink mq_getsetattr mq_notify mq_timedsend mq_timedsend_time64 mq_timedreceive
    mq_timedreceive_time64`,
  'the system, read only': 'uname sysinfo getrandom',
};

/** Calls that reach the host (its mounts, clock, modules, other processes): only with the capability that grants it. */
const withCapability: readonly (readonly [cap: string, reason: string, names: string])[] = [
  ['CAP_SYS_ADMIN', 'mounts, namespaces, BPF, perf events, quotas, host and domain names, the kernel log', `
    mount umount umount2 mount_setattr move_mount open_tree fsopen fsconfig fsmount fspick unshare setns clone clone3
    bpf perf_event_open fanotify_init lookup_dcookie quotactl quotactl_fd sethostname setdomainname syslog
    lsm_get_self_attr lsm_set_self_attr lsm_list_modules`],
  ['CAP_DAC_READ_SEARCH', 'opening files by handle bypasses directory permissions', 'open_by_handle_at'],
  ['CAP_SYS_BOOT', 'rebooting', 'reboot'],
  ['CAP_SYS_CHROOT', 'changing the root directory', 'chroot'],
  ['CAP_SYS_MODULE', 'loading kernel modules', 'init_module finit_module delete_module'],
  ['CAP_SYS_PACCT', 'process accounting', 'acct'],
  ['CAP_SYS_PTRACE', 'reading and controlling other processes', 'ptrace process_vm_readv process_vm_writev kcmp pidfd_getfd process_madvise'],
  ['CAP_SYS_RAWIO', 'I/O ports', 'iopl ioperm'],
  ['CAP_SYS_TIME', 'setting the host\'s clock', 'settimeofday stime clock_settime clock_settime64'],
  ['CAP_SYS_TTY_CONFIG', 'hanging up the terminal', 'vhangup'],
  ['CAP_SYS_NICE', 'NUMA memory policies', 'get_mempolicy set_mempolicy set_mempolicy_home_node mbind'],
  ['CAP_SYSLOG', 'the kernel log', 'syslog'],
  ['CAP_BPF', 'BPF programs', 'bpf'],
  ['CAP_PERFMON', 'performance monitoring', 'perf_event_open'],
];

/** Calls that exist on one architecture only, by libseccomp's native name of the host's. */
const architectureOnly: readonly (readonly [arches: readonly string[], reason: string, names: string])[] = [
  [['amd64', 'x32'], 'the FS and GS segment bases that threads use', 'arch_prctl'],
  [['amd64', 'x32', 'x86'], 'per-process segment descriptors (Wine, old threading libraries)', 'modify_ldt'],
  [['arm', 'arm64'], 'ARM\'s variants of common calls, cache flushes and TLS', 'arm_fadvise64_64 arm_sync_file_range sync_file_range2 breakpoint cacheflush set_tls'],
];

const names = (list: string): string[] => list.trim().split(/\s+/);

function allow(comment: string, list: string, more: Omit<SeccompRule, 'names' | 'action' | 'comment'> = {}): SeccompRule {
  return { names: names(list), action: 'SCMP_ACT_ALLOW', comment, ...more };
}

type ArgumentTest = readonly [op: 'SCMP_CMP_EQ' | 'SCMP_CMP_LT' | 'SCMP_CMP_GT', value: number];

/** One rule per alternative: the conditions of one rule must all hold, so "either" takes several rules. */
function allowFirstArgument(name: string, comment: string, alternatives: readonly ArgumentTest[]): SeccompRule[] {
  return alternatives.map(([op, value]) => allow(comment, name, { args: [{ index: 0, value, op }] }));
}

function buildDefaultProfile(): SeccompProfile {
  const exceptSysAdmin = { caps: ['CAP_SYS_ADMIN'] };
  return {
    defaultAction: 'SCMP_ACT_ERRNO',
    defaultErrnoRet: EPERM,
    archMap: [
      { architecture: 'SCMP_ARCH_X86_64', subArchitectures: ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'] },
      { architecture: 'SCMP_ARCH_AARCH64', subArchitectures: ['SCMP_ARCH_ARM'] },
    ],
    syscalls: [
      ...Object.entries(everyContainer).map(([reason, list]) => allow(reason, list)),
      allow('before Linux 4.8 a traced process could step around seccomp, so there only with CAP_SYS_PTRACE', 'ptrace process_vm_readv process_vm_writev', { includes: { minKernel: '4.8' } }),
      ...allowFirstArgument('socket', 'sockets of every address family but AF_ALG (kernel crypto) and AF_VSOCK (the hypervisor)', [
        ['SCMP_CMP_LT', AF_ALG], ['SCMP_CMP_EQ', AF_ALG + 1], ['SCMP_CMP_GT', AF_VSOCK],
      ]),
      // PER_LINUX, PER_LINUX32, UNAME26, PER_LINUX32|UNAME26, and 0xffffffff, which only asks for the current one
      ...allowFirstArgument('personality', 'execution domains that leave the address space layout randomized', [
        ['SCMP_CMP_EQ', 0], ['SCMP_CMP_EQ', 0x8], ['SCMP_CMP_EQ', 0x20000], ['SCMP_CMP_EQ', 0x20008], ['SCMP_CMP_EQ', 0xffffffff],
      ]),
      ...architectureOnly.map(([arches, reason, list]) => allow(reason, list, { includes: { arches } })),
      ...withCapability.map(([cap, reason, list]) => allow(`${reason}: with ${cap}`, list, { includes: { caps: [cap] } })),
      allow('threads and processes, but no new namespaces without CAP_SYS_ADMIN', 'clone', {
        args: [{ index: 0, value: namespaceFlags, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }], excludes: exceptSysAdmin,
      }),
      {
        names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: ENOSYS, excludes: exceptSysAdmin,
        comment: 'clone3 passes its flags in memory a filter cannot read: ENOSYS sends libc back to clone, whose flags it can',
      },
    ],
  };
}

export const defaultSeccompProfile: SeccompProfile = buildDefaultProfile();

/** What a profile's conditions are checked against. */
export interface SeccompTarget {
  /** The container's bounding capabilities. */
  readonly capabilities: readonly string[];
  /** Node's name of the host's CPU architecture (process.arch). */
  readonly arch: string;
  /** The host's kernel release (os.release()), e.g. "6.1.0-18-amd64". */
  readonly kernel: string;
}

/** Node's architecture → libseccomp's native name (what conditions use) and the spec's name. */
const hostArchitectures: Readonly<Record<string, { readonly native: string; readonly scmp: string }>> = {
  x64: { native: 'amd64', scmp: 'SCMP_ARCH_X86_64' },
  arm64: { native: 'arm64', scmp: 'SCMP_ARCH_AARCH64' },
  ia32: { native: 'x86', scmp: 'SCMP_ARCH_X86' },
  arm: { native: 'arm', scmp: 'SCMP_ARCH_ARM' },
  s390x: { native: 's390x', scmp: 'SCMP_ARCH_S390X' },
  ppc64: { native: 'ppc64le', scmp: 'SCMP_ARCH_PPC64LE' },
  riscv64: { native: 'riscv64', scmp: 'SCMP_ARCH_RISCV64' },
};

function kernelAtLeast(kernel: string, min: string): boolean {
  const [major = 0, minor = 0] = kernel.split(/[.-]/).map(Number);
  const [wantMajor = 0, wantMinor = 0] = min.split('.').map(Number);
  return major > wantMajor || (major === wantMajor && minor >= wantMinor);
}

function applies(rule: SeccompRule, target: SeccompTarget, native: string | undefined): boolean {
  const has = (cap: string) => target.capabilities.includes(cap);
  const onArch = (arches: readonly string[]) => native !== undefined && arches.includes(native);
  const ex = rule.excludes;
  if (ex?.arches?.length && onArch(ex.arches)) return false;
  if (ex?.caps?.some(has)) return false;
  if (ex?.minKernel && kernelAtLeast(target.kernel, ex.minKernel)) return false;
  const inc = rule.includes;
  if (inc?.arches?.length && !onArch(inc.arches)) return false;
  if (inc?.caps && !inc.caps.every(has)) return false;
  if (inc?.minKernel && !kernelAtLeast(target.kernel, inc.minKernel)) return false;
  return true;
}

/** The runtime spec's linux.seccomp for one container: the rules that apply, without their conditions. */
export function resolveSeccomp(profile: SeccompProfile, target: SeccompTarget): SpecSeccomp {
  const host = hostArchitectures[target.arch];
  const mapped = profile.archMap?.find((a) => a.architecture === host?.scmp);
  const architectures = profile.architectures ?? (mapped ? [mapped.architecture, ...mapped.subArchitectures] : []);
  const syscalls = profile.syscalls.filter((rule) => applies(rule, target, host?.native)).map((rule): SpecSyscall => ({
    names: rule.names,
    action: rule.action,
    ...(rule.errnoRet !== undefined ? { errnoRet: rule.errnoRet } : {}),
    ...(rule.args?.length ? { args: rule.args } : {}),
  }));
  return {
    defaultAction: profile.defaultAction,
    ...(profile.defaultErrnoRet !== undefined ? { defaultErrnoRet: profile.defaultErrnoRet } : {}),
    ...(architectures.length ? { architectures } : {}),
    ...(profile.flags?.length ? { flags: profile.flags } : {}),
    syscalls,
  };
}
