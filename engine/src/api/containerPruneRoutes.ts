// POST /containers/prune (`docker container prune`): removes every container that is not running
// (created, exited, dead), narrowed by Docker's `until`, `label` and `label!` filters; answers what
// went and the bytes their writable layers held.
import { labelMatches } from '../volume/volumeFilters';
import type { Runtime } from '../runtime/runtime';
import type { Snapshotter } from '../snapshot/snapshotter';
import { filtersParam, sendJson, type Route } from './apiContext';
import type { EventLog } from './eventLog';
import { parseTimestamp } from './imageRoutes';

export interface ContainerPruneDeps {
  readonly runtime: Pick<Runtime, 'list' | 'remove'>;
  readonly snapshotter: Pick<Snapshotter, 'usage'>;
  readonly events: EventLog;
}

const prunable = new Set(['created', 'exited', 'dead']);

export function containerPruneRoutes(deps: ContainerPruneDeps): Route[] {
  return [{
    method: 'POST', path: '/containers/prune',
    handler: async ({ res, query }) => {
      const filters = filtersParam(query, ['until', 'label', 'label!']);
      const until = filters.get('until')?.[0];
      const untilTime = until === undefined ? undefined : parseTimestamp(until, 'until');
      const labels = filters.get('label') ?? [];
      const notLabels = filters.get('label!') ?? [];
      const deleted: string[] = [];
      let reclaimed = 0;
      for (const c of deps.runtime.list({ all: true })) {
        if (!prunable.has(c.state.status)) continue;
        if (untilTime !== undefined && Date.parse(c.created) / 1000 >= untilTime) continue;
        if (!labels.every((l) => labelMatches(c.config.labels, l)) || notLabels.some((l) => labelMatches(c.config.labels, l))) continue;
        const size = await deps.snapshotter.usage(c.snapshotKey).then((u) => u.size, () => 0);
        try {
          await deps.runtime.remove(c.id);
        } catch {
          continue; // started or removed meanwhile: not this prune's to take
        }
        deleted.push(c.id);
        reclaimed += size;
      }
      deps.events.emit('container', 'prune', '', { reclaimed: String(reclaimed) });
      sendJson(res, 200, { ContainersDeleted: deleted, SpaceReclaimed: reclaimed });
    },
  }];
}
