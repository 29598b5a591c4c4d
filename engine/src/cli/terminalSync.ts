// What ties a container's TTY to our terminal besides the bytes: its size follows ours (now and on
// every SIGWINCH), and, without a TTY, the signals we get are passed on to the container
// (docker's --sig-proxy) instead of ending the CLI.
import type { Writable } from 'node:stream';
import type { Disposable } from '../api/disposable';
import type { EngineClient } from './engineClient';

export interface SizedOutput extends Writable {
  isTTY?: boolean;
  rows?: number;
  columns?: number;
}

/**
 * Sends our terminal's size to `resizePath` (…/resize) now and whenever it changes. One request
 * at a time, the latest size after it: two in flight at once may be applied in either order, and
 * `stty rows 45 cols 132` alone changes the size twice (the container kept 45x100).
 */
export function followTerminalSize(client: Pick<EngineClient, 'request'>, resizePath: string, stdout: SizedOutput): Disposable {
  if (!stdout.isTTY) return { dispose: () => undefined };
  let sending = false;
  let changedMeanwhile = false;
  const send = () => {
    if (!stdout.rows || !stdout.columns) return;
    if (sending) {
      changedMeanwhile = true;
      return;
    }
    sending = true;
    // a resize racing the process's exit fails harmlessly, as docker's does
    client.request('POST', resizePath, { query: { h: stdout.rows, w: stdout.columns } }).then((res) => res.resume(), () => undefined).finally(() => {
      sending = false;
      if (changedMeanwhile) {
        changedMeanwhile = false;
        send();
      }
    });
  };
  send();
  stdout.on('resize', send);
  return { dispose: () => void stdout.off('resize', send) };
}

const proxied = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'] as const;

/** Forwards the signals the CLI receives to the container (POST /containers/{id}/kill?signal=). */
export function proxySignals(client: EngineClient, containerId: string): Disposable {
  const handlers = proxied.map((signal) => {
    const handler = () => {
      client.request('POST', `/containers/${containerId}/kill`, { query: { signal } }).then((res) => res.resume(), () => undefined);
    };
    process.on(signal, handler);
    return () => process.off(signal, handler);
  });
  return { dispose: () => handlers.forEach((off) => off()) };
}
