// A stand-in for berthd in the restart tests: opens a Runtime over the given data, creates and starts
// one container from the JSON options on argv, prints {"id"} and stays alive until it is killed.
// argv: <root> <runRoot> <snapshots> <cgroupParent> <runtime> <options JSON>
import { Runtime } from '../../../engine/src/runtime/runtime';
import type { RuntimeName } from '../../../engine/src/runtime/ociRuntime';
import { OverlaySnapshotter } from '../../../engine/src/snapshot/overlaySnapshotter';
import { busyboxImage } from '../../fixtures/busyboxImage';

async function main(): Promise<void> {
  const [root, runRoot, snapshots, cgroupParent, runtimeName, optionsJson] = process.argv.slice(2);
  const runtime = await Runtime.open({
    root: root!, runRoot: runRoot!, snapshotter: await OverlaySnapshotter.open(snapshots!), cgroupParent: cgroupParent!,
    runtime: runtimeName as RuntimeName, log: (line) => process.stderr.write(`${line}\n`),
  });
  const c = await runtime.create({ image: { reference: 'busybox', image: await busyboxImage() }, network: { mode: { kind: 'none' } }, ...JSON.parse(optionsJson!) });
  await runtime.start(c.id);
  process.stdout.write(`${JSON.stringify({ id: c.id })}\n`);
  setInterval(() => undefined, 60_000);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
