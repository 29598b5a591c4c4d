// Issue 4's cleanliness bar, through the berth CLI against a real berthd: 200 `run --rm` cycles of
// six kinds (the default bridge, a published host port, named and anonymous volumes, `run -d --rm`
// then exec then kill, --network none, an attached run killed from outside), several lanes at once,
// leave the host exactly as it was: no mount, network namespace, veth, cgroup, iptables rule,
// conmon, state file, container or volume more or less (hostSnapshot.ts says what is compared).
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { request, type ClientRequest } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { apiRequest } from '../api/apiRequest';
import { berthScript } from '../api/berthdProcess';
import { removeDaemonDir, startContainerDaemon, type ContainerDaemon, type Run } from '../api/containerDaemon';
import { hostSnapshot, snapshotDifferences, type HostSnapshot } from '../api/hostSnapshot';
import { afterNamespaceTeardown } from '../api/hostState';

const cycles = 200;
// lanes run side by side, each taking the next cycle when its last one is done: containers set up
// and torn down at the same time, as on a busy host (one lane also passes, in about 1.4 times as long)
const lanes = 4;
const kinds = ['bridge', 'published port', 'volumes', 'detached, exec, kill', 'no network', 'attached, killed'] as const;

/** A host port nothing listens on now (the kernel's pick). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '0.0.0.0', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Ids of the containers created while it follows the daemon's /events (its history is bounded). */
class CreatedContainers {
  readonly ids: string[] = [];
  private readonly req: ClientRequest;
  private waiter: (() => void) | undefined;

  private constructor(socketPath: string, connected: () => void, failed: (err: Error) => void) {
    const filters = encodeURIComponent(JSON.stringify({ type: ['container'], event: ['create'] }));
    this.req = request({ socketPath, path: `/events?filters=${filters}` }, (res) => {
      connected();
      let pending = '';
      res.on('data', (c: Buffer) => {
        pending += c.toString();
        const lines = pending.split('\n');
        pending = lines.pop()!;
        for (const line of lines.filter(Boolean)) this.ids.push((JSON.parse(line) as { Actor: { ID: string } }).Actor.ID);
        this.waiter?.();
      });
    });
    this.req.on('error', failed);
    this.req.end();
  }

  static follow(socketPath: string): Promise<CreatedContainers> {
    return new Promise((resolve, reject) => {
      const created: CreatedContainers = new CreatedContainers(socketPath, () => resolve(created), reject);
    });
  }

  /** Resolves once `count` creates have arrived. */
  reach(count: number): Promise<void> {
    return new Promise((resolve) => {
      this.waiter = () => {
        if (this.ids.length >= count) resolve();
      };
      this.waiter();
    });
  }

  close(): void {
    this.req.destroy();
  }
}

describe('berth CLI: 200 run --rm cycles leave the host as they found it', function () {
  this.timeout(15 * 60_000);
  let d: ContainerDaemon;
  const ports: number[] = [];

  before(async () => {
    d = await startContainerDaemon('cycles');
    for (let lane = 0; lane < lanes; lane++) {
      ports.push(await freePort());
      await d.berthOk(['volume', 'create', `cycles-${lane}`]);
    }
  });
  after(async () => {
    if (!d) return;
    const left = (await d.berth(['ps', '-aq'])).stdout.split('\n').filter(Boolean);
    if (left.length) await d.berth(['rm', '-f', ...left]);
    await d.daemon.stop();
    await removeDaemonDir(d.dir);
  });

  const expectRun = (r: Run, code: number, stdout: RegExp | string, what: string) => {
    const detail = `${what}: exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
    assert.equal(r.code, code, detail);
    if (typeof stdout === 'string') assert.equal(r.stdout, stdout, detail);
    else assert.match(r.stdout, stdout, detail);
  };

  /** `berth run` attached, killed with `berth kill` once it said it is ready; its exit status. */
  const killAttached = (name: string): Promise<Run> => new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [berthScript, 'run', '--rm', '--name', name, 'busybox', 'sh', '-c', 'echo ready; exec sleep 1000'], { env: d.env });
    let stdout = '';
    let stderr = '';
    let killing = false;
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (!killing && stdout.includes('ready')) {
        killing = true;
        d.berthOk(['kill', name]).catch((err: unknown) => {
          child.kill('SIGKILL');
          reject(err as Error);
        });
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });

  /** Resolves once the container is gone (Docker's wait condition; 404 when it already is). */
  const removed = async (id: string) => {
    const res = await apiRequest(d.daemon.socket, 'POST', `/containers/${id}/wait?condition=removed`);
    assert.ok(res.status === 200 || res.status === 404, `waiting for ${id} to be removed: ${res.status} ${res.body.toString()}`);
  };

  /** The lines each lane's named volume should hold, in order. */
  const written: string[][] = Array.from({ length: lanes }, () => []);

  const cycle = async (label: string, kind: number, lane: number): Promise<void> => {
    const what = `cycle ${label} (${kinds[kind]})`;
    const port = ports[lane]!;
    switch (kind) {
      case 0:
        expectRun(await d.berth(['run', '--rm', 'busybox', 'ip', '-4', '-o', 'addr', 'show', 'eth0']), 0, /inet \d+\.\d+\.\d+\.\d+\/\d+/, what);
        break;
      case 1:
        // the same host port every time in this lane: a port not released would fail the next one
        expectRun(await d.berth(['run', '--rm', '-p', `${port}:80`, 'busybox', 'echo', 'published']), 0, 'published\n', what);
        break;
      case 2:
        // the anonymous volume is new each time (empty), the named one keeps every cycle's line
        expectRun(await d.berth(['run', '--rm', '-v', `cycles-${lane}:/data`, '-v', '/anon', 'busybox', 'sh', '-c', `echo ${label} >> /data/log; ls -A /anon | wc -l; touch /anon/used`]), 0, /^\s*0\n$/, what);
        written[lane]!.push(label);
        break;
      case 3: {
        const started = await d.berth(['run', '-d', '--rm', '-p', `${port}:80`, '-v', '/anon', 'busybox', 'sh', '-c', 'echo served > /tmp/index.html; exec httpd -f -p 80 -h /tmp']);
        expectRun(started, 0, /^[0-9a-f]{64}\n$/, `${what}: run -d`);
        const id = started.stdout.trim();
        expectRun(await d.berth(['exec', id, 'cat', '/tmp/index.html']), 0, 'served\n', `${what}: exec`);
        expectRun(await d.berth(['kill', id]), 0, `${id}\n`, `${what}: kill`);
        await removed(id);
        break;
      }
      case 4:
        expectRun(await d.berth(['run', '--rm', '--network', 'none', 'busybox', 'ls', '/sys/class/net']), 0, 'lo\n', what);
        break;
      default:
        expectRun(await killAttached(`cycle-${label}`), 137, 'ready\n', what);
    }
  };

  it(`${cycles} mixed cycles, ${lanes} at a time: mounts, namespaces, veths, cgroups, iptables, conmons, state files, containers and volumes as before`, async () => {
    // one cycle of each kind first: a first run leaves lasting state that is not a leak (the image's
    // unpacked layer, the bridge's IPAM directory, the OCI runtime's state directory)
    for (let k = 0; k < kinds.length; k++) await cycle(`warm-up-${k}`, k, 0);
    const records = async (): Promise<HostSnapshot> => ({
      containers: (await d.berthOk(['ps', '-aq'])).split('\n').filter(Boolean),
      volumes: (await d.berthOk(['volume', 'ls', '-q'])).split('\n').filter(Boolean).sort(),
    });
    const before = { ...hostSnapshot(d.root), ...(await records()) };
    const created = await CreatedContainers.follow(d.daemon.socket);

    let next = 0;
    await Promise.all(Array.from({ length: lanes }, async (_, lane) => {
      while (next < cycles) {
        const i = next++;
        await cycle(String(i), i % kinds.length, lane);
      }
    }));

    // every container the cycles made (CNI names them in its rules), from the daemon's events
    await created.reach(cycles);
    created.close();
    const ids = created.ids;
    assert.equal(new Set(ids).size, cycles, 'a create event per cycle');
    const sameVeths = (s: HostSnapshot) => snapshotDifferences({ veths: before['veths on the bridges']! }, { veths: s['veths on the bridges']! }) === '';
    const after = { ...(await afterNamespaceTeardown(() => hostSnapshot(d.root, ids), sameVeths)), ...(await records()) };
    const differences = snapshotDifferences(before, after);
    assert.ok(differences === '', `after ${cycles} cycles the host differs from before:\n${differences}`);
    assert.ok(before.bridges!.length > 0 && before['iptables rules']!.length > 0 && before['data root files']!.length > 0, 'the snapshot sees the daemon');

    for (let lane = 0; lane < lanes; lane++) {
      const path = join(d.root, 'volumes', `cycles-${lane}`, '_data', 'log');
      const log = existsSync(path) ? readFileSync(path, 'utf8') : '';
      assert.deepEqual(log.split('\n').filter(Boolean), written[lane], `volume cycles-${lane} kept every cycle's line`);
    }
  });
});
