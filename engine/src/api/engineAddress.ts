// Where an engine listens, as Docker writes it (DOCKER_HOST, BERTH_HOST, --host):
// `unix:///run/berth/berth.sock`, `tcp://127.0.0.1:2375`, or a bare socket path.
import { berthError } from '../image/berthError';

export type EngineAddress =
  | { readonly kind: 'unix'; readonly path: string }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number };

export function parseEngineAddress(text: string): EngineAddress {
  if (text.startsWith('/')) return { kind: 'unix', path: text };
  if (text.startsWith('unix://')) {
    const path = text.slice('unix://'.length);
    if (!path.startsWith('/')) throw berthError('invalid-argument', `engine address ${JSON.stringify(text)}: a unix socket path must be absolute (unix:///path/to/socket)`);
    return { kind: 'unix', path };
  }
  if (text.startsWith('tcp://') || text.startsWith('http://')) {
    const url = new URL(text.replace(/^tcp:/, 'http:'));
    return { kind: 'tcp', host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 2375) };
  }
  throw berthError('invalid-argument', `engine address ${JSON.stringify(text)}: expected unix:///path/to/socket or tcp://host:port`);
}

export function formatEngineAddress(address: EngineAddress): string {
  return address.kind === 'unix' ? `unix://${address.path}` : `tcp://${address.host}:${address.port}`;
}
