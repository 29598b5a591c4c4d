// Container records on disk and in memory: one directory per container under <root>/containers,
// container.json replaced atomically (ARCHITECTURE rule 3), names unique, lookups by full id, name
// or unambiguous id prefix (Docker's order).
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { berthError, errnoCode } from '../image/berthError';
import { isTempFile, writeFileAtomic } from '../store/atomicFile';
import type { ContainerRecord } from './containerRecord';
import { mountPoints } from './rootfsMount';

const recordFile = 'container.json';

/** Docker's container name rule. */
export const validName = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export class ContainerStore {
  private readonly records = new Map<string, ContainerRecord>();
  /** Names taken by creates and renames in progress. */
  private readonly reserved = new Set<string>();

  private constructor(readonly dir: string) {}

  static async open(dir: string, log: (line: string) => void): Promise<ContainerStore> {
    await fsp.mkdir(dir, { recursive: true, mode: 0o711 });
    const store = new ContainerStore(dir);
    for (const id of await fsp.readdir(dir)) {
      const path = join(dir, id, recordFile);
      let text: string;
      try {
        text = await fsp.readFile(path, 'utf8');
      } catch (err) {
        // a create interrupted before its record was written: nothing refers to the directory
        if (errnoCode(err) === 'ENOENT') {
          log(`removing ${join(dir, id)}: a container directory without a record (interrupted create)`);
          await removeUnmounted(join(dir, id));
          continue;
        }
        throw err;
      }
      for (const name of await fsp.readdir(join(dir, id))) if (isTempFile(name)) await fsp.rm(join(dir, id, name), { force: true });
      try {
        const record = JSON.parse(text) as ContainerRecord;
        store.records.set(record.id, record);
      } catch (err) {
        throw berthError('data-loss', `container record ${path} is not valid JSON (${(err as Error).message}); move the directory away and restart berthd`, err);
      }
    }
    return store;
  }

  containerDir(id: string): string {
    return join(this.dir, id);
  }

  all(): ContainerRecord[] {
    return [...this.records.values()];
  }

  /** By full id, exact name (with or without Docker's leading '/'), or unique id prefix. */
  get(ref: string): ContainerRecord {
    const found = this.find(ref);
    if (!found) throw berthError('not-found', `No such container: ${ref}`);
    return found;
  }

  find(ref: string): ContainerRecord | undefined {
    const direct = this.records.get(ref);
    if (direct) return direct;
    const name = ref.startsWith('/') ? ref.slice(1) : ref;
    for (const r of this.records.values()) if (r.name === name) return r;
    if (!/^[0-9a-f]+$/.test(ref)) return undefined;
    const matches = [...this.records.values()].filter((r) => r.id.startsWith(ref));
    if (matches.length > 1) throw berthError('invalid-argument', `multiple containers match the id prefix ${ref}: give more characters`);
    return matches[0];
  }

  /** True when a container has `name`, or a create in progress holds it. */
  nameInUse(name: string, exceptId?: string): boolean {
    return this.reserved.has(name) || this.holderOf(name, exceptId) !== undefined;
  }

  checkNameFree(name: string, exceptId?: string): void {
    if (!validName.test(name)) throw berthError('invalid-argument', `Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
    const holder = this.holderOf(name, exceptId);
    if (holder || this.reserved.has(name)) {
      throw berthError('already-exists', `Conflict. The container name "/${name}" is already in use by container "${holder?.id ?? '(being created)'}". You have to remove (or rename) that container to be able to reuse that name.`);
    }
  }

  private holderOf(name: string, exceptId: string | undefined): ContainerRecord | undefined {
    return [...this.records.values()].find((r) => r.name === name && r.id !== exceptId);
  }

  /** Checks `name` is free and holds it until the returned release is called (synchronously: no race). */
  reserveName(name: string, exceptId?: string): () => void {
    this.checkNameFree(name, exceptId);
    this.reserved.add(name);
    return () => void this.reserved.delete(name);
  }

  /**
   * Adds a new record (its directory must exist) or replaces an existing one, atomically. `durable`
   * also survives a machine crash (fsync): for creation and renames. State changes skip the fsyncs:
   * after a machine crash every container is dead anyway, and a rename covers berthd dying.
   */
  async save(record: ContainerRecord, durable = false): Promise<void> {
    const path = join(this.dir, record.id, recordFile);
    const text = JSON.stringify(record, null, 1);
    if (durable) {
      await writeFileAtomic(path, text);
    } else {
      const temp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
      await fsp.writeFile(temp, text, { mode: 0o644 });
      await fsp.rename(temp, path).catch(async (err: unknown) => {
        await fsp.rm(temp, { force: true });
        throw err;
      });
    }
    this.records.set(record.id, record);
  }

  /** Forgets the record first (so no lookup finds a half-removed container), then deletes the directory. */
  async delete(id: string): Promise<void> {
    this.records.delete(id);
    await removeUnmounted(join(this.dir, id));
  }
}

/** rm -r that refuses to descend into a live mount (it would delete the container's files). */
async function removeUnmounted(dir: string): Promise<void> {
  const mounted = mountPoints().filter((p) => p === dir || p.startsWith(`${dir}/`));
  if (mounted.length > 0) throw berthError('internal', `refusing to remove ${dir}: ${mounted.join(', ')} is still mounted`);
  await fsp.rm(dir, { recursive: true, force: true });
}
