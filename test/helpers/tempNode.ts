import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NodeContext, openNode, readNodeConfig } from '../../packages/node/src/index.ts';

/** Opens a real node (SQLite file, key store, operator organisation) in a fresh temporary folder. */
export async function tempNode(
  env: Record<string, string> = {},
): Promise<{ node: NodeContext; dataDir: string; dispose(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'clearledger-test-'));
  const config = readNodeConfig({ CLEARLEDGER_ORG_ROLES: 'PRODUCER', CLEARLEDGER_ORG_COUNTRY: 'MX', ...env }, dataDir, {
    dataDir,
  });
  const node = await openNode(config, () => new Date().toISOString());
  return {
    node,
    dataDir,
    async dispose() {
      await node.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
