// ADD, DEL and CHECK of one endpoint's plugin list, with the result cached for DEL and CHECK (what
// libcni keeps under /var/lib/cni/results; berth keeps it in the attachment record).
//
// The spec runs a list strictly in order, each plugin getting the previous result. The first plugin
// (bridge) creates the interface and the address; the ones after it (portmap; firewall in endpoints
// recorded by an older berth) only read that result and hand it on unchanged, so berth runs them side
// by side, and on DEL runs all of them side by side: they touch disjoint state (the veth and the IPAM
// lease; portmap's nat chains; firewall's filter rules) and iptables-nft retries a commit that raced
// another. A sequential runtime's bridge+portmap+firewall DEL took ~150 ms; side by side, ~100.
import { berthError } from '../image/berthError';
import type { CniInvocation, CniPlugins, PluginConfig } from './cniPlugins';
import { parseCniResult, type CniResult } from './cniResult';

export interface EndpointCache {
  /** The configurations exactly as sent on ADD (without prevResult) */
  readonly plugins: readonly PluginConfig[];
  /** Absent when berthd stopped between the first plugin's ADD and recording its result. */
  readonly result?: CniResult;
}

export interface AddOptions {
  readonly signal?: AbortSignal;
  /** Called with the first plugin's result before the others run, to record it for a DEL after a crash. */
  readonly onResult?: (result: CniResult) => Promise<void>;
}

export async function addEndpoint(cni: CniPlugins, plugins: readonly PluginConfig[], invocation: CniInvocation, options: AddOptions = {}): Promise<CniResult> {
  const { signal } = options;
  const [first, ...chained] = plugins;
  if (!first) throw berthError('internal', 'an endpoint needs at least one CNI plugin');
  const added = await cni.invoke('ADD', first, invocation, signal);
  let result: CniResult;
  try {
    result = parseCniResult(added, `CNI plugin ${first.type} ADD`);
  } catch (err) {
    await deleteEndpoint(cni, { plugins: [first] }, invocation).catch(() => undefined);
    throw err;
  }
  const cache = { plugins, result };
  try {
    await options.onResult?.(result);
    const outputs = await Promise.allSettled(chained.map((p) => cni.invoke('ADD', { ...p, prevResult: result }, invocation, signal)));
    const failed = outputs.find((o) => o.status === 'rejected');
    if (failed) throw failed.reason;
    outputs.forEach((o, i) => o.status === 'fulfilled' && parseCniResult(o.value, `CNI plugin ${chained[i]!.type} ADD`));
  } catch (err) {
    await deleteEndpoint(cni, cache, invocation).catch(() => undefined);
    throw err;
  }
  return result;
}

/** DEL of every plugin; all are tried, and the first failure is thrown after the others ran. */
export async function deleteEndpoint(cni: CniPlugins, cache: EndpointCache, invocation: CniInvocation, signal?: AbortSignal): Promise<void> {
  const prev = cache.result ? { prevResult: cache.result } : {};
  const outcomes = await Promise.allSettled(cache.plugins.map((p) => cni.invoke('DEL', { ...p, ...prev }, invocation, signal)));
  const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
  if (failures.length) throw failures[0];
}

export async function checkEndpoint(cni: CniPlugins, cache: Required<EndpointCache>, invocation: CniInvocation, signal?: AbortSignal): Promise<void> {
  for (const p of cache.plugins) await cni.invoke('CHECK', { ...p, prevResult: cache.result }, invocation, signal);
}
