// Network definitions for unit tests, as the catalog would make them.
import type { NetworkInfo } from '../../../engine/src/network/network';

export function bridgeNetwork(name: string, patch: Partial<NetworkInfo> = {}): NetworkInfo {
  return {
    id: `${name.padEnd(12, '0').slice(0, 12).replace(/[^0-9a-f]/g, 'a')}${'0'.repeat(52)}`,
    name, driver: 'bridge', created: '2026-11-22T00:00:00.000Z', internal: false, attachable: false, predefined: false,
    ipam: { subnet: '10.1.0.0/24', gateway: '10.1.0.1' }, bridge: `br-${name}`, masquerade: true, options: {}, labels: {},
    ...patch,
  };
}
