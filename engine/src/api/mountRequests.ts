// The three ways a create request names mounts, parsed into the runtime's mount data: HostConfig.Binds
// (`-v src:dst[:opts]`, a source that is not an absolute path is a volume name, a lone destination an
// anonymous volume), HostConfig.Mounts (`--mount type=...`) and HostConfig.Tmpfs (`--tmpfs dst:opts`).
// Binds and tmpfs become MountRequests directly; volumes stay requests until the volume code
// resolves them to host directories. Messages follow Docker's where Docker has one.
import { isAbsolute, posix } from 'node:path';
import { berthError } from '../image/berthError';
import { asObject, type JsonObject } from '../image/jsonFields';
import type { MountRequest } from '../runtime/createOptions';
import type { VolumeRequest } from '../volume/containerMounts';
import { checkVolumeName, volumeNameError } from '../volume/volumeName';

export interface ParsedMounts {
  readonly mounts: MountRequest[];
  readonly volumes: VolumeRequest[];
  /** Bind sources given with -v: Docker creates them when missing (--mount does not). */
  readonly createSources: string[];
}

const propagations = new Set(['shared', 'slave', 'private', 'rshared', 'rslave', 'rprivate']);

function invalid(message: string): never {
  throw berthError('invalid-argument', message);
}

function checkTarget(target: string, spec: string): string {
  if (!isAbsolute(target)) invalid(`invalid mount config: mount path must be absolute: ${spec}`);
  // Go's filepath.Clean, as Docker: `/data/` is `/data`, so it replaces the image's VOLUME /data
  // instead of a second, anonymous volume mounting over it (and taking the writes)
  const clean = posix.normalize(target);
  return clean.length > 1 ? clean.replace(/\/+$/, '') : clean;
}

/** One HostConfig.Binds entry (docker's `-v`). */
export function parseBind(spec: string, out: { mounts: MountRequest[]; volumes: VolumeRequest[]; createSources: string[] }): void {
  const parts = spec.split(':');
  if (parts.length > 3 || parts.some((p) => p === '')) invalid(`invalid volume specification: '${spec}'`);
  if (parts.length === 1) {
    out.volumes.push({ target: checkTarget(parts[0]!, spec), readOnly: false, noCopy: false });
    return;
  }
  const [source, rawTarget, options = ''] = parts as [string, string, string?];
  const target = checkTarget(rawTarget, spec);
  let readOnly = false;
  let noCopy = false;
  let propagation: string | undefined;
  for (const option of options === '' ? [] : options.split(',')) {
    if (option === 'ro' || option === 'rw') readOnly = option === 'ro';
    else if (option === 'nocopy') noCopy = true;
    else if (propagations.has(option)) propagation = option;
    else if (option === 'z' || option === 'Z' || option === 'consistent' || option === 'cached' || option === 'delegated') continue; // SELinux labels and macOS hints: nothing to do here
    else invalid(`invalid mode: ${option} in volume specification '${spec}'`);
  }
  if (isAbsolute(source)) {
    if (noCopy) invalid(`invalid mode: nocopy applies to volumes, not to the bind mount '${spec}'`);
    const normalized = posix.normalize(source);
    out.mounts.push({ type: 'bind', source: normalized, target, readOnly, ...(propagation ? { propagation } : {}) });
    out.createSources.push(normalized);
    return;
  }
  checkVolumeName(source);
  if (propagation) invalid(`invalid mode: ${propagation} in volume specification '${spec}': propagation applies to bind mounts`);
  out.volumes.push({ name: source, target, readOnly, noCopy });
}

function optionalBool(obj: JsonObject, key: string, where: string): boolean {
  const v = obj[key];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') invalid(`${where}: ${key} must be a boolean`);
  return v;
}

function optionalString(obj: JsonObject, key: string, where: string): string {
  const v = obj[key];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') invalid(`${where}: ${key} must be a string`);
  return v;
}

function optionalObject(obj: JsonObject, key: string, where: string): JsonObject {
  const v = obj[key];
  return v === undefined || v === null ? {} : asObject(v, `${where}: ${key}`);
}

/** One HostConfig.Mounts entry (docker's `--mount`). */
export function parseMountObject(value: unknown, index: number, out: { mounts: MountRequest[]; volumes: VolumeRequest[] }): void {
  const where = `HostConfig.Mounts[${index}]`;
  const m = asObject(value, where);
  const type = optionalString(m, 'Type', where);
  const rawTarget = optionalString(m, 'Target', where);
  if (rawTarget === '') invalid('invalid mount config: Target must not be empty');
  const target = checkTarget(rawTarget, rawTarget);
  const source = optionalString(m, 'Source', where);
  const readOnly = optionalBool(m, 'ReadOnly', where);
  switch (type) {
    case 'bind': {
      if (source === '') invalid(`invalid mount config for type "bind": field Source must not be empty`);
      if (!isAbsolute(source)) invalid(`invalid mount config for type "bind": invalid mount path: '${source}' mount path must be absolute`);
      const propagation = optionalString(optionalObject(m, 'BindOptions', where), 'Propagation', `${where}.BindOptions`);
      if (propagation !== '' && !propagations.has(propagation)) invalid(`invalid mount config for type "bind": invalid propagation mode ${propagation}`);
      out.mounts.push({ type: 'bind', source: posix.normalize(source), target, readOnly, ...(propagation ? { propagation } : {}) });
      return;
    }
    case 'volume': {
      if (source !== '' && volumeNameError(source) !== undefined) invalid(`invalid mount config for type "volume": invalid volume name "${source}"`);
      const options = optionalObject(m, 'VolumeOptions', where);
      const driverConfig = optionalObject(options, 'DriverConfig', `${where}.VolumeOptions`);
      const driver = optionalString(driverConfig, 'Name', `${where}.VolumeOptions.DriverConfig`);
      const labels = options.Labels === undefined || options.Labels === null ? undefined : asObject(options.Labels, `${where}.VolumeOptions.Labels`) as Record<string, string>;
      const driverOptions = driverConfig.Options === undefined || driverConfig.Options === null ? undefined : asObject(driverConfig.Options, `${where}.VolumeOptions.DriverConfig.Options`) as Record<string, string>;
      out.volumes.push({
        ...(source !== '' ? { name: source } : {}), target, readOnly, noCopy: optionalBool(options, 'NoCopy', `${where}.VolumeOptions`),
        ...(driver !== '' ? { driver } : {}), ...(driverOptions ? { driverOptions } : {}), ...(labels ? { labels } : {}),
      });
      return;
    }
    case 'tmpfs': {
      if (source !== '') invalid('invalid mount config for type "tmpfs": field Source must not be specified');
      const options = optionalObject(m, 'TmpfsOptions', where);
      const size = options.SizeBytes;
      const mode = options.Mode;
      if (size !== undefined && size !== null && (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)) invalid(`${where}: TmpfsOptions.SizeBytes must be a non-negative integer`);
      if (mode !== undefined && mode !== null && (typeof mode !== 'number' || !Number.isInteger(mode) || mode < 0 || mode > 0o7777)) invalid(`${where}: TmpfsOptions.Mode must be a file mode`);
      out.mounts.push({ type: 'tmpfs', target, readOnly, ...(typeof size === 'number' && size > 0 ? { sizeBytes: size } : {}), ...(typeof mode === 'number' ? { mode } : {}) });
      return;
    }
    default:
      invalid(`invalid mount config for type "${type}": mount type unknown or not supported here (bind, volume and tmpfs are)`);
  }
}

/** Docker's tmpfs sizes: bytes, or a number with k, m, g (binary units). */
function parseTmpfsSize(text: string, spec: string): number {
  const m = /^(\d+(?:\.\d+)?)([kmg]?)b?$/i.exec(text);
  if (!m) invalid(`invalid tmpfs option size=${text} for ${spec}`);
  const factor = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.floor(Number(m[1]) * factor);
}

/** HostConfig.Tmpfs: `{ "/run": "size=64m,mode=1777" }`. */
export function parseTmpfsMap(target: string, options: string): MountRequest {
  let sizeBytes: number | undefined;
  let mode: number | undefined;
  let readOnly = false;
  for (const option of options === '' ? [] : options.split(',')) {
    const [key, value] = option.split('=') as [string, string?];
    if (key === 'size' && value !== undefined) sizeBytes = parseTmpfsSize(value, target);
    else if (key === 'mode' && value !== undefined && /^[0-7]{1,4}$/.test(value)) mode = parseInt(value, 8);
    else if (key === 'ro' || key === 'rw') readOnly = key === 'ro';
    else if (['noexec', 'exec', 'nosuid', 'suid', 'nodev', 'dev'].includes(key)) continue; // the runtime's tmpfs is nosuid,nodev already
    else invalid(`invalid tmpfs option ${option} for ${target}`);
  }
  return { type: 'tmpfs', target: checkTarget(target, target), readOnly, ...(sizeBytes ? { sizeBytes } : {}), ...(mode !== undefined ? { mode } : {}) };
}
