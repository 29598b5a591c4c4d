// Creating a container: the options are checked (Docker's messages), the image's layers unpacked
// (skipped when present) and the container's writable snapshot prepared on top of them, then the
// record written. Nothing runs yet; the directory holds the record and, from start on, the bundle.
import { randomBytes } from 'node:crypto';
import { existsSync, promises as fsp } from 'node:fs';
import { hostname as osHostname } from 'node:os';
import { isAbsolute } from 'node:path';
import { berthError } from '../image/berthError';
import type { Leases } from '../store/leases';
import { unpackImage } from '../snapshot/unpack';
import { buildConfig, pathAndArgs } from './containerConfig';
import { generateName } from './containerNames';
import { initialState, nowRfc3339, type ContainerRecord } from './containerRecord';
import type { CreateOptions, MountRequest } from './createOptions';
import { hostCpuCount, hostCpuset } from './hostFacts';
import { clampRlimits, requireControllers, resolveCapabilities, validateResources } from './limits';
import type { CgroupLayout } from './cgroupLayout';
import { validateRestartPolicy } from './restartPolicy';
import type { RuntimeContext } from './runtimeContext';
import { parseSecurityOptions } from './securityOptions';
import { defaultShmSize } from './specDefaults';

/** Label on a container's snapshot, naming the container (GC keeps active snapshots anyway). */
export const containerLabel = 'berth/container';

function checkMounts(mounts: readonly MountRequest[]): void {
  const seen = new Set<string>();
  for (const m of mounts) {
    if (!isAbsolute(m.target) || m.target === '/') throw berthError('invalid-argument', `invalid mount config: mount target ${JSON.stringify(m.target)} must be an absolute path other than /`);
    if (seen.has(m.target)) throw berthError('invalid-argument', `Duplicate mount point: ${m.target}`);
    seen.add(m.target);
    if (m.type !== 'tmpfs') {
      if (!isAbsolute(m.source)) throw berthError('invalid-argument', `invalid mount config for type "${m.type}": source ${JSON.stringify(m.source)} must be an absolute host path`);
      if (!existsSync(m.source)) throw berthError('invalid-argument', `invalid mount config for type "${m.type}": bind source path does not exist: ${m.source}`);
    }
  }
}

export function validateCreateOptions(o: CreateOptions, layout: CgroupLayout): void {
  validateResources(o.resources ?? {}, hostCpuCount(), hostCpuset());
  requireControllers(o.resources ?? {}, layout);
  validateRestartPolicy(o.restartPolicy ?? { name: 'no' }, o.autoRemove ?? false);
  resolveCapabilities(o.capAdd, o.capDrop);
  clampRlimits(o.ulimits ?? [], {});
  checkMounts(o.mounts ?? []);
  parseSecurityOptions(o.securityOpt ?? []);
  if (o.shmSize !== undefined && (!Number.isSafeInteger(o.shmSize) || o.shmSize < 0)) throw berthError('invalid-argument', `invalid shm size ${o.shmSize}: must be a non-negative number of bytes`);
  if (o.stopTimeout !== undefined && !Number.isInteger(o.stopTimeout)) throw berthError('invalid-argument', `invalid stop timeout ${o.stopTimeout}: must be whole seconds`);
}

export async function createContainer(ctx: RuntimeContext, o: CreateOptions, leases: Leases | undefined, signal?: AbortSignal): Promise<ContainerRecord> {
  validateCreateOptions(o, ctx.layout);
  // a name another create is holding counts as taken, or concurrent creates could draw the same one
  const name = o.name ?? generateName((n) => ctx.store.nameInUse(n));
  const releaseName = ctx.store.reserveName(name);
  try {
    return await createReserved(ctx, o, name, leases, signal);
  } finally {
    releaseName();
  }
}

async function createReserved(ctx: RuntimeContext, o: CreateOptions, name: string, leases: Leases | undefined, signal?: AbortSignal): Promise<ContainerRecord> {
  const id = randomBytes(32).toString('hex');
  const [manifest, imageConfig] = await Promise.all([o.image.image.manifest(), o.image.image.config()]);
  const network = o.network ?? { mode: { kind: 'bridge', networks: [{ network: 'bridge' }] } };
  const hostname = o.hostname || (network.mode.kind === 'host' ? osHostname() : undefined);
  const config = buildConfig(id, imageConfig.config, { ...o, ...(hostname ? { hostname } : {}) });

  const lease = leases?.acquire();
  const dir = ctx.store.containerDir(id);
  await fsp.mkdir(dir, { mode: 0o711 });
  try {
    const chainIds = await unpackImage(ctx.snapshotter, o.image.image, { ...(lease ? { lease } : {}), ...(signal ? { signal } : {}) });
    const chainId = chainIds.at(-1);
    await ctx.snapshotter.prepare(id, chainId, { labels: { [containerLabel]: id } });
    const { path, args } = pathAndArgs(config);
    const record: ContainerRecord = {
      id, name, created: nowRfc3339(), path, args, config,
      hostConfig: {
        readOnly: o.readOnly ?? false, capAdd: o.capAdd ?? [], capDrop: o.capDrop ?? [], init: o.init ?? false,
        resources: o.resources ?? {}, ulimits: o.ulimits ?? [], restartPolicy: o.restartPolicy ?? { name: 'no' },
        autoRemove: o.autoRemove ?? false, network, mounts: o.mounts ?? [], groupAdd: o.groupAdd ?? [],
        shmSize: o.shmSize || defaultShmSize, ...(o.userns ? { userns: o.userns } : {}), ...(o.consoleSize ? { consoleSize: o.consoleSize } : {}),
        ...(o.securityOpt?.length ? { securityOpt: o.securityOpt } : {}),
      },
      image: { reference: o.image.reference, manifestDigest: await o.image.image.digest(), configDigest: manifest.config.digest, ...(chainId ? { chainId } : {}) },
      snapshotKey: id,
      snapshotter: ctx.snapshotter.kind,
      state: initialState(),
      logPath: `${dir}/ctr.log`,
    };
    try {
      await ctx.store.save(record, true);
    } catch (err) {
      await ctx.snapshotter.remove(id).catch(() => undefined);
      throw err;
    }
    return record;
  } catch (err) {
    await fsp.rm(dir, { recursive: true, force: true });
    throw err;
  } finally {
    lease?.release();
  }
}
