import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ClearledgerError } from '@clearledger/core';
import type { Address, Hash } from 'viem';
import { syncDirectory } from './openJournal.ts';

/**
 * `chain.json` of an embedded chain's data folder: what the genesis block was made from, so that a
 * restart rebuilds the same genesis before replaying the journal.
 */
export type ChainManifest = {
  format: 1;
  /** EVM engine and version the journal's block hashes come from. */
  engine: string;
  chainId: number;
  hardfork: string;
  /** Genesis timestamp, unix seconds. */
  genesisTime: number;
  /** Funded genesis accounts; balances in wei as decimal strings. */
  genesisAccounts: { address: Address; balance: string }[];
  genesisHash: Hash;
};

/** Path of the manifest in a data folder. */
export const manifestPath = (dir: string): string => join(dir, 'chain.json');

/**
 * Reads the manifest of a data folder.
 *
 * @param dir - the data folder.
 * @returns the manifest, or undefined when the folder holds no chain yet.
 */
export function readChainManifest(dir: string): ChainManifest | undefined {
  const path = manifestPath(dir);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const manifest = JSON.parse(text) as ChainManifest;
    if (manifest.format !== 1 || typeof manifest.genesisHash !== 'string') throw new Error('unknown format');
    return manifest;
  } catch (cause) {
    throw new ClearledgerError('CL_LEDGER_JOURNAL_CORRUPT', `The embedded chain manifest ${path} is damaged.`, {
      details: { path },
      cause,
    });
  }
}

/**
 * Writes the manifest atomically (temporary file, fsync, rename, fsync of the folder).
 *
 * @param dir - the data folder.
 * @param manifest - what to write.
 */
export function writeChainManifest(dir: string, manifest: ChainManifest): void {
  const path = manifestPath(dir);
  const temporary = `${path}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, `${JSON.stringify(manifest, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  syncDirectory(dirname(path));
}
