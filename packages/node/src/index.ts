export type { NodeConfig } from './config/NodeConfig.ts';
export { nodeEnvironment, readNodeConfig } from './config/NodeConfig.ts';
export { SecretBox } from './keystore/secretBox.ts';
export type { LedgerConfig, NodeLedger } from './node/openLedger.ts';
export type { NodeContext } from './node/openNode.ts';
export { openNode } from './node/openNode.ts';
export { nodeCrypto } from './nodeCrypto.ts';
export type { SigningPool } from './signing/signingPool.ts';
export { createSigningPool } from './signing/signingPool.ts';
