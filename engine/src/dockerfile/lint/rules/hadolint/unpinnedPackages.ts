/**
 * One finding per install command for the version-pinning rules (DL3008, DL3013, DL3016, DL3018),
 * as hadolint reports them: underlined at the first unpinned package, naming every unpinned one.
 * A finding per package would bury a long apt-get chain under dozens of identical squiggles.
 */
import { Finding } from '../../rule';
import { Instruction } from '../../../model';
import { ShellWord } from '../../../shell/shellCommand';

export function reportUnpinned(report: (f: Finding) => void, instruction: Instruction, message: string, unpinned: readonly ShellWord[]): void {
  if (!unpinned.length) return;
  const names = unpinned.map((w) => w.value);
  const listed = names.length > 8 ? `${names.slice(0, 8).join(', ')} and ${names.length - 8} more` : names.join(', ');
  report({ range: unpinned[0].range, message: `${message} (unpinned: ${listed})`, instruction });
}
