// buildah (Debian's package) as a user runs it, on a private containers-storage (--root and
// --runroot in a directory of its own, overlay driver) so the machine's own store is never
// touched, with `--layers` so that it caches steps as Berth does. The base image is copied in by
// skopeo from Berth's OCI layout: both builders start from the very same blobs.
// CONTAINERS_CONF points at a containers.conf with this VM's workarounds (BASELINES.md): rlimits
// clamped to the hard limits root cannot raise, the cgroupfs manager (no systemd) and crun.
// Built images run under podman on the same storage (`podman run` of a buildah image is what
// users do with them).
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireTool } from '../../test/fixtures/scratch';
import type { Command } from '../run/timedCommand';
import type { BenchBuilder, BuildOptions } from './benchBuilder';
import { mountsUnder } from './mountsUnder';

const containersConf = `# written by bench/build: this VM's workarounds (shared/peers/BASELINES.md)
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
runtime = "crun"
`;

/**
 * `dir` must be short: podman refuses a runroot path longer than 50 characters.
 * `base` is the OCI layout and reference name of the base image.
 */
export function openBuildahBuilder(dir: string, base: { layout: string; name: string }): BenchBuilder {
  requireTool('buildah', 'buildah');
  requireTool('podman', 'podman');
  requireTool('skopeo', 'skopeo');
  const root = join(dir, 'root');
  const runRoot = join(dir, 'run');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'containers.conf'), containersConf);
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: dir, CONTAINERS_CONF: join(dir, 'containers.conf') };
  const storage = ['--root', root, '--runroot', runRoot, '--storage-driver', 'overlay'];
  execFileSync('skopeo', ['copy', '--quiet', `oci:${base.layout}:${base.name}`, `containers-storage:[overlay@${root}+${runRoot}]${base.name}`], { env, stdio: 'pipe' });
  const version = execFileSync('buildah', ['--version'], { env, encoding: 'utf8' }).trim();
  return {
    name: 'buildah',
    version,
    buildCommand: (options: BuildOptions): Command => ({
      file: 'buildah',
      args: [...storage, 'bud', '--layers', ...(options.noCache ? ['--no-cache'] : []), '-f', join(options.context, options.file), '-t', options.tag, options.context],
      env,
    }),
    runCommand: (tag) => ({ file: 'podman', args: [...storage, 'run', '--rm', '--network', 'none', `localhost/${tag}`], env }),
    async close() {
      // working containers of a failed build keep their layers mounted
      try {
        execFileSync('buildah', [...storage, 'rm', '--all'], { env, stdio: 'pipe' });
      } finally {
        for (const target of mountsUnder(dir)) execFileSync('umount', [target]);
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
