import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClearledgerError } from '@clearledger/core';

/** Folders this process holds (a PID in a lock file equal to ours may be a dead process's, reused). */
const held = new Set<string>();

/**
 * Takes the single-writer lock of a chain data folder: a `LOCK` file holding this process's PID.
 * A lock left by a process that no longer runs (e.g. after `kill -9`) is taken over.
 *
 * @param dir - the data folder.
 * @returns a function that releases the lock.
 * @throws ClearledgerError `CL_LEDGER_UNAVAILABLE` when another live process (or this one) holds it.
 */
export function lockDataDir(dir: string): () => void {
  const path = join(dir, 'LOCK');
  if (held.has(path)) throw inUse(dir, process.pid);
  try {
    writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
    if (Number.isSafeInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner)) throw inUse(dir, owner);
    writeFileSync(path, `${process.pid}\n`);
  }
  held.add(path);
  return () => {
    if (!held.delete(path)) return;
    rmSync(path, { force: true });
  };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function inUse(dir: string, pid: number): ClearledgerError {
  return new ClearledgerError(
    'CL_LEDGER_UNAVAILABLE',
    `The chain data folder ${dir} is in use by process ${pid}; only one process may open it ` +
      `(if that process is not a Clearledger node, delete ${join(dir, 'LOCK')}).`,
    { details: { dir, pid } },
  );
}
