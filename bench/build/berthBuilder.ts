// Berth as a user on this machine runs it: a real berthd (dist/berthd.js) on a private data root
// and socket, kept running between builds (the embedded default: the CLI starts it once, then it
// stays), and every build a fresh `berth build` process (dist/berth.js, through its launcher) that sends the context's
// path, which berthd reads in place. The base image is written into the data root's content store
// before berthd starts, as the build integration tests do; that store is an OCI layout, which is
// where buildah's copy of the same base comes from.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { OciLayoutStore } from '../../engine/src/store/ociLayoutStore';
import { LayoutImageStore } from '../../engine/src/store/layoutImageStore';
import { storeBaseImage } from '../../test/fixtures/build/baseImage';
import { requireRoot, requireTool } from '../../test/fixtures/scratch';
import { berthScript, startBerthd } from '../../test/integration/api/berthdProcess';
import { sweepHostState } from '../../test/integration/api/hostState';
import type { Command } from '../run/timedCommand';
import type { BenchBuilder, BuildOptions } from './benchBuilder';

export const baseImageName = 'docker.io/library/busybox:latest';

export interface BerthBuilder extends BenchBuilder {
  /** The OCI layout holding the base image under `baseImageName` (berthd's content store). */
  readonly baseLayout: string;
  readonly baseDigest: string;
}

export async function openBerthBuilder(dir: string): Promise<BerthBuilder> {
  requireRoot();
  requireTool('crun', 'crun');
  requireTool('conmon', 'conmon');
  const root = join(dir, 'root');
  const layout = join(root, 'content');
  const content = await OciLayoutStore.open(layout);
  const base = await storeBaseImage({ content, images: new LayoutImageStore(layout) }, baseImageName);
  const daemon = await startBerthd(dir, { root });
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: dir, BERTH_HOST: daemon.host };
  const cli = (args: readonly string[]): Command => ({ file: berthScript, args, env }); // as a user runs it: through its launcher
  const version = execFileSync(process.execPath, [berthScript, 'version', '--format', '{{.Server.Version}}'], { env, encoding: 'utf8' }).trim();
  return {
    name: 'berth',
    version: `berthd ${version} (node ${process.version})`,
    baseLayout: layout,
    baseDigest: base.digest,
    buildCommand: (options: BuildOptions) =>
      cli(['build', ...(options.noCache ? ['--no-cache'] : []), '-f', join(options.context, options.file), '-t', options.tag, options.context]),
    runCommand: (tag) => cli(['run', '--rm', '--network', 'none', tag]),
    async close() {
      await daemon.stop();
      await sweepHostState(root);
    },
  };
}
