// The composition root (STYLE 1b): the one place that builds the content store, the image store,
// the snapshotter, leases, the event log, the registry service, the volume store, the container
// engine (network manager + runtime, containerEngine.ts) and the API server, passing each to the
// constructors that need it. No module reaches for a global.
import { randomUUID } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { ApiServer } from '../api/apiServer';
import { berthBuildRoutes } from '../api/berthBuildRoutes';
import { berthRoutes } from '../api/berthRoutes';
import { buildCacheReport } from '../api/buildCacheUsage';
import { buildRoutes } from '../api/buildRoutes';
import { commitRoutes } from '../api/commitRoutes';
import { containerFsRoutes } from '../api/containerFsRoutes';
import { containerPruneRoutes } from '../api/containerPruneRoutes';
import { EventLog } from '../api/eventLog';
import { imageRoutes } from '../api/imageRoutes';
import { LocalImages } from '../api/localImages';
import { systemRoutes } from '../api/systemRoutes';
import { transferRoutes } from '../api/transferRoutes';
import { volumeRoutes } from '../api/volumeRoutes';
import { StoreImageSource } from '../build/baseImages';
import { Builder } from '../build/builder';
import { RuntimeStepExecutor } from '../build/runtimeStepExecutor';
import { hostPlatform } from '../image/platform';
import { Mutex, writeFileAtomic } from '../store/atomicFile';
import { diskUsage } from '../store/diskUsage';
import { collectGarbage } from '../store/gc';
import { LayoutImageStore } from '../store/layoutImageStore';
import { Leases } from '../store/leases';
import { OciLayoutStore } from '../store/ociLayoutStore';
import type { StoreParts } from '../store/storeParts';
import { CopySnapshotter } from '../snapshot/copySnapshotter';
import { OverlaySnapshotter } from '../snapshot/overlaySnapshotter';
import type { RecordedSnapshotter } from '../snapshot/recordedSnapshotter';
import { ContainerVolumes, volumeUsers } from '../volume/containerMounts';
import { volumesWithUsage } from '../volume/volumeJson';
import { VolumeStore } from '../volume/volumeStore';
import { openContainerEngine, unavailableRoutes, type ContainerEngine } from './containerEngine';
import type { DaemonPaths } from './daemonPaths';
import type { HostNames } from './hostNames';
import { claimPidFile, releasePidFile } from './pidFileClaim';
import { recoverStore } from './recoverStore';
import { createRegistryService } from './registryService';
import { detectCgroupLayout, type CgroupLayout } from '../runtime/cgroupLayout';

export type SnapshotterKind = 'overlay' | 'copy';

export interface DaemonOptions {
  readonly paths: DaemonPaths;
  /** overlay needs root (whiteout devices, trusted.* xattrs); copy works anywhere. */
  readonly snapshotter?: SnapshotterKind;
  /** Registries spoken to over plain HTTP (host:port). */
  readonly insecureRegistries?: readonly string[];
  /** Run containers (runtime + CNI networking) with these host names; without, images only. */
  readonly containers?: { readonly hostNames: HostNames };
  readonly log: (line: string) => void;
}

export interface Daemon {
  readonly paths: DaemonPaths;
  close(): Promise<void>;
}

async function engineId(root: string): Promise<string> {
  const path = join(root, 'engine-id');
  const existing = (await fsp.readFile(path, 'utf8').catch(() => '')).trim();
  if (existing !== '') return existing;
  const id = randomUUID();
  await writeFileAtomic(path, `${id}\n`);
  return id;
}

async function openSnapshotter(root: string, kind: SnapshotterKind): Promise<RecordedSnapshotter> {
  const dir = join(root, 'snapshots', kind);
  return kind === 'overlay' ? OverlaySnapshotter.open(dir) : CopySnapshotter.open(dir);
}

export async function startDaemon(options: DaemonOptions): Promise<Daemon> {
  const { paths, log } = options;
  await fsp.mkdir(paths.root, { recursive: true, mode: 0o700 });
  await claimPidFile(paths.pidFile);
  let engine: ContainerEngine | undefined;
  try {
    const content = await OciLayoutStore.open(join(paths.root, 'content'));
    const store = new LayoutImageStore(join(paths.root, 'content'));
    const kind = options.snapshotter ?? (process.getuid?.() === 0 ? 'overlay' : 'copy');
    const snapshotter = await openSnapshotter(paths.root, kind);
    const leases = new Leases();
    // the build cache's layers are GC roots, also for the recovery GC below (before the Builder opens)
    const buildRoot = join(paths.root, 'build');
    let builder: Builder | undefined;
    const parts: StoreParts = { content, images: store, snapshotters: [snapshotter], leases, roots: () => builder?.liveCachedLayers() ?? Builder.cachedLayers(buildRoot) };

    // a store that cannot be fully tidied still serves; check --repair says what is left
    const recovered = await recoverStore(parts).catch((err: unknown) => {
      log(`recovery after an interrupted run is incomplete (${err instanceof Error ? err.message : String(err)}); run berth system check --repair`);
      return undefined;
    });
    if (recovered && Object.values(recovered).some((n) => n > 0)) log(`recovered from an interrupted run: ${JSON.stringify(recovered)}`);

    // GC, verify and repair see the whole store: one at a time
    const storeLock = new Mutex();
    const exclusive = <T>(work: () => Promise<T>) => storeLock.run(work);
    const events = new EventLog();
    const platform = hostPlatform();
    const images = new LocalImages(content, store, platform);
    const registry = createRegistryService({
      content, images: store, leases, snapshotter,
      hosts: options.insecureRegistries === undefined ? {} : { insecure: options.insecureRegistries },
    });
    const storageDriver = kind === 'overlay' ? 'overlayfs' : 'copy';
    const imageDeps = {
      images, store, events, storageDriver,
      collectGarbage: () => exclusive(async () => (await collectGarbage(parts)).reclaimedBytes),
    };
    const volumes = await VolumeStore.open({ dir: join(paths.root, 'volumes'), users: (name) => (engine ? volumeUsers(engine.runtime.list({ all: true }), name) : []), log });
    let containerRoutes = unavailableRoutes('berthd was started without container support');
    if (options.containers) {
      try {
        const containerVolumes = await ContainerVolumes.open({ volumes, snapshotter, leases, scratchDir: join(options.containers.hostNames.execRoot, 'volume-copyup') });
        engine = await openContainerEngine({
          root: paths.root, hostNames: options.containers.hostNames, snapshotter, leases, images, events, storageDriver, volumes: containerVolumes, log,
        });
        const { runtime } = engine;
        // anonymous volumes belong to their container from its create on, and go with it under --rm
        events.subscribe((e) => {
          if (e.Type !== 'container' || (e.Action !== 'create' && e.Action !== 'destroy')) return;
          const id = e.Actor.ID;
          const upkeep = e.Action === 'create' ? async () => containerVolumes.created(runtime.inspect(id)) : () => containerVolumes.removed(id, { removeAnonymous: false });
          upkeep().catch((err: unknown) => log(`volumes of container ${id}: ${err instanceof Error ? err.message : String(err)}`));
        });
        containerRoutes = [
          ...engine.routes,
          ...containerFsRoutes({ runtime, snapshotter, events }),
          ...commitRoutes({ runtime, snapshotter, content, leases, store, events }),
          ...containerPruneRoutes({ runtime, snapshotter, events }),
        ];
      } catch (err) {
        // images still work: pull, build inputs, save and load do not need a runtime
        const reason = err instanceof Error ? err.message : String(err);
        log(`containers are not available: ${reason}`);
        containerRoutes = unavailableRoutes(reason);
      }
    }

    const runSteps = engine ? new RuntimeStepExecutor(engine.runtime) : undefined;
    const leftovers = await runSteps?.removeLeftovers().catch((err: unknown) => (log(`build: removing step containers: ${(err as Error).message}`), 0));
    if (leftovers) log(`build: removed ${leftovers} step containers an interrupted build left`);
    builder = await Builder.open({
      root: buildRoot, content, images: store, snapshotter, leases, ...(runSteps ? { runSteps } : {}),
      baseImages: new StoreImageSource({ content, images: store, snapshotter, leases, registry: { hosts: options.insecureRegistries === undefined ? {} : { insecure: options.insecureRegistries } } }),
    });
    // without a runtime the layout still says which cgroup version the host has
    const cgroups = engine?.runtime.cgroupLayout ?? hostCgroups();
    const routes = [
      ...systemRoutes({
        ...imageDeps, registry, diskUsage: () => diskUsage(parts), buildCacheUsage: () => buildCacheReport(builder, images), volumeUsage: () => volumesWithUsage(volumes),
        facts: { id: await engineId(paths.root), root: paths.root, storageDriver, insecureRegistries: options.insecureRegistries ?? [], ...(cgroups ? { cgroups } : {}) },
      }),
      ...imageRoutes(imageDeps),
      ...transferRoutes({ images, store, events, content, snapshotter, leases, registry }),
      ...berthRoutes({ parts, exclusive }),
      ...buildRoutes({ builder, events, collectGarbage: imageDeps.collectGarbage }),
      ...berthBuildRoutes({ builder, events }),
      ...volumeRoutes({ volumes, events }),
      ...containerRoutes,
    ];
    const server = new ApiServer({ routes, onInternalError: (err, req) => log(`error: ${req.method} ${req.url}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`) });
    await server.listen(paths.socket);
    log(`berthd listening on unix://${paths.socket} (root ${paths.root}, snapshotter ${kind})`);
    return {
      paths,
      close: async () => {
        await server.close();
        await engine?.close();
        registry.close();
        await releasePidFile(paths.pidFile);
        log('berthd stopped');
      },
    };
  } catch (err) {
    await engine?.close();
    await releasePidFile(paths.pidFile);
    throw err;
  }
}

function hostCgroups(): CgroupLayout | undefined {
  try {
    return detectCgroupLayout();
  } catch {
    return undefined; // no /sys/fs/cgroup: /info says version 1 and no limits
  }
}
