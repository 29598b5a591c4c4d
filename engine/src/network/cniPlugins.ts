// Runs CNI plugin binaries as the CNI spec (1.0.0) says a runtime does: the network configuration
// on stdin, CNI_COMMAND / CNI_CONTAINERID / CNI_NETNS / CNI_IFNAME / CNI_PATH (/ CNI_ARGS) in the
// environment, a result or an error object on stdout. Plugins get a minimal environment (PATH and
// the CNI variables), never berthd's own.
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { berthError, errnoCode } from '../image/berthError';
import { parseCniError } from './cniResult';

export type CniCommand = 'ADD' | 'DEL' | 'CHECK' | 'VERSION';

/** A plugin's network configuration: what goes on its stdin. */
export interface PluginConfig {
  readonly type: string;
  readonly [field: string]: unknown;
}

export interface CniInvocation {
  readonly containerId: string;
  /** Path of the network namespace; '' when it is already gone (DEL after a reboot) */
  readonly netns: string;
  readonly ifname: string;
}

export interface CniPluginsOptions {
  /** Where plugin binaries are looked up, in order (CNI_PATH). */
  readonly dirs: readonly string[];
  /** PATH for plugins (they run iptables and friends). */
  readonly path?: string;
  /** PATH per plugin type, overriding `path`. */
  readonly pathByType?: Readonly<Record<string, string>>;
}

export const defaultPluginDirs: readonly string[] = ['/usr/lib/cni', '/opt/cni/bin', '/usr/libexec/cni'];
const systemPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const maxOutput = 1 << 20;

export class CniPlugins {
  private readonly found = new Map<string, string>();

  constructor(private readonly options: CniPluginsOptions) {}

  /** The binary for a plugin type; throws unavailable naming the Debian package when it is missing. */
  find(type: string): string {
    const known = this.found.get(type);
    if (known) return known;
    if (!/^[A-Za-z0-9_.-]+$/.test(type)) throw berthError('invalid-argument', `invalid CNI plugin type "${type}"`);
    for (const dir of this.options.dirs) {
      const candidate = join(dir, type);
      try {
        accessSync(candidate, constants.X_OK);
        this.found.set(type, candidate);
        return candidate;
      } catch {
        // next directory
      }
    }
    throw berthError('unavailable', `CNI plugin "${type}" not found in ${this.options.dirs.join(', ')}: install the CNI plugins (apt-get install containernetworking-plugins)`);
  }

  /** Runs one plugin; resolves to its parsed stdout for ADD and VERSION, undefined otherwise. */
  async invoke(command: CniCommand, config: PluginConfig, invocation: CniInvocation, signal?: AbortSignal): Promise<unknown> {
    const binary = this.find(config.type);
    const where = `CNI plugin ${config.type} ${command} for container ${invocation.containerId.slice(0, 12)} (${invocation.ifname})`;
    const env: Record<string, string> = {
      PATH: this.options.pathByType?.[config.type] ?? this.options.path ?? systemPath,
      CNI_COMMAND: command,
      CNI_CONTAINERID: invocation.containerId,
      CNI_NETNS: invocation.netns,
      CNI_IFNAME: invocation.ifname,
      CNI_PATH: this.options.dirs.join(':'),
    };
    const { code, stdout, stderr } = await run(binary, JSON.stringify(config), env, where, signal);
    const text = stdout.toString('utf8').trim();
    if (code !== 0) {
      const parsed = parseJson(text);
      const error = parsed === undefined ? undefined : parseCniError(parsed);
      const reason = error ? `${error.msg}${error.details ? `: ${error.details}` : ''} (CNI error ${error.code})` : (stderr.toString('utf8').trim() || text || `exit status ${code}`).slice(0, 2048);
      throw berthError('failed-precondition', `${where} failed: ${reason}`);
    }
    if (command !== 'ADD' && command !== 'VERSION') return undefined;
    const parsed = parseJson(text);
    if (parsed === undefined) throw berthError('internal', `${where} printed no JSON result: ${text.slice(0, 200) || '(nothing)'}`);
    return parsed;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function run(binary: string, input: string, env: Record<string, string>, where: string, signal?: AbortSignal): Promise<{ code: number; stdout: Buffer; stderr: Buffer }> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [], { env, stdio: ['pipe', 'pipe', 'pipe'], ...(signal ? { signal } : {}) });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outSize = 0;
    let errSize = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      outSize += chunk.length;
      if (outSize <= maxOutput) {
        out.push(chunk);
        return;
      }
      // don't wait for 'close': a process the plugin forked may hold the pipe open
      child.kill('SIGKILL');
      child.stdout.destroy();
      child.stderr.destroy();
      reject(berthError('internal', `${where}: more than ${maxOutput} bytes of output`));
    });
    child.stderr.on('data', (chunk: Buffer) => {
      errSize += chunk.length;
      if (errSize <= 65536) err.push(chunk);
    });
    child.once('error', (e) => {
      if (e.name === 'AbortError') reject(e);
      else reject(berthError('unavailable', `${where}: cannot run ${binary}: ${e.message}`, e));
    });
    child.once('close', (code, killedBy) => resolve({ code: code ?? (killedBy ? 128 : 1), stdout: Buffer.concat(out), stderr: Buffer.concat(err) }));
    child.stdin.on('error', () => undefined); // a plugin that exits without reading its config
    child.stdin.end(input);
  });
}

/**
 * A directory with only the IPv4 iptables tools, used as PATH for portmap. berth's networks are
 * IPv4-only, yet portmap's DEL tears its chains down in both families whenever ip6tables works:
 * seven needless ip6tables runs, half of a DEL's time. portmap treats a missing ip6tables as "no
 * IPv6 here" by design. Returns the PATH value: the directory alone, so ip6tables is not found.
 */
export function ipv4OnlyToolPath(dir: string, searchPath = systemPath): string {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  for (const tool of ['iptables', 'iptables-save', 'iptables-restore']) {
    const target = searchPath.split(':').map((d) => join(d, tool)).find((p) => isExecutable(p));
    if (!target) continue;
    const link = join(dir, tool);
    if (readLink(link) !== target) {
      rmSync(link, { force: true });
      symlinkSync(target, link);
    }
  }
  return dir;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function readLink(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'EINVAL') return undefined;
    throw err;
  }
}
