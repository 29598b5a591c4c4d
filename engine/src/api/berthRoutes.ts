// Berth-only endpoints under /berth/v1 (ARCHITECTURE rule 2): store verification and repair for
// `berth system check [--repair]`. They run in the daemon because only it knows which writes
// and snapshots are in progress.
import { repairStore, verifyStore, type Problem } from '../store/verify';
import type { StoreParts } from '../store/storeParts';
import { sendJson, type Route } from './apiContext';

function problemJson(p: Problem): Record<string, string> {
  return { Object: p.object, Message: p.message, Repair: p.repair };
}

export function berthRoutes(deps: { readonly parts: StoreParts; readonly exclusive: <T>(work: () => Promise<T>) => Promise<T> }): Route[] {
  return [
    {
      method: 'GET', path: '/berth/v1/system/check',
      handler: async ({ res }) => sendJson(res, 200, { Problems: (await deps.exclusive(() => verifyStore(deps.parts))).map(problemJson) }),
    },
    {
      method: 'POST', path: '/berth/v1/system/repair',
      handler: async ({ res }) => {
        const { fixed, remaining } = await deps.exclusive(() => repairStore(deps.parts));
        sendJson(res, 200, { Fixed: fixed.map(problemJson), Remaining: remaining.map(problemJson) });
      },
    },
  ];
}
