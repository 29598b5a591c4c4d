// Container networking: network namespaces, the CNI plugins, published ports and the per-container
// /etc/hosts and /etc/resolv.conf (ARCHITECTURE rule 4: bridge, host-local and portmap; forwarding
// and NAT are berth's own per-network rules, firewallRules.ts, in place of the firewall plugin).
//
// ## How the runtime uses it (the whole contract)
//
//   const a = await network.attach(containerId, {
//     name: 'web',                                    // container name, no leading '/'
//     mode: { kind: 'bridge', networks: [{ network: 'bridge' }] },   // or { kind: 'none' } / { kind: 'host' }
//     ports: [{ containerPort: 80, protocol: 'tcp', hostPort: 8080 }],
//   });
//   // OCI spec: linux.namespaces += { type: 'network', path: a.netnsPath } (no network namespace
//   //           at all when a.netnsPath is undefined: --network host shares the host's)
//   //           hostname = a.hostname
//   //           mounts  += bind a.files.hosts -> /etc/hosts, a.files.resolvConf -> /etc/resolv.conf,
//   //                      a.files.hostname -> /etc/hostname (options rbind, rprivate; ro when --read-only
//   //                      should not cover them: Docker keeps them writable)
//   // ... the container's process has exited (or start failed):
//   await network.detach(containerId);                // idempotent; frees netns, veth, IP, ports, rules
//
// detach resolves as soon as the container is out of its peers' hosts files and the teardown is
// recorded (a few ms); the CNI DELs (50-100 ms of iptables work) finish in the background. Until
// they have, the container's host ports and addresses stay allocated: an attach that asks for one
// of those ports waits for them rather than failing, removing the network waits too, and close()
// waits for all. `detach(id, { wait: true })` resolves only when everything is gone; settle() waits
// for every teardown in flight (cleanliness checks).
//
// attach runs before `crun create` so a port conflict fails the start before anything runs
// ("Bind for 0.0.0.0:8080 failed: port is already allocated"); its CNI ADDs may overlap `crun
// create` (see AttachmentLayout), not `crun start`. Attachments are per *running*
// container: Docker's "connected to network X" for a stopped container is the API slice's record;
// it passes those networks to attach at each start. Everything an attachment holds is recorded
// under the run directory, so a restarted berthd finds running containers' attachments again
// (listAttachments) and detach works from the cached CNI results.
//
// ## Files
// berth owns the three files and rewrites the hosts file *in place* (same inode) whenever a container
// joins or leaves a user-defined network it shares: that is how containers reach each other by name
// (see hostsFile.ts for why hosts files and not a DNS responder). Bind-mount the files themselves;
// never copy them into the rootfs.
//
// ## Networks (the API slice's `/networks` routes and `berth network ...`)
// createNetwork/listNetworks/inspectNetwork/removeNetwork/connect/disconnect/pruneNetworks, with
// records shaped so networkResource.ts can produce Docker's NetworkResource, EndpointSettings and
// NetworkSettings.Ports. Predefined networks, as in Docker: `bridge` (the default, NAT to the
// outside), `host` and `none`; they cannot be removed.
//
// Errors are BerthErrors: not-found (network, container attachment), already-exists (network name),
// invalid-argument (bad subnet, port, alias, mode combination), failed-precondition (port already
// allocated, network has active endpoints, requested IP taken), unavailable (a CNI plugin or
// iptables is missing).

export type Protocol = 'tcp' | 'udp' | 'sctp';

/** One `-p`: hostPort 0 (or absent) = any free port (`-P`, `-p 80`); hostPortEnd: `-p 8000-8010:80`. */
export interface PortRequest {
  readonly containerPort: number;
  readonly protocol: Protocol;
  /** '' or absent: every address of the host (Docker's 0.0.0.0). */
  readonly hostIp?: string;
  readonly hostPort?: number;
  readonly hostPortEnd?: number;
}

/** A port as actually published: always a concrete host port. hostIp is '0.0.0.0' for "all". */
export interface PublishedPort {
  readonly containerPort: number;
  readonly protocol: Protocol;
  readonly hostIp: string;
  readonly hostPort: number;
}

export interface NetworkRequest {
  /** Network name, id or unambiguous id prefix; 'bridge' is the default network. */
  readonly network: string;
  /** Extra names peers on a user-defined network resolve to this container (`--network-alias`). */
  readonly aliases?: readonly string[];
  /** `--ip`: a fixed address, only on user-defined networks (as in Docker). */
  readonly ipv4Address?: string;
}

export type NetworkMode =
  /** networks[0] is the primary network: it holds the default route and the published ports. */
  | { readonly kind: 'bridge'; readonly networks: readonly NetworkRequest[] }
  /** A network namespace with only `lo`, up. */
  | { readonly kind: 'none' }
  /** The host's network namespace; published ports are dropped with a warning, as Docker does. */
  | { readonly kind: 'host' };

export interface DnsOptions {
  /** `--dns`: replaces the host's nameservers. */
  readonly servers?: readonly string[];
  /** `--dns-search` */
  readonly search?: readonly string[];
  /** `--dns-option` */
  readonly options?: readonly string[];
}

/** `--add-host name:ip` */
export interface ExtraHost {
  readonly name: string;
  readonly address: string;
}

export interface AttachRequest {
  /** The container's name (without Docker's leading '/'): peers resolve it on user-defined networks. */
  readonly name: string;
  readonly mode: NetworkMode;
  /** Default: the first 12 characters of the container id; with --network host the host's name. */
  readonly hostname?: string;
  readonly domainname?: string;
  readonly ports?: readonly PortRequest[];
  readonly dns?: DnsOptions;
  readonly extraHosts?: readonly ExtraHost[];
}

export interface Ipv4Address {
  /** Dotted quad, e.g. 172.17.0.2 */
  readonly address: string;
  readonly prefixLength: number;
}

/** A container's interface on one network (Docker's EndpointSettings). */
export interface Endpoint {
  readonly networkId: string;
  readonly networkName: string;
  /** 64 hex characters, Docker's EndpointID. */
  readonly endpointId: string;
  /** Interface name inside the container: eth0, eth1, ... */
  readonly ifname: string;
  readonly macAddress: string;
  readonly ipv4: Ipv4Address;
  /** Empty on internal networks (no default route) and on secondary networks' endpoints' routes. */
  readonly gateway: string;
  readonly aliases: readonly string[];
  /** What peers resolve to this endpoint: name, aliases, short id, hostname (user-defined networks only). */
  readonly dnsNames: readonly string[];
}

export interface ContainerFiles {
  readonly hosts: string;
  readonly resolvConf: string;
  readonly hostname: string;
}

export interface Attachment {
  readonly containerId: string;
  readonly name: string;
  readonly mode: NetworkMode['kind'];
  /** The bind-mounted network namespace; undefined for --network host. */
  readonly netnsPath: string | undefined;
  readonly hostname: string;
  readonly files: ContainerFiles;
  readonly endpoints: readonly Endpoint[];
  readonly ports: readonly PublishedPort[];
  /** Things Docker warns about but does (e.g. ports dropped with --network host). */
  readonly warnings: readonly string[];
}

export type NetworkDriver = 'bridge' | 'host' | 'null';

export interface NetworkIpam {
  /** CIDR, e.g. 172.18.0.0/16 */
  readonly subnet: string;
  readonly gateway: string;
  /** CIDR inside subnet that addresses are allocated from (Docker's IPRange). */
  readonly ipRange?: string;
}

export interface NetworkInfo {
  /** 64 hex characters. */
  readonly id: string;
  readonly name: string;
  readonly driver: NetworkDriver;
  /** RFC 3339 */
  readonly created: string;
  readonly internal: boolean;
  readonly attachable: boolean;
  /** The default `bridge`, `host` and `none`: cannot be removed; no name resolution on them. */
  readonly predefined: boolean;
  /** bridge driver only */
  readonly ipam?: NetworkIpam;
  /** bridge driver only: the Linux bridge device */
  readonly bridge?: string;
  readonly masquerade: boolean;
  readonly mtu?: number;
  readonly options: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
}

export interface NetworkMember {
  readonly containerId: string;
  readonly name: string;
  readonly endpoint: Endpoint;
}

export interface NetworkInspection {
  readonly network: NetworkInfo;
  readonly members: readonly NetworkMember[];
}

/** POST /networks/create, in our words. */
export interface CreateNetworkOptions {
  readonly name: string;
  /** Only 'bridge' (the default). */
  readonly driver?: string;
  readonly subnet?: string;
  readonly gateway?: string;
  readonly ipRange?: string;
  readonly internal?: boolean;
  readonly attachable?: boolean;
  readonly enableIpv6?: boolean;
  /** Docker's driver options: com.docker.network.bridge.name, ...enable_ip_masquerade, ...driver.mtu */
  readonly options?: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface ConnectOptions {
  readonly aliases?: readonly string[];
  readonly ipv4Address?: string;
}

export interface DetachOptions {
  /** Resolve only when the CNI DELs are done and everything is released. */
  readonly wait?: boolean;
  readonly signal?: AbortSignal;
}

/**
 * What an attach has settled before its CNI ADDs: the namespace, the hostname and the three files
 * (the hosts file without the container's own addresses yet; it is rewritten in place). That is all
 * an OCI spec needs, so the runtime can create the container while the plugins run, and start it
 * once attach resolved.
 */
export interface AttachmentLayout {
  readonly netnsPath: string | undefined;
  readonly hostname: string;
  readonly files: ContainerFiles;
}

export interface NetworkManager {
  /**
   * Creates the container's networking (see the header). Fails, leaving nothing behind, on any error.
   * `onLayout`, when given, is called once the layout exists, before the CNI ADDs; attach may still
   * fail after it.
   */
  attach(containerId: string, request: AttachRequest, signal?: AbortSignal, onLayout?: (layout: AttachmentLayout) => void): Promise<Attachment>;
  /** Tears everything down (see the header for what "resolves" means); a no-op without an attachment. */
  detach(containerId: string, options?: DetachOptions): Promise<void>;
  /** Resolves when no teardown is in flight; rejects with the first that failed (it is retried by the next detach). */
  settle(): Promise<void>;
  /** Throws not-found when the container has no attachment. */
  getAttachment(containerId: string): Attachment;
  listAttachments(): Attachment[];
  /** Runs CNI CHECK on every endpoint; throws what is wrong (veth gone, rule missing, ...). */
  check(containerId: string, signal?: AbortSignal): Promise<void>;
  /** `docker network connect` of a running (attached) container: a new interface, hot-plugged. */
  connect(network: string, containerId: string, options?: ConnectOptions, signal?: AbortSignal): Promise<Endpoint>;
  disconnect(network: string, containerId: string, signal?: AbortSignal): Promise<void>;

  createNetwork(options: CreateNetworkOptions): Promise<NetworkInfo>;
  listNetworks(): NetworkInfo[];
  /** By name, id or unambiguous id prefix (Docker's lookup order). */
  getNetwork(nameOrId: string): NetworkInfo;
  inspectNetwork(nameOrId: string): NetworkInspection;
  removeNetwork(nameOrId: string): Promise<void>;
  /** Removes unused user-defined networks the filter accepts; returns their names. */
  pruneNetworks(accept?: (network: NetworkInfo) => boolean): Promise<string[]>;
  /** Waits for in-flight operations; keeps everything in place (containers outlive berthd). */
  close(): Promise<void>;
}
