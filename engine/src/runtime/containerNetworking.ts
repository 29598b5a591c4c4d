// The runtime's narrow view of networking: before the process starts, something provides the network
// namespace to join and the three files bind-mounted at /etc/hosts, /etc/resolv.conf and
// /etc/hostname; after it exited, that something is released. The network slice's NetworkManager
// (CNI, ports, user-defined networks) does it in the daemon; `localNetworking` covers --network
// none and host by itself (no CNI), for hosts and tests without the network manager.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { berthError } from '../image/berthError';
import type { AttachmentLayout, NetworkManager } from '../network/network';
import type { ContainerRecord, NetworkFiles } from './containerRecord';
import type { NetworkNamespace } from './ociSpec';

export interface NetworkSetup {
  readonly namespace: NetworkNamespace;
  readonly hostname: string;
  readonly files: NetworkFiles;
}

export interface ContainerNetworking {
  /**
   * `onSetup`, when given, may be called before attach resolves, with everything the OCI spec needs:
   * the container may then be created, but its process must not start before attach resolved.
   */
  attach(record: ContainerRecord, signal?: AbortSignal, onSetup?: (setup: NetworkSetup) => void): Promise<NetworkSetup>;
  /**
   * Idempotent: nothing attached is fine. Without `wait` it may resolve before the namespace,
   * veths, addresses and port rules are gone (they go in the background); with it, only after.
   */
  detach(containerId: string, options?: { readonly wait?: boolean }): Promise<void>;
}

/** Adapts the network slice's manager: it owns namespaces (also for none) and the files. */
export function managedNetworking(manager: Pick<NetworkManager, 'attach' | 'detach'>): ContainerNetworking {
  return {
    async attach(record, signal, onSetup) {
      const net = record.hostConfig.network;
      const setup = (a: AttachmentLayout): NetworkSetup => ({
        namespace: a.netnsPath === undefined ? { kind: 'host' } : { kind: 'join', path: a.netnsPath },
        hostname: a.hostname,
        files: a.files,
      });
      const a = await manager.attach(record.id, {
        name: record.name,
        mode: net.mode,
        hostname: record.config.hostname,
        ...(record.config.domainname ? { domainname: record.config.domainname } : {}),
        ...(net.ports ? { ports: net.ports } : {}),
        ...(net.dns ? { dns: net.dns } : {}),
        ...(net.extraHosts ? { extraHosts: net.extraHosts } : {}),
      }, signal, onSetup && ((layout) => onSetup(setup(layout))));
      return setup(a);
    },
    detach: (containerId, options) => manager.detach(containerId, options?.wait ? { wait: true } : {}),
  };
}

const localhostLines = '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n';

async function readHostFile(path: string): Promise<string> {
  try {
    return await fsp.readFile(path, 'utf8');
  } catch {
    return '';
  }
}

/**
 * --network none (a new namespace with only lo, which the OCI runtime brings up) and --network host
 * (no namespace), with the files in the container's directory. Other modes need the network manager.
 */
export function localNetworking(containerDir: (id: string) => string, hostFiles = { hosts: '/etc/hosts', resolvConf: '/etc/resolv.conf' }): ContainerNetworking {
  return {
    async attach(record) {
      const mode = record.hostConfig.network.mode;
      if (mode.kind === 'bridge') {
        throw berthError('unavailable', `container ${record.name}: network mode bridge needs berthd's network manager (CNI plugins); without it use --network none or --network host`);
      }
      const dir = containerDir(record.id);
      const files: NetworkFiles = { hosts: join(dir, 'hosts'), resolvConf: join(dir, 'resolv.conf'), hostname: join(dir, 'hostname') };
      const hosts = mode.kind === 'host' ? await readHostFile(hostFiles.hosts) : `${localhostLines}`;
      await Promise.all([
        fsp.writeFile(files.hosts, hosts, { mode: 0o644 }),
        fsp.writeFile(files.resolvConf, await readHostFile(hostFiles.resolvConf), { mode: 0o644 }),
        fsp.writeFile(files.hostname, `${record.config.hostname}\n`, { mode: 0o644 }),
      ]);
      return { namespace: mode.kind === 'host' ? { kind: 'host' } : { kind: 'new' }, hostname: record.config.hostname, files };
    },
    async detach() {},
  };
}
