import type { AnchorReceipt, VerificationReport } from '@clearledger/core';
import type { KeyValueStore } from './keyValueStore.ts';

/** How the record reached the officer. */
export type CheckOrigin = 'camera' | 'photo' | 'paste' | 'portal' | 'link';

/** One check the officer made, kept on the device. */
export type CheckEntry = {
  id: string;
  /** When the check was made (ISO 8601). */
  at: string;
  origin: CheckOrigin;
  report: VerificationReport;
  /** The record as presented, to show its facts again. */
  credential: unknown;
  anchor?: AnchorReceipt;
  /** The QR reference the record was fetched for, if any. */
  referenceHash?: string;
};

/** The list row of a check: time, verdict, type, id, issuer. */
export type CheckSummary = {
  id: string;
  at: string;
  verdict: VerificationReport['verdict'];
  type: string | null;
  credentialId: string | null;
  issuer: string | null;
};

const KEY = 'checkHistory';

export function summarizeCheck(entry: CheckEntry): CheckSummary {
  const types = entry.report.types?.filter((t) => t !== 'VerifiableCredential') ?? [];
  return {
    id: entry.id,
    at: entry.at,
    verdict: entry.report.verdict,
    type: types[0] ?? null,
    credentialId: entry.report.credentialId ?? null,
    issuer: entry.report.issuer ?? null,
  };
}

/**
 * The officer's check history on this device, newest first, capped at `max` entries (the oldest
 * are dropped). Kept as one list so an add or an update is one write.
 */
export function createCheckHistory(kv: KeyValueStore, { max = 300 }: { max?: number } = {}) {
  const read = async () => (await kv.get<CheckEntry[]>(KEY)) ?? [];
  let queue: Promise<unknown> = Promise.resolve();
  // Writes are serialised so two quick checks cannot overwrite each other's entry.
  const exclusive = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };
  return {
    /** Every entry, newest first. */
    list: (): Promise<CheckEntry[]> => exclusive(read),
    get: (id: string): Promise<CheckEntry | null> =>
      exclusive(async () => (await read()).find((e) => e.id === id) ?? null),
    add: (entry: CheckEntry): Promise<void> =>
      exclusive(async () => {
        const entries = [entry, ...(await read()).filter((e) => e.id !== entry.id)];
        entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
        await kv.set(KEY, entries.slice(0, max));
      }),
    /** Replaces an entry's report (e.g. with the online re-check); false when the entry is gone. */
    updateReport: (id: string, report: VerificationReport): Promise<boolean> =>
      exclusive(async () => {
        const entries = await read();
        const index = entries.findIndex((e) => e.id === id);
        if (index < 0) return false;
        entries[index] = { ...entries[index]!, report };
        await kv.set(KEY, entries);
        return true;
      }),
    clear: (): Promise<void> => exclusive(() => kv.delete(KEY)),
  };
}
export type CheckHistory = ReturnType<typeof createCheckHistory>;
