// What the runtime's parts share, built once by Runtime.open (the composition of this module): the
// record store, the snapshotter the containers' layers come from, networking, the cgroup layout, the
// chosen OCI runtime, conmon, and the host facts. Passed to the lifecycle functions explicitly.
import type { Snapshotter } from '../snapshot/snapshotter';
import type { CgroupLayout } from './cgroupLayout';
import type { CgroupMigrationPrimer } from './cgroupMigration';
import type { ContainerNetworking } from './containerNetworking';
import type { ContainerStore } from './containerStore';
import type { HostFacts } from './containerSpec';
import { OciRuntime, type RuntimeName } from './ociRuntime';
import type { SeccompCompiler } from './seccompCompiler';

export interface ContainerEvent {
  /** Docker's event actions: create, start, die, oom, kill, pause, unpause, stop, restart, destroy, rename, exec_create, exec_start, exec_die, attach, resize. */
  readonly action: string;
  readonly id: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface RuntimeContext {
  readonly store: ContainerStore;
  readonly snapshotter: Snapshotter;
  readonly networking: ContainerNetworking;
  readonly layout: CgroupLayout;
  /** Started as a container's or exec's process is set up: the runtime's move into its cgroup then need not wait (cgroupMigration.ts). */
  readonly cgroupMigration: CgroupMigrationPrimer;
  readonly cgroupParent: string;
  readonly conmonPath: string;
  /** conmon writes `<exitDir>/<container id>` when a container's process ends. */
  readonly exitDir: string;
  /** The state roots of the OCI runtimes (`<runRoot>/crun`, `<runRoot>/runc`). */
  readonly runtimeRoot: string;
  readonly host: HostFacts;
  /** The runtime new containers start with; `runtimes` also has the other when installed. */
  defaultRuntime: RuntimeName;
  readonly runtimePaths: Partial<Record<RuntimeName, string>>;
  /** Seccomp programs compiled once per profile, for crun. */
  readonly seccomp: SeccompCompiler;
  readonly log: (line: string) => void;
  readonly emit: (event: ContainerEvent) => void;
}

export function ociRuntime(ctx: RuntimeContext, name: RuntimeName = ctx.defaultRuntime): OciRuntime {
  const path = ctx.runtimePaths[name];
  if (path === undefined) throw new Error(`internal error: runtime ${name} was not found at start-up`);
  return new OciRuntime(name, path, `${ctx.runtimeRoot}/${name}`);
}
