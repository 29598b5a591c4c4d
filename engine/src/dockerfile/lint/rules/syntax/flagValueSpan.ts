/**
 * Source offsets inside a flag's value. The model gives the value after quote and escape removal;
 * when the flag was written plainly (`--name=value`, no quotes or escapes) the value's characters
 * map one to one onto the source, and a part of it can be pointed at or replaced exactly.
 */
import { DockerfileModel, Flag } from '../../../model';
import { Range } from '../../../text';

/** The source range of flag.value[start, end), or undefined when the flag is not written plainly. */
export function flagValueSpan(model: DockerfileModel, flag: Flag, start: number, end: number): Range | undefined {
  if (flag.value === undefined) return undefined;
  const written = model.text.slice(flag.word.start, flag.word.end);
  if (written !== `--${flag.name}=${flag.value}`) return undefined;
  const valueStart = flag.word.start + flag.name.length + 3;
  return model.lines.rangeOf(valueStart + start, valueStart + end);
}
