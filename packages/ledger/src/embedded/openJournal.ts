import { closeSync, fsyncSync, openSync } from 'node:fs';
import { type FileHandle, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ClearledgerError } from '@clearledger/core';
import type { Hash, Hex } from 'viem';

/**
 * One line of the journal: a mined block. `n` block number, `t` timestamp (unix seconds), `txs` the
 * block's raw signed transactions in order, `h` the block hash the engine produced.
 */
export type JournalEntry = { n: number; t: number; txs: Hex[]; h: Hash };

/** An open journal, see {@link openJournal}. */
export type Journal = {
  /** The entries read at open, oldest first (a torn last line removed). */
  readonly entries: readonly JournalEntry[];
  /** Bytes cut from the end of the file at open: a torn last line that was never acknowledged. */
  readonly truncatedBytes: number;
  /** How many entries the journal holds now. */
  readonly size: number;
  /** Appends one entry as one line and waits until it is on disk (fdatasync). Appends run one at a time. */
  append(entry: JournalEntry): Promise<void>;
  /** Closes the file. */
  close(): Promise<void>;
};

const HEX = /^0x(?:[0-9a-fA-F]{2})*$/;
const HASH = /^0x[0-9a-fA-F]{64}$/;

/**
 * Opens (or creates) an append-only journal of blocks, one JSON line per block
 * (`{"n":1,"t":1767225600,"txs":["0x02f8…"],"h":"0x…"}`). A last line without its newline, or that
 * is not a valid entry, is a write cut short by a crash: it is truncated away. Damage anywhere else,
 * or block numbers out of sequence, is `CL_LEDGER_JOURNAL_CORRUPT`.
 *
 * @param path - the journal file, e.g. `<data>/chain/journal.ndjson`.
 * @returns the open journal with the entries it held.
 * @example
 * const journal = await openJournal(join(dir, 'journal.ndjson'));
 * await journal.append({ n: journal.size + 1, t, txs: [raw], h: block.hash });
 */
export async function openJournal(path: string): Promise<Journal> {
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return Buffer.alloc(0);
    throw error;
  });
  const text = bytes.toString('utf8');
  const lines = text.split('\n');
  // After the last '\n' comes either nothing or a torn write.
  lines.pop();
  const entries: JournalEntry[] = [];
  let validBytes = 0;
  for (const [index, line] of lines.entries()) {
    const entry = parseEntry(line);
    const isLast = index === lines.length - 1;
    if (entry === undefined) {
      if (isLast) break;
      throw corrupt(path, `line ${index + 1} is not a journal entry`);
    }
    if (entry.n !== entries.length + 1) {
      throw corrupt(path, `line ${index + 1} holds block ${entry.n}, expected block ${entries.length + 1}`);
    }
    entries.push(entry);
    validBytes += Buffer.byteLength(line, 'utf8') + 1;
  }
  const totalBytes = bytes.length;

  const handle = await open(path, 'a');
  try {
    if (validBytes < totalBytes) {
      await handle.truncate(validBytes);
      await handle.datasync();
    }
    syncDirectory(dirname(path));
  } catch (error) {
    await handle.close();
    throw error;
  }
  return journalOn(handle, entries, totalBytes - validBytes);
}

function journalOn(handle: FileHandle, entries: JournalEntry[], truncatedBytes: number): Journal {
  let size = entries.length;
  let tail: Promise<void> = Promise.resolve();
  return {
    entries,
    truncatedBytes,
    get size() {
      return size;
    },
    append(entry) {
      const line = Buffer.from(`${JSON.stringify({ n: entry.n, t: entry.t, txs: entry.txs, h: entry.h })}\n`, 'utf8');
      const written = tail.then(async () => {
        let offset = 0;
        while (offset < line.length) {
          const { bytesWritten } = await handle.write(line, offset);
          offset += bytesWritten;
        }
        await handle.datasync();
        size += 1;
      });
      tail = written.catch(() => {});
      return written;
    },
    async close() {
      await tail;
      await handle.close();
    },
  };
}

function parseEntry(line: string): JournalEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { n, t, txs, h } = value as Record<string, unknown>;
  const valid =
    Number.isSafeInteger(n) &&
    (n as number) >= 1 &&
    Number.isSafeInteger(t) &&
    (t as number) >= 0 &&
    Array.isArray(txs) &&
    txs.every((tx) => typeof tx === 'string' && HEX.test(tx)) &&
    typeof h === 'string' &&
    HASH.test(h);
  return valid ? { n: n as number, t: t as number, txs: txs as Hex[], h: h as Hash } : undefined;
}

/** Makes a new file's directory entry durable (a no-op where directories cannot be opened, e.g. Windows). */
export function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Not supported on this platform.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function corrupt(path: string, problem: string): ClearledgerError {
  return new ClearledgerError(
    'CL_LEDGER_JOURNAL_CORRUPT',
    `The embedded chain journal ${path} is damaged: ${problem}. The chain refuses to start; restore the data folder from a backup.`,
    { details: { path } },
  );
}
