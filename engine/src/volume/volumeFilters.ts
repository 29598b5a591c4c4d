// Docker's filters for GET /volumes (dangling, driver, label, name) and POST /volumes/prune
// (label, label!, all), as predicates over records. Pure: in-use comes in as a function.
import { berthError } from '../image/berthError';
import { anonymousLabel } from './volumeName';
import type { VolumeRecord } from './volumeStore';

export const listFilterNames = ['dangling', 'driver', 'label', 'name'] as const;
export const pruneFilterNames = ['label', 'label!', 'all'] as const;

function booleanFilter(name: string, values: readonly string[]): boolean | undefined {
  if (values.length === 0) return undefined;
  const parsed = values.map((v) => {
    const lower = v.toLowerCase();
    if (lower === 'true' || lower === '1') return true;
    if (lower === 'false' || lower === '0') return false;
    throw berthError('invalid-argument', `invalid filter '${name}=${v}': expected true or false`);
  });
  if (parsed.some((p) => p !== parsed[0])) throw berthError('invalid-argument', `invalid filter '${name}': conflicting values ${values.join(', ')}`);
  return parsed[0];
}

/** `key` or `key=value` against a volume's labels. */
export function labelMatches(labels: Readonly<Record<string, string>> | null, spec: string): boolean {
  const eq = spec.indexOf('=');
  const key = eq < 0 ? spec : spec.slice(0, eq);
  if (labels === null || !(key in labels)) return false;
  return eq < 0 || labels[key] === spec.slice(eq + 1);
}

/** The `GET /volumes` predicate. */
export function listFilter(filters: ReadonlyMap<string, readonly string[]>, inUse: (name: string) => boolean): (v: VolumeRecord) => boolean {
  const dangling = booleanFilter('dangling', filters.get('dangling') ?? []);
  const drivers = filters.get('driver') ?? [];
  const labels = filters.get('label') ?? [];
  const names = filters.get('name') ?? [];
  return (v) => {
    if (dangling !== undefined && inUse(v.name) === dangling) return false;
    if (drivers.length > 0 && !drivers.includes(v.driver)) return false;
    if (!labels.every((l) => labelMatches(v.labels, l))) return false;
    if (names.length > 0 && !names.some((n) => v.name.includes(n))) return false;
    return true;
  };
}

/**
 * The `POST /volumes/prune` predicate (in-use volumes are skipped by the store). API 1.42 and later
 * prune only anonymous volumes unless `all=true`; older clients meant every unused volume.
 */
export function pruneFilter(filters: ReadonlyMap<string, readonly string[]>, apiVersion: string): (v: VolumeRecord) => boolean {
  const [major, minor] = apiVersion.split('.').map(Number) as [number, number];
  const modern = major > 1 || (major === 1 && minor >= 42);
  const all = booleanFilter('all', filters.get('all') ?? []) ?? !modern;
  const labels = filters.get('label') ?? [];
  const notLabels = filters.get('label!') ?? [];
  return (v) => {
    if (!all && !(v.labels !== null && anonymousLabel in v.labels)) return false;
    if (!labels.every((l) => labelMatches(v.labels, l))) return false;
    if (notLabels.some((l) => labelMatches(v.labels, l))) return false;
    return true;
  };
}
