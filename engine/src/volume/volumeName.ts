// Volume names, as Docker's local driver accepts them: a letter or digit, then letters, digits,
// `_`, `.` or `-` (at least two characters). Anonymous volumes get 64 random hex digits and the
// label Docker (23+) marks them with, which is what `volume prune` without `--all` goes by.
import { randomBytes } from 'node:crypto';
import { berthError } from '../image/berthError';

const validName = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** The label on volumes created for a container without a name (Docker's own key). */
export const anonymousLabel = 'com.docker.volume.anonymous';

export function volumeNameError(name: string): string | undefined {
  if (validName.test(name)) return undefined;
  return `"${name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`;
}

export function checkVolumeName(name: string): void {
  const problem = volumeNameError(name);
  if (problem !== undefined) throw berthError('invalid-argument', `create ${name}: ${problem}`);
}

export function anonymousVolumeName(): string {
  return randomBytes(32).toString('hex');
}
