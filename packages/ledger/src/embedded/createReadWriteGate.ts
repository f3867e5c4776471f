/** A fair readers–writer gate for async work; see {@link createReadWriteGate}. */
export type ReadWriteGate = {
  /** Runs `work` alongside other readers, never while a writer runs. */
  read<T>(work: () => Promise<T>): Promise<T>;
  /** Runs `work` alone: after the readers in progress finish, before any reader or writer that came later. */
  write<T>(work: () => Promise<T>): Promise<T>;
};

/**
 * A first-come, first-served readers–writer gate: readers share, a writer is exclusive, and a
 * waiting writer holds back readers that arrive after it (so neither side starves).
 *
 * @returns the gate.
 * @example
 * const gate = createReadWriteGate();
 * await gate.write(() => mineAndJournal(raw));
 */
export function createReadWriteGate(): ReadWriteGate {
  let readers = 0;
  let writing = false;
  const queue: { kind: 'read' | 'write'; start: () => void }[] = [];

  function drain(): void {
    while (queue.length > 0 && !writing) {
      const next = queue[0]!;
      if (next.kind === 'write' && readers > 0) return;
      queue.shift();
      if (next.kind === 'read') readers += 1;
      else writing = true;
      next.start();
    }
  }

  function acquire(kind: 'read' | 'write'): Promise<void> | undefined {
    const free = !writing && queue.length === 0 && (kind === 'read' || readers === 0);
    if (free) {
      if (kind === 'read') readers += 1;
      else writing = true;
      return undefined;
    }
    return new Promise((start) => queue.push({ kind, start }));
  }

  return {
    async read(work) {
      await acquire('read');
      try {
        return await work();
      } finally {
        readers -= 1;
        drain();
      }
    },
    async write(work) {
      await acquire('write');
      try {
        return await work();
      } finally {
        writing = false;
        drain();
      }
    },
  };
}
