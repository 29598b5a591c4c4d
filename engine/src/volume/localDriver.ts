// The local driver's options (`docker volume create --opt type=tmpfs --opt device=tmpfs --opt
// o=size=64m`, `--opt type=none --opt o=bind --opt device=/srv/data`): checked at create, and
// performed as one mount(2) on the volume's `_data` directory the first time a container uses it,
// as Docker's local driver does. The mount stays until the volume is removed (or the host reboots;
// then the next use mounts it again). Volumes without options are plain directories.
import { berthError, errnoCode } from '../image/berthError';
import { mount, MNT_DETACH, MS_BIND, MS_RDONLY, MS_REC, MS_REMOUNT, umount } from '../runtime/mountCalls';
import { isMountPoint } from '../runtime/rootfsMount';

const knownOptions = new Set(['type', 'device', 'o', 'size']);

// mount(8)'s flag words; everything else in `o` is filesystem data (size=, uid=, addr=, ...)
const flagWords: Record<string, { set?: number; clear?: number }> = {
  ro: { set: MS_RDONLY }, rw: { clear: MS_RDONLY },
  nosuid: { set: 0x2 }, suid: { clear: 0x2 }, nodev: { set: 0x4 }, dev: { clear: 0x4 },
  noexec: { set: 0x8 }, exec: { clear: 0x8 }, sync: { set: 0x10 }, async: { clear: 0x10 },
  dirsync: { set: 0x80 }, noatime: { set: 0x400 }, atime: { clear: 0x400 },
  nodiratime: { set: 0x800 }, diratime: { clear: 0x800 }, relatime: { set: 0x200000 }, norelatime: { clear: 0x200000 },
  strictatime: { set: 0x1000000 }, bind: { set: MS_BIND }, rbind: { set: MS_BIND | MS_REC },
};

/** Rejects options the local driver does not know, or a device mount without a device. */
export function checkDriverOptions(name: string, options: Readonly<Record<string, string>>): void {
  for (const key of Object.keys(options)) {
    if (!knownOptions.has(key)) throw berthError('invalid-argument', `create ${name}: invalid option: "${key}" (the local driver takes type, device and o)`);
  }
  if (options.size !== undefined) throw berthError('invalid-argument', `create ${name}: quota size requested but no quota support (the size option needs xfs project quotas)`);
  const wantsMount = options.type !== undefined || options.o !== undefined || options.device !== undefined;
  if (wantsMount && !options.device) throw berthError('invalid-argument', `create ${name}: missing required option: "device" (for example --opt device=tmpfs with --opt type=tmpfs)`);
  if (wantsMount && !options.type && !/(^|,)r?bind(,|$)/.test(options.o ?? '')) throw berthError('invalid-argument', `create ${name}: missing required option: "type" (for example --opt type=tmpfs, or --opt type=none --opt o=bind)`);
}

export function hasDeviceMount(options: Readonly<Record<string, string>> | null): boolean {
  return options !== null && options.device !== undefined && options.device !== '';
}

/** `o` split into mount(2) flags and the filesystem's data string. */
export function mountFlags(o: string): { flags: number; data: string } {
  let flags = 0;
  const data: string[] = [];
  for (const word of o.split(',').filter((w) => w !== '')) {
    const flag = flagWords[word];
    if (!flag) data.push(word);
    else flags = (flags | (flag.set ?? 0)) & ~(flag.clear ?? 0);
  }
  return { flags, data: data.join(',') };
}

/** Mounts the volume's device on `target` unless something is mounted there already. */
export function mountDevice(name: string, options: Readonly<Record<string, string>>, target: string): void {
  if (isMountPoint(target)) return;
  const { flags, data } = mountFlags(options.o ?? '');
  const type = options.type && options.type !== 'none' ? options.type : null;
  try {
    if ((flags & MS_BIND) === 0) {
      mount(options.device!, target, type, flags, data === '' ? null : data);
      return;
    }
    // a bind ignores every flag but MS_REC; read-only takes a second, remounting call
    mount(options.device!, target, null, flags & (MS_BIND | MS_REC), null);
    if (flags & MS_RDONLY) mount('', target, null, MS_REMOUNT | MS_BIND | MS_RDONLY, null);
  } catch (err) {
    if (isMountPoint(target)) umount(target, MNT_DETACH);
    throw berthError('invalid-argument', `mount volume ${name} (type ${options.type ?? 'none'}, device ${options.device}, o ${JSON.stringify(options.o ?? '')}): ${(err as Error).message}`, err);
  }
}

/** Undoes mountDevice; nothing mounted is fine. */
export function unmountDevice(target: string): void {
  for (let i = 0; i < 8 && isMountPoint(target); i++) {
    try {
      umount(target);
    } catch (err) {
      if (errnoCode(err) === 'EBUSY') umount(target, MNT_DETACH);
      else if (errnoCode(err) !== 'EINVAL') throw err;
    }
  }
}
