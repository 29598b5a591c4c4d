// The names berthd claims on the host besides its data root: the exec root (runtime state that a
// reboot should clear: conmon's exit files, the OCI runtimes' state, network namespaces), the
// parent cgroup of its containers, the prefix of its iptables chains and the default bridge.
// The default root gets Docker-like fixed names (/run/berth, /berth, BERTH, berth0); any other root
// gets names derived from a hash of its path, so two daemons on one host (a developer's and a
// test's) never share a bridge, a chain or a cgroup, and a test can find and remove what its
// daemon left on the host from the root alone.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { defaultRoot } from './daemonPaths';

export interface HostNames {
  readonly execRoot: string;
  readonly cgroupParent: string;
  readonly chainPrefix: string;
  /** At most 15 characters (IFNAMSIZ). */
  readonly defaultBridge: string;
}

export interface HostNameOverrides {
  readonly execRoot?: string | undefined;
  readonly cgroupParent?: string | undefined;
  readonly bridge?: string | undefined;
}

function runBase(env: NodeJS.ProcessEnv): string {
  if (process.getuid?.() === 0) return '/run';
  return env.XDG_RUNTIME_DIR || `/tmp/berth-run-${process.getuid?.() ?? 'user'}`;
}

export function hostNames(root: string, overrides: HostNameOverrides = {}, env: NodeJS.ProcessEnv = process.env): HostNames {
  const isDefault = root === defaultRoot(env);
  const tag = createHash('sha256').update(root).digest('hex').slice(0, 8);
  const base = isDefault
    ? { execRoot: join(runBase(env), 'berth'), cgroupParent: '/berth', chainPrefix: 'BERTH', defaultBridge: 'berth0' }
    : { execRoot: join(runBase(env), `berth-${tag}`), cgroupParent: `/berth-${tag}`, chainPrefix: `B${tag.slice(0, 6).toUpperCase()}`, defaultBridge: `bt${tag}` };
  return {
    execRoot: overrides.execRoot ?? base.execRoot,
    cgroupParent: overrides.cgroupParent ?? base.cgroupParent,
    chainPrefix: base.chainPrefix,
    defaultBridge: overrides.bridge ?? base.defaultBridge,
  };
}
