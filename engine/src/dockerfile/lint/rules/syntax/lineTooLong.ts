/**
 * LineTooLong: BuildKit reads the Dockerfile with a line scanner limited to 64 KiB per line
 * ("dockerfile line greater than max allowed size of 65535"), counted in UTF-8 bytes.
 */
import { RuleWithOptions } from '../../lint';

const MAX_BYTES = 65535;

export const lineTooLong: RuleWithOptions = {
  id: 'LineTooLong',
  locality: 'instruction',
  category: 'syntax',
  defaultSeverity: 'error',
  description: 'A line is longer than the 65535 bytes the builder reads.',
  fixable: false,
  check({ model }, report) {
    const { lines, text } = model;
    for (let line = 0; line < lines.lineCount; line++) {
      const start = lines.lineStart(line);
      const next = line + 1 < lines.lineCount ? lines.lineStart(line + 1) - 1 : text.length;
      // A UTF-16 code unit is at most 3 UTF-8 bytes; most lines are ruled out without counting.
      if ((next - start) * 3 <= MAX_BYTES || utf8Length(text, start, next) <= MAX_BYTES) continue;
      report({ range: lines.rangeOf(start, lines.lineEnd(line)), message: `dockerfile line greater than max allowed size of ${MAX_BYTES}` });
    }
  },
};

function utf8Length(text: string, start: number, end: number): number {
  let bytes = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
