// Not a test: a measurement to run by hand (as root) after `node scripts/build.mjs --tests`:
//   node out/test/integration/network/attachTiming.js [cycles]
// Times attach and detach per network mode with the real plugins, in a manager of its own (own
// chains, bridge and subnets), and prints medians. Compare with podman's network setup, measured as
// `podman run --rm busybox true` minus `podman run --rm --network none busybox true` (BASELINES.md:
// ~200 ms). No assertion: timings depend on the machine and never belong in a test.
import type { AttachRequest } from '../../../engine/src/network/network';
import { removeScratch, scratchDir } from '../../fixtures/scratch';
import { openTestManager, runTag } from './netTestbed';

const cycles = Number(process.argv[2] ?? 20);
const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

async function main(): Promise<void> {
  const dir = scratchDir('net-timing');
  const tag = runTag();
  const manager = await openTestManager(dir, tag);
  await manager.createNetwork({ name: 'user' });
  const port = 40000 + Math.floor(Math.random() * 10000);
  const modes: [string, AttachRequest][] = [
    ['none', { name: 'n', mode: { kind: 'none' } }],
    ['bridge', { name: 'b', mode: { kind: 'bridge', networks: [] } }],
    ['bridge -p tcp', { name: 'p', mode: { kind: 'bridge', networks: [] }, ports: [{ containerPort: 80, protocol: 'tcp', hostPort: port }] }],
    ['bridge -p tcp+udp', { name: 'u', mode: { kind: 'bridge', networks: [] }, ports: [{ containerPort: 80, protocol: 'tcp', hostPort: port }, { containerPort: 53, protocol: 'udp', hostPort: port }] }],
    ['user network', { name: 'w', mode: { kind: 'bridge', networks: [{ network: 'user', aliases: ['web'] }] } }],
  ];
  try {
    console.log('mode                 attach  detach(wait)  sum   | attach  detach(background)');
    for (const [label, request] of modes) {
      const row: Record<string, number[]> = { attach: [], detach: [], attachBg: [], detachBg: [] };
      for (let i = 0; i < cycles + 2; i++) {
        const id = `t${i}${tag}timing`;
        let start = process.hrtime.bigint();
        await manager.attach(id, request);
        const attach = ms(start);
        start = process.hrtime.bigint();
        await manager.detach(id, { wait: true });
        if (i >= 2) row.attach!.push(attach), row.detach!.push(ms(start)); // two warm-up rounds
      }
      for (let i = 0; i < cycles; i++) {
        const id = `b${i}${tag}timing`;
        await manager.settle(); // a lone run --rm: the previous teardown is not competing
        let start = process.hrtime.bigint();
        await manager.attach(id, request);
        row.attachBg!.push(ms(start));
        start = process.hrtime.bigint();
        await manager.detach(id);
        row.detachBg!.push(ms(start));
      }
      const [a, d, ab, db] = [median(row.attach!), median(row.detach!), median(row.attachBg!), median(row.detachBg!)];
      console.log(`${label.padEnd(20)} ${a.toFixed(1).padStart(6)}  ${d.toFixed(1).padStart(12)}  ${(a + d).toFixed(0).padStart(5)} | ${ab.toFixed(1).padStart(6)}  ${db.toFixed(1).padStart(18)}`);
    }
  } finally {
    await manager.settle();
    await manager.uninstall();
    removeScratch(dir);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
