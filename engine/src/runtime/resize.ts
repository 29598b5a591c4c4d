// Terminal resizes go to conmon through the `ctl` fifo in the container's (or exec session's)
// directory: a line "1 <rows> <columns>", which conmon applies to the PTY with TIOCSWINSZ.
import { promises as fsp, constants } from 'node:fs';
import { join } from 'node:path';
import { berthError, errnoCode } from '../image/berthError';

const resizeEvent = 1;

export async function writeResize(dir: string, height: number, width: number): Promise<void> {
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 0 || width < 0 || height > 0xffff || width > 0xffff) {
    throw berthError('invalid-argument', `resize: height and width must be integers from 0 to 65535 (got ${height}x${width})`);
  }
  let handle;
  try {
    // non-blocking: conmon holds the read side open; without a reader this fails instead of hanging
    handle = await fsp.open(join(dir, 'ctl'), constants.O_WRONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ENOENT' || code === 'ENXIO') throw berthError('failed-precondition', `resize: no process holds the terminal in ${dir} (not running)`, err);
    throw err;
  }
  try {
    await handle.write(`${resizeEvent} ${height} ${width}\n`);
  } finally {
    await handle.close();
  }
}
