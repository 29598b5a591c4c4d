// What all three runners start from: the busybox image of test/fixtures/busyboxImage.ts (Debian's
// busybox-static, layered by the engine's own createLayer) written once into an OCI layout, then
//  - a docker-archive of it (skopeo copy) that `berth load` and `podman load` both read, so the
//    two engines hold the very same image (same config digest, i.e. the same image ID);
//  - an OCI runtime bundle for raw crun: the same layout unpacked by umoci, and a config.json from
//    `crun spec` with the image's Env and WorkingDir and `true` as the process.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LayoutImageStore } from '../../engine/src/store/layoutImageStore';
import { OciLayoutStore } from '../../engine/src/store/ociLayoutStore';
import { writeImage } from '../../engine/src/store/storeImage';
import { busyboxImage } from '../../test/fixtures/busyboxImage';
import { requireTool } from '../../test/fixtures/scratch';

/** The name both engines know the image by (what `busybox` means to docker-style CLIs). */
export const imageName = 'docker.io/library/busybox:latest';

export interface RunFixture {
  /** docker-archive (`docker save` format) of the image. */
  readonly archive: string;
  /** OCI runtime bundle (config.json + rootfs/) that runs `true`. */
  readonly bundle: string;
  /** The layers' diff IDs: what both engines must list as RootFS.Layers after loading (the image
   *  IDs differ by design: berth's is the manifest digest as in Docker's containerd store,
   *  podman's the config digest). */
  readonly diffIds: readonly string[];
}

interface OciRuntimeSpec {
  process: { terminal?: boolean; args: string[]; env?: string[]; cwd: string };
  root: { path: string; readonly?: boolean };
  hostname?: string;
  linux?: { namespaces?: { type: string }[] };
}

function blob(layout: string, digest: string): Buffer {
  return readFileSync(join(layout, 'blobs', ...digest.split(':')));
}

function writeBundle(bundle: string, layout: string, ref: string, config: { Env?: string[]; WorkingDir?: string }): void {
  mkdirSync(bundle, { recursive: true });
  // umoci extracts the layers exactly as an engine would (whiteouts, ownership, modes)
  execFileSync('umoci', ['raw', 'unpack', '--image', `${layout}:${ref}`, join(bundle, 'rootfs')], { stdio: 'pipe' });
  execFileSync('crun', ['spec'], { cwd: bundle, stdio: 'pipe' });
  const spec = JSON.parse(readFileSync(join(bundle, 'config.json'), 'utf8')) as OciRuntimeSpec;
  spec.process.terminal = false;
  spec.process.args = ['true'];
  spec.process.env = config.Env ?? ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'];
  spec.process.cwd = config.WorkingDir || '/';
  // engines give a container a writable root (an overlay); a plain directory is the nearest
  spec.root = { path: 'rootfs', readonly: false };
  spec.hostname = 'bench';
  const namespaces = (spec.linux?.namespaces ?? []).map((n) => n.type);
  if (!namespaces.includes('network')) throw new Error(`crun spec gave no network namespace (${namespaces.join(', ')}): the bundle would not match --network none`);
  writeFileSync(join(bundle, 'config.json'), `${JSON.stringify(spec, null, 2)}\n`);
}

/** Builds the fixture from scratch under `dir` (a few seconds; nothing is downloaded). */
export async function prepareRunFixture(dir: string): Promise<RunFixture> {
  for (const [tool, pkg] of [['skopeo', 'skopeo'], ['umoci', 'umoci'], ['crun', 'crun']] as const) requireTool(tool, pkg);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const layout = join(dir, 'layout');
  const ref = 'busybox';
  const manifestDescriptor = await writeImage(await OciLayoutStore.open(layout), new LayoutImageStore(layout), await busyboxImage(), ref);
  const manifest = JSON.parse(blob(layout, manifestDescriptor.digest).toString('utf8')) as { config: { digest: string } };
  const imageConfig = JSON.parse(blob(layout, manifest.config.digest).toString('utf8')) as { config?: { Env?: string[]; WorkingDir?: string }; rootfs: { diff_ids: string[] } };

  const archive = join(dir, 'busybox.tar');
  execFileSync('skopeo', ['copy', '--quiet', `oci:${layout}:${ref}`, `docker-archive:${archive}:${imageName}`], { stdio: 'pipe' });
  const bundle = join(dir, 'bundle');
  writeBundle(bundle, layout, ref, imageConfig.config ?? {});
  return { archive, bundle, diffIds: imageConfig.rootfs.diff_ids };
}
