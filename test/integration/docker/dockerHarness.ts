// What the docker CLI suites share: a berthd whose store already holds busybox:latest (written
// before it starts, no registry needed) and the docker command runner.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { seedBusyboxRoot } from '../../fixtures/busyboxImage';
import { startBerthd, type Berthd } from '../api/berthdProcess';

const run = promisify(execFile);

/** A berthd over a fresh root that already holds busybox:latest, with a VOLUME (/var/cache/app). */
export async function berthdWithBusybox(dir: string): Promise<Berthd> {
  const root = join(dir, 'root');
  await seedBusyboxRoot(root, { config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['sh'], Volumes: { '/var/cache/app': {} } } });
  return startBerthd(dir, { root });
}

export function dockerRunner(env: () => NodeJS.ProcessEnv) {
  const docker = (...args: string[]) => run('docker', args, { env: env(), maxBuffer: 64 << 20 });
  const dockerFails = async (...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> => {
    try {
      await docker(...args);
    } catch (err) {
      const e = err as { stdout: string; stderr: string; code: number };
      return { stdout: e.stdout, stderr: e.stderr, code: e.code };
    }
    throw new Error(`docker ${args.join(' ')} succeeded; it should have failed`);
  };
  return { docker, dockerFails };
}

