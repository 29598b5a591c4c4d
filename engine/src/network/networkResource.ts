// Docker Engine API shapes of networking (API 1.44): NetworkResource (GET /networks, /networks/{id}),
// EndpointSettings and the container's NetworkSettings (GET /containers/{id}/json). Pure data out of
// the manager's records; the API slice only serializes them.
import type { Attachment, Endpoint, NetworkInspection, PublishedPort } from './network';
import { toDockerPortMap, type DockerPortMap } from './portBindings';

export interface DockerEndpointResource {
  Name: string;
  EndpointID: string;
  MacAddress: string;
  IPv4Address: string;
  IPv6Address: string;
}

export interface DockerNetworkResource {
  Name: string;
  Id: string;
  Created: string;
  Scope: 'local';
  Driver: string;
  EnableIPv6: boolean;
  IPAM: { Driver: 'default'; Options: Record<string, string> | null; Config: { Subnet: string; Gateway: string; IPRange?: string }[] };
  Internal: boolean;
  Attachable: boolean;
  Ingress: boolean;
  ConfigFrom: { Network: string };
  ConfigOnly: boolean;
  Containers: Record<string, DockerEndpointResource>;
  Options: Record<string, string>;
  Labels: Record<string, string>;
}

export function toNetworkResource(inspection: NetworkInspection): DockerNetworkResource {
  const n = inspection.network;
  return {
    Name: n.name,
    Id: n.id,
    Created: n.created,
    Scope: 'local',
    Driver: n.driver,
    EnableIPv6: false,
    IPAM: {
      Driver: 'default',
      Options: null,
      Config: n.ipam ? [{ Subnet: n.ipam.subnet, Gateway: n.ipam.gateway, ...(n.ipam.ipRange ? { IPRange: n.ipam.ipRange } : {}) }] : [],
    },
    Internal: n.internal,
    Attachable: n.attachable,
    Ingress: false,
    ConfigFrom: { Network: '' },
    ConfigOnly: false,
    Containers: Object.fromEntries(inspection.members.map((m) => [m.containerId, {
      Name: m.name,
      EndpointID: m.endpoint.endpointId,
      MacAddress: m.endpoint.macAddress,
      IPv4Address: `${m.endpoint.ipv4.address}/${m.endpoint.ipv4.prefixLength}`,
      IPv6Address: '',
    }])),
    Options: { ...n.options },
    Labels: { ...n.labels },
  };
}

export interface DockerEndpointSettings {
  IPAMConfig: { IPv4Address: string } | null;
  Links: string[] | null;
  Aliases: string[] | null;
  MacAddress: string;
  DriverOpts: Record<string, string> | null;
  NetworkID: string;
  EndpointID: string;
  Gateway: string;
  IPAddress: string;
  IPPrefixLen: number;
  IPv6Gateway: string;
  GlobalIPv6Address: string;
  GlobalIPv6PrefixLen: number;
  DNSNames: string[] | null;
}

/** A live endpoint; for a stopped container pass only the configuration (everything else is empty, as in Docker). */
export function toEndpointSettings(endpoint: Endpoint | undefined, config: { networkId: string; aliases?: readonly string[]; ipv4Address?: string }): DockerEndpointSettings {
  const aliases = endpoint?.aliases ?? config.aliases ?? [];
  return {
    IPAMConfig: config.ipv4Address ? { IPv4Address: config.ipv4Address } : null,
    Links: null,
    Aliases: aliases.length ? [...aliases] : null,
    MacAddress: endpoint?.macAddress ?? '',
    DriverOpts: null,
    NetworkID: endpoint?.networkId ?? config.networkId,
    EndpointID: endpoint?.endpointId ?? '',
    Gateway: endpoint?.gateway ?? '',
    IPAddress: endpoint?.ipv4.address ?? '',
    IPPrefixLen: endpoint?.ipv4.prefixLength ?? 0,
    IPv6Gateway: '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    DNSNames: endpoint?.dnsNames.length ? [...endpoint.dnsNames] : null,
  };
}

export interface DockerNetworkSettings {
  Bridge: string;
  SandboxID: string;
  SandboxKey: string;
  HairpinMode: boolean;
  LinkLocalIPv6Address: string;
  LinkLocalIPv6PrefixLen: number;
  Ports: DockerPortMap;
  Gateway: string;
  IPAddress: string;
  IPPrefixLen: number;
  MacAddress: string;
  GlobalIPv6Address: string;
  GlobalIPv6PrefixLen: number;
  IPv6Gateway: string;
  Networks: Record<string, DockerEndpointSettings>;
}

/**
 * Container inspect's NetworkSettings. `networks` are the container's configured networks (name →
 * config) so a stopped container still lists them; the deprecated top-level address fields come
 * from the default `bridge` network, as in Docker.
 */
export function toNetworkSettings(
  attachment: Attachment | undefined,
  networks: Readonly<Record<string, { networkId: string; aliases?: readonly string[]; ipv4Address?: string }>>,
  exposedPorts: readonly string[] = [],
): DockerNetworkSettings {
  const byName = new Map((attachment?.endpoints ?? []).map((e) => [e.networkName, e]));
  const published: readonly PublishedPort[] = attachment?.ports ?? [];
  const bridge = byName.get('bridge');
  const names = new Set([...Object.keys(networks), ...byName.keys()]);
  return {
    Bridge: '',
    SandboxID: attachment?.netnsPath ? attachment.containerId : '',
    SandboxKey: attachment?.netnsPath ?? '',
    HairpinMode: false,
    LinkLocalIPv6Address: '',
    LinkLocalIPv6PrefixLen: 0,
    Ports: attachment ? toDockerPortMap(published, exposedPorts) : {},
    Gateway: bridge?.gateway ?? '',
    IPAddress: bridge?.ipv4.address ?? '',
    IPPrefixLen: bridge?.ipv4.prefixLength ?? 0,
    MacAddress: bridge?.macAddress ?? '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    IPv6Gateway: '',
    Networks: Object.fromEntries([...names].map((name) => {
      const live = byName.get(name);
      const config = networks[name] ?? { networkId: live!.networkId };
      return [name, toEndpointSettings(live, config)];
    })),
  };
}
