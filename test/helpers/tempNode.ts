import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NodeContext, openNode, readNodeConfig } from '../../packages/node/src/index.ts';

/**
 * Opens a real node (SQLite file, key store, operator organisation) in a fresh temporary folder;
 * with `ledger: true` also its embedded chain (contracts deployed, not served over JSON-RPC).
 */
export async function tempNode(
  env: Record<string, string> = {},
  options: { ledger?: boolean } = {},
): Promise<{ node: NodeContext; dataDir: string; dispose(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'clearledger-test-'));
  const config = readNodeConfig({ CLEARLEDGER_ORG_ROLES: 'PRODUCER', CLEARLEDGER_ORG_COUNTRY: 'MX', ...env }, dataDir, {
    dataDir,
  });
  const node = await openNode(config, () => new Date().toISOString(), options.ledger === true ? { ledger: true } : {});
  return {
    node,
    dataDir,
    async dispose() {
      await node.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
