// berthd's composition root started in this process on a scratch root and socket, with images
// written straight into its store: enough to drive every route over a real socket.
import { join } from 'node:path';
import { startDaemon, type Daemon } from '../../../engine/src/daemon/startDaemon';
import { daemonPaths } from '../../../engine/src/daemon/daemonPaths';
import type { Descriptor } from '../../../engine/src/image/descriptor';
import type { Image } from '../../../engine/src/image/image';
import { LayoutImageStore } from '../../../engine/src/store/layoutImageStore';
import { OciLayoutStore } from '../../../engine/src/store/ociLayoutStore';
import { writeImage } from '../../../engine/src/store/storeImage';

export interface Harness {
  readonly daemon: Daemon;
  readonly socket: string;
  readonly root: string;
  readonly logs: string[];
}

export async function startHarness(dir: string, seed: (store: { add(image: Image, name?: string): Promise<Descriptor> }) => Promise<void> = async () => undefined): Promise<Harness> {
  const root = join(dir, 'root');
  const content = await OciLayoutStore.open(join(root, 'content'));
  const images = new LayoutImageStore(join(root, 'content'));
  await seed({ add: (image, name) => writeImage(content, images, image, name) });
  const logs: string[] = [];
  const paths = daemonPaths({ root, socket: join(dir, 'run', 'berth.sock') });
  const daemon = await startDaemon({ paths, snapshotter: 'overlay', log: (l) => logs.push(l) });
  return { daemon, socket: paths.socket, root, logs };
}
