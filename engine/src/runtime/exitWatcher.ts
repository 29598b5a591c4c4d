// Notices container exits while berthd runs: conmon writes `<exitDir>/<container id>` (via a rename,
// so the file appears complete) when the container's process has ended and its output is drained.
// One inotify watch covers every container, including those started by an earlier berthd.
import { promises as fsp, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

export class ExitWatcher {
  private watcher?: FSWatcher;

  constructor(readonly dir: string, private readonly onExit: (id: string) => void) {}

  async start(): Promise<void> {
    await fsp.mkdir(this.dir, { recursive: true, mode: 0o700 });
    this.watcher = watch(this.dir, (_event, name) => {
      if (name && /^[0-9a-f]{64}$/.test(name)) this.onExit(name);
    });
    this.watcher.on('error', () => undefined);
  }

  /** The exit code conmon recorded, or undefined when the process has not exited (or was not run by conmon). */
  async read(id: string): Promise<number | undefined> {
    try {
      const text = (await fsp.readFile(join(this.dir, id), 'utf8')).trim();
      return /^-?\d+$/.test(text) ? Number(text) : -1;
    } catch {
      return undefined;
    }
  }

  close(): void {
    this.watcher?.close();
  }
}
