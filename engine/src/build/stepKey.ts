// Cache keys of build steps (ARCHITECTURE rule 5): a step's key is the hash of its inputs, each
// named, so that when a key is missing from the cache the previous build's inputs of the same
// step can be compared with these and the miss explained ("src/app.js changed", "build arg
// VERSION changed"). Inputs: the key of the filesystem below (the base image or the last step
// that wrote a layer), the instruction as it will run after expansion, the build args it uses,
// what a RUN runs with (environment, user, directory, mounts, network), the content hashes of
// COPY/ADD sources, and the keys of the stages or images it reads. Never mtimes.
import { createHash } from 'node:crypto';

export type Values = Readonly<Record<string, string>>;

export interface StepInputs {
  /** Key of the filesystem the step starts from; '' when it does not depend on it (COPY --link). */
  readonly parent: string;
  /** The instruction as it runs (for most steps, its history line). */
  readonly instruction: string;
  /** FROM: the base image's manifest digest and platform (or `scratch`). */
  readonly base?: string;
  /** Build args the step uses, with their values. */
  readonly args?: Values;
  /** RUN: environment variables. */
  readonly env?: Values;
  /** Other settings that change the result: user, workdir, shell, network, mounts, chown ids. */
  readonly settings?: Values;
  /** COPY/ADD: the digest over every source entry (sourceDigest.ts). */
  readonly sources?: string;
  /** Keys of stages and images read (`--from`, `--mount from=`), by name. */
  readonly from?: Values;
  /** Per-file content hashes, kept to explain misses; not part of the key (`sources` covers them). */
  readonly files?: Values;
}

const keyVersion = 'berth-build-v1';

function sorted(values: Values | undefined): [string, string][] | undefined {
  return values === undefined ? undefined : Object.entries(values).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** sha256:<hex> of the inputs that define the step. */
export function stepKey(inputs: StepInputs): string {
  const canonical = JSON.stringify([
    keyVersion, inputs.parent, inputs.instruction, inputs.base ?? null, sorted(inputs.args) ?? null, sorted(inputs.env) ?? null,
    sorted(inputs.settings) ?? null, inputs.sources ?? null, sorted(inputs.from) ?? null,
  ]);
  return `sha256:${createHash('sha256').update(canonical).digest('hex')}`;
}

function listed(names: readonly string[], max = 3): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

function valuesChanged(what: string, before: Values | undefined, after: Values | undefined): string | undefined {
  const a = before ?? {};
  const b = after ?? {};
  const changed = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]).sort();
  if (changed.length === 0) return undefined;
  if (changed.length === 1) {
    const k = changed[0]!;
    const show = (v: string | undefined) => (v === undefined ? 'unset' : JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v));
    return `${what} ${k} changed (${show(a[k])} → ${show(b[k])})`;
  }
  return `${what}s changed: ${listed(changed)}`;
}

function filesChanged(before: Values | undefined, after: Values | undefined): string | undefined {
  if (before === undefined || after === undefined) return undefined;
  const changed: string[] = [];
  const added: string[] = [];
  const removed: string[] = [];
  for (const [path, hash] of Object.entries(after)) {
    if (!(path in before)) added.push(path);
    else if (before[path] !== hash) changed.push(path);
  }
  for (const path of Object.keys(before)) if (!(path in after)) removed.push(path);
  const parts = [
    changed.length ? `${listed(changed.sort())} changed` : '',
    added.length ? `${listed(added.sort())} added` : '',
    removed.length ? `${listed(removed.sort())} removed` : '',
  ].filter((p) => p !== '');
  return parts.length ? parts.join('; ') : undefined;
}

/** `stage build changed (line 4: app.js changed)`: a stage or image read with --from is not what it was. */
function fromChanged(before: Values | undefined, after: Values | undefined, why: string | undefined): string | undefined {
  const a = before ?? {};
  const b = after ?? {};
  const changed = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]).sort();
  if (changed.length === 0) return undefined;
  return `${listed(changed)} changed${why ? ` (${why})` : ''}`;
}

/**
 * Why a step with `current` inputs missed the cache, compared with the same step's inputs in the
 * previous build of the Dockerfile. `parentReason` says why the step below changed, when it did.
 */
export function explainMiss(previous: StepInputs | undefined, current: StepInputs, parentReason?: string, sourceReason?: string): string {
  if (!previous) return 'not built before';
  if (previous.base !== current.base) return `base image changed (${previous.base ?? 'none'} → ${current.base ?? 'none'})`;
  if (previous.instruction !== current.instruction) return `instruction changed (was: ${previous.instruction})`;
  const reason =
    valuesChanged('build arg', previous.args, current.args) ??
    fromChanged(previous.from, current.from, sourceReason) ??
    (previous.sources !== current.sources ? filesChanged(previous.files, current.files) ?? 'source files changed' : undefined) ??
    valuesChanged('environment variable', previous.env, current.env) ??
    valuesChanged('setting', previous.settings, current.settings);
  if (reason) return reason;
  if (previous.parent !== current.parent) return parentReason ? `an earlier step changed (${parentReason})` : 'the layers below changed';
  return stepKey(previous) === stepKey(current) ? 'its cached result is gone (pruned or garbage-collected)' : 'inputs changed';
}
