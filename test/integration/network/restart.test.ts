// berthd restarts and crashes, played by a child process running the manager: a container's
// namespace and published port outlive the process and are managed by the next one; a process
// killed in the middle of an attach, or gone with a detach still in the background, leaves records
// from which the next start rolls back or finishes, back to the host's snapshot.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CniNetworkManager } from '../../../engine/src/network/cniNetworkManager';
import type { Attachment } from '../../../engine/src/network/network';
import { removeScratch, scratchDir } from '../../fixtures/scratch';
import { hostSnapshot, killNetnsProcesses, must, openTestManager, requireNetworkTools, run, runTag, settledHostSnapshot, startHttpd, webRoot } from './netTestbed';

/** Runs the manager in a child process: opens it, attaches, then ends as `how` says. */
function berthdChild(dir: string, tag: string, how: 'exit' | 'detach-exit', request: object, pluginDirs?: string[]): Promise<{ code: number | null; signal: string | null; stdout: string }> {
  const testbed = require.resolve('./netTestbed');
  const script = `
    const { openTestManager } = require(${JSON.stringify(testbed)});
    const [dir, tag, how, request, pluginDirs] = process.argv.slice(1);
    (async () => {
      const m = await openTestManager(dir, tag, pluginDirs ? { pluginDirs: JSON.parse(pluginDirs) } : {});
      const a = await m.attach('crash' + tag + 'ffffffffffff', JSON.parse(request));
      if (how === 'detach-exit') await m.detach(a.containerId); // the DELs are still running in the background
      process.stdout.write(JSON.stringify(a));
      process.exit(0); // no close(): as if berthd died
    })().catch((e) => { console.error(e); process.exit(3); });`;
  // a process group of its own, so a crash can take the plugins it is running with it (as stopping a service does)
  const child = spawn(process.execPath, ['-e', script, dir, tag, how, JSON.stringify(request), pluginDirs ? JSON.stringify(pluginDirs) : ''], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout })));
}

describe('CniNetworkManager: restarts and crashes', function () {
  this.timeout(60000);
  let dir: string;
  let tag: string;
  let manager: CniNetworkManager | undefined;
  let snapshot: string;
  const port = 35000 + Math.floor(Math.random() * 5000);
  const request = { name: 'survivor', mode: { kind: 'bridge', networks: [] }, ports: [{ containerPort: 80, protocol: 'tcp', hostPort: port }] };

  before(async () => {
    requireNetworkTools();
    dir = scratchDir('net-restart');
    tag = runTag();
    const m = await openTestManager(dir, tag);
    await m.attach(`warm${tag}`, request as never);
    await m.detach(`warm${tag}`, { wait: true });
    await m.close();
    snapshot = await hostSnapshot(join(dir, 'run'), tag);
  });

  afterEach(async () => {
    await manager?.close();
    manager = undefined;
  });

  after(async () => {
    const m = await openTestManager(dir, tag);
    for (const a of m.listAttachments()) await m.detach(a.containerId, { wait: true });
    await m.uninstall();
    removeScratch(dir);
  });

  it('keeps a container\'s namespace and published port across a restart; the next process detaches it cleanly', async () => {
    const child = await berthdChild(dir, tag, 'exit', request);
    assert.equal(child.code, 0);
    const a = JSON.parse(child.stdout) as Attachment;
    const addr = await must('nsenter', [`--net=${a.netnsPath}`, 'ip', '-o', '-4', 'addr', 'show', 'eth0']);
    assert.ok(addr.includes(a.endpoints[0]!.ipv4.address), 'the namespace outlived the process that made it');
    await startHttpd(a.netnsPath!, '0.0.0.0:80', webRoot(dir, 'survivor'));
    assert.equal((await run('busybox', ['wget', '-q', '-O', '-', `http://127.0.0.1:${port}/`])).stdout, 'survivor\n');

    manager = await openTestManager(dir, tag);
    assert.deepEqual(manager.listAttachments().map((x) => x.containerId), [a.containerId]);
    await assert.rejects(manager.attach(`other${tag}`, request as never), /port is already allocated \(by container survivor\)/);
    await manager.check(a.containerId);
    killNetnsProcesses(a.netnsPath!);
    await manager.detach(a.containerId, { wait: true });
    assert.equal(await settledHostSnapshot(join(dir, 'run'), tag, snapshot), snapshot);
  });

  it('finishes a detach that was still running in the background when the process died', async () => {
    const child = await berthdChild(dir, tag, 'detach-exit', request);
    assert.equal(child.code, 0);
    manager = await openTestManager(dir, tag);
    assert.deepEqual(manager.listAttachments(), []);
    assert.equal(await settledHostSnapshot(join(dir, 'run'), tag, snapshot), snapshot);
  });

  it('rolls back an attach killed halfway (SIGKILL after the bridge plugin\'s ADD was recorded)', async () => {
    // a portmap that kills its caller: berthd dies between the bridge's ADD and the chained plugin's
    const killer = join(dir, 'killer-plugins');
    mkdirSync(killer, { recursive: true });
    writeFileSync(join(killer, 'portmap'), '#!/bin/sh\nkill -s KILL -- -$PPID\nexit 1\n', { mode: 0o755 });
    const child = await berthdChild(dir, tag, 'exit', request, [killer, '/usr/lib/cni']);
    assert.equal(child.signal, 'SIGKILL');
    const leftover = await hostSnapshot(join(dir, 'run'), tag);
    assert.notEqual(leftover, snapshot, 'the killed attach left a namespace, a veth and a lease');
    manager = await openTestManager(dir, tag);
    assert.deepEqual(manager.listAttachments(), []);
    assert.equal(await settledHostSnapshot(join(dir, 'run'), tag, snapshot), snapshot);
  });
});
