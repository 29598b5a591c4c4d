// Docker's "Are you sure you want to continue? [y/N]" before destructive verbs without --force:
// one line from stdin; anything but y/yes (end of input included) declines.
import { createInterface } from 'node:readline';
import type { CliIo } from './commandContext';

export async function confirm(io: CliIo, warning: string): Promise<boolean> {
  io.stdout.write(`${warning}\nAre you sure you want to continue? [y/N] `);
  const lines = createInterface({ input: io.stdin, terminal: false });
  try {
    for await (const line of lines) return /^(y|yes)$/i.test(line.trim());
    return false;
  } finally {
    lines.close();
  }
}
