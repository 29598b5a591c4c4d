// Bounded parallelism for transfers (Docker's max-concurrent-downloads/uploads): at most `n`
// tasks run at once, the rest wait in order. `waiting` tells a caller its task has to queue, so a
// pull can report "Waiting" as Docker does.

export interface Limiter {
  /** Runs `task` when a slot is free; `onQueued` fires if it has to wait. */
  run<T>(task: () => Promise<T>, onQueued?: () => void): Promise<T>;
}

export function createLimiter(n: number): Limiter {
  let active = 0;
  const queue: (() => void)[] = [];
  // a finishing task hands its slot straight to the next waiter, so `active` never exceeds n
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else active--;
  };
  return {
    async run<T>(task: () => Promise<T>, onQueued?: () => void): Promise<T> {
      if (active >= n) {
        onQueued?.();
        await new Promise<void>((resolve) => queue.push(resolve));
      } else {
        active++;
      }
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
