// Whether an engine listens on a unix socket: berthd asks before it takes the path over, and the
// CLI while it waits for a daemon another command started.
import { connect } from 'node:net';

/** True when something accepts connections on the socket (a stale file does not). */
export function socketAnswers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
