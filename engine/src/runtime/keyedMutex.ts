// One critical section per container: start, stop, exit handling and removal of the same container
// never interleave, while different containers proceed in parallel.
import { Mutex } from '../store/atomicFile';

export class KeyedMutex {
  private readonly locks = new Map<string, { mutex: Mutex; users: number }>();

  async run<T>(key: string, section: () => Promise<T>): Promise<T> {
    let entry = this.locks.get(key);
    if (!entry) {
      entry = { mutex: new Mutex(), users: 0 };
      this.locks.set(key, entry);
    }
    entry.users++;
    try {
      return await entry.mutex.run(section);
    } finally {
      if (--entry.users === 0) this.locks.delete(key);
    }
  }
}
