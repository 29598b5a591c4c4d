// `docker ps`: which containers a listing shows (running ones unless `all` or a status filter) and
// Docker's filters: id prefix, name (a regular expression), status, label (key or key=value),
// exited code, ancestor image. Newest first.
import { berthError } from '../image/berthError';
import { type ContainerRecord, isActive } from './containerRecord';

export interface ListOptions {
  readonly all?: boolean;
  readonly filters?: {
    readonly id?: readonly string[];
    readonly name?: readonly string[];
    readonly status?: readonly string[];
    /** `key` or `key=value` */
    readonly label?: readonly string[];
    readonly exited?: readonly number[];
    readonly ancestor?: readonly string[];
  };
}

function labelMatches(r: ContainerRecord, spec: string): boolean {
  const eq = spec.indexOf('=');
  return eq < 0 ? spec in r.config.labels : r.config.labels[spec.slice(0, eq)] === spec.slice(eq + 1);
}

export function filterContainers(records: readonly ContainerRecord[], options: ListOptions = {}): ContainerRecord[] {
  const f = options.filters ?? {};
  const names = f.name?.map((n) => {
    try {
      return new RegExp(n.replace(/^\//, ''));
    } catch (err) {
      throw berthError('invalid-argument', `invalid name filter ${JSON.stringify(n)}: ${(err as Error).message}`, err);
    }
  });
  return records
    .filter((r) => options.all || (f.status?.length ?? 0) > 0 || isActive(r.state))
    .filter((r) => !f.id?.length || f.id.some((p) => r.id.startsWith(p)))
    .filter((r) => !names?.length || names.some((n) => n.test(r.name)))
    .filter((r) => !f.status?.length || f.status.includes(r.state.status))
    .filter((r) => !f.label?.length || f.label.every((l) => labelMatches(r, l)))
    .filter((r) => !f.exited?.length || (r.state.status === 'exited' && f.exited.includes(r.state.exitCode)))
    .filter((r) => !f.ancestor?.length || f.ancestor.some((a) => a === r.config.image || a === r.image.configDigest || a === r.image.manifestDigest))
    .sort((a, b) => b.created.localeCompare(a.created));
}
