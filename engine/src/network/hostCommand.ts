// Runs the host's network tools (iptables, ip) with a fixed PATH, input on stdin, and the exit
// status as data: callers decide what a non-zero status means (`iptables -C` answers with it).
import { execFile } from 'node:child_process';
import { berthError } from '../image/berthError';

export type CommandRunner = (command: string, args: readonly string[], input?: string) => Promise<{ code: number; stderr: string }>;

const systemPath = '/usr/sbin:/sbin:/usr/bin:/bin';

export function runCommand(command: string, args: readonly string[], input?: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, { env: { PATH: systemPath }, maxBuffer: 1 << 20 }, (err, _stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : undefined) : 0;
      if (code === undefined) reject(berthError('unavailable', `cannot run ${command}: ${err!.message}: install iptables and iproute2 (apt-get install iptables iproute2)`, err));
      else resolve({ code, stderr: String(stderr) });
    });
    child.stdin?.on('error', () => undefined); // a tool that exits without reading its input
    if (input === undefined) child.stdin?.end();
    else child.stdin?.end(input);
  });
}
