import { CopySnapshotter } from '../../../engine/src/snapshot/copySnapshotter';
import { OverlaySnapshotter } from '../../../engine/src/snapshot/overlaySnapshotter';
import { snapshotterSuite } from './snapshotterSuite';

snapshotterSuite('overlay', (root) => OverlaySnapshotter.open(root));
snapshotterSuite('copy', (root) => CopySnapshotter.open(root));
