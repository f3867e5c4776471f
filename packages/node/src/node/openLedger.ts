import { join } from 'node:path';
import { ClearledgerError, type LedgerView, type Role, type Store } from '@clearledger/core';
import {
  type AnchorWorker,
  type ContractAddresses,
  createLedgerClient,
  createSnapshotIndex,
  createStatusIndex,
  type EmbeddedChain,
  indexedLedgerView,
  type LedgerClient,
  openEmbeddedChain,
  type SnapshotIndex,
  type StatusIndex,
  startAnchorWorker,
} from '@clearledger/ledger';
import { type Address, getContractAddress, type Hex, http, type Transport } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { SecretBox } from '../keystore/secretBox.ts';
import { fastCrypto } from '../selectCrypto.ts';

/** How the node reaches its chain. */
export type LedgerConfig = {
  /** Any EVM JSON-RPC endpoint; when absent the node runs its embedded chain in `dataDir/chain`. */
  rpcUrl: string | undefined;
  /** Chain id of the embedded chain (remote chains report their own). */
  chainId: number;
  /** Contract addresses on a remote chain (the embedded chain deploys its own on first start). */
  contracts: ContractAddresses | undefined;
  /** Serve the embedded chain's JSON-RPC on 127.0.0.1 at this port (0 = a free port; undefined = do not serve). */
  servePort: number | undefined;
  anchorMaxBatchSize: number;
  anchorMaxLatencyMs: number;
};

/** The node's ledger: chain client, verification view, and (embedded) the chain itself. */
export type NodeLedger = {
  client: LedgerClient;
  view: LedgerView;
  statuses: StatusIndex;
  /** The whole trust state (organisations, keys, anchors, statuses) from chain events, for offline verifiers. */
  snapshots: SnapshotIndex;
  chainId: number;
  /** The embedded chain, when the node runs one. */
  embedded: EmbeddedChain | undefined;
  /** JSON-RPC URL other nodes can use (embedded + served, or the remote URL). */
  rpcUrl: string | undefined;
  /** The node's chain account (admin of the operator organisation). */
  address: Address;
  /**
   * Registers the operator's keys on the chain when they are missing (idempotent). False while the
   * organisation is not registered with this node's chain account as admin.
   */
  syncOperatorKeys(): Promise<boolean>;
  /** The chain client acting for an organisation hosted by this node (its own chain account). */
  clientFor(orgId: string): Promise<LedgerClient>;
  /**
   * Puts a hosted organisation on the chain: creates its chain account (sealed at rest) when it has
   * none, registers it with its roles (this node must be the network authority), funds the account
   * on the embedded chain, and registers its signing keys. Idempotent: safe to call again.
   */
  registerHosted(org: { did: string; roles: readonly Role[] }): Promise<void>;
  startAnchorWorker(onError?: (error: unknown) => void): AnchorWorker;
  /**
   * Calls `listener` each time this node's anchor worker has recorded anchors of an organisation's
   * batches (awaited before the worker's pass ends); returns the function that removes it.
   */
  onAnchored(listener: (event: { orgId: string; batchIds: string[] }) => Promise<void> | void): () => void;
  close(): Promise<void>;
};

const EMBEDDED_BALANCE = 10n ** 24n;

/**
 * Opens the node's chain: the embedded chain (created, with the contracts deployed by the node's
 * account as network authority, on first start) or a remote JSON-RPC chain, and the client of the
 * node's chain account (a secp256k1 key created on first start, sealed in the key store).
 */
export async function openLedger(parameters: {
  config: LedgerConfig;
  dataDir: string;
  store: Store;
  box: SecretBox;
  operator: { did: string; roles: readonly Role[] };
  /** On a remote chain without contract addresses: deploy them (this node becomes the network authority). */
  deploy?: boolean;
}): Promise<NodeLedger> {
  const { config, store, box, operator } = parameters;
  const privateKey = await chainAccountKey(store, box, 'chain.accountKey', true);
  const address = privateKeyToAccount(privateKey).address;

  let embedded: EmbeddedChain | undefined;
  let rpcUrl = config.rpcUrl;
  let contractsConfig = config.contracts;
  let client: LedgerClient;
  let chainTransport: Transport;
  if (config.rpcUrl === undefined) {
    try {
      embedded = await openEmbeddedChain({
        dir: join(parameters.dataDir, 'chain'),
        chainId: config.chainId,
        genesisAccounts: [{ address, balance: EMBEDDED_BALANCE }],
      });
    } catch (error) {
      // The node is running and holds its chain: use the JSON-RPC endpoint it serves.
      const served = await store.getSetting('chain.servedRpcUrl');
      const saved = await store.getSetting('chain.contracts');
      if (served === null || saved === null) throw error;
      rpcUrl = served;
      contractsConfig = JSON.parse(saved) as ContractAddresses;
    }
  }
  if (embedded !== undefined) {
    try {
      chainTransport = embedded.transport;
      client = createLedgerClient({ transport: embedded.transport, chainId: config.chainId, privateKey });
      await deployOnce(client, store, operator);
      if (config.servePort !== undefined) {
        rpcUrl = await embedded.serve({ host: '127.0.0.1', port: config.servePort });
        await store.putSetting('chain.servedRpcUrl', rpcUrl);
      }
    } catch (error) {
      await embedded.close();
      throw error;
    }
  } else {
    if (rpcUrl === undefined) throw new ClearledgerError('CL_LEDGER_UNAVAILABLE', 'No chain is configured.');
    if (contractsConfig === undefined && !parameters.deploy) {
      throw new ClearledgerError(
        'CL_CONFIG_INVALID',
        'CHAIN_RPC_URL needs the contract addresses too: set CLEARLEDGER_TRUST_REGISTRY and CLEARLEDGER_ANCHOR_REGISTRY.',
        { field: 'CHAIN_RPC_URL' },
      );
    }
    const transport = http(rpcUrl, { retryCount: 0, timeout: 10_000 });
    chainTransport = transport;
    const probe = createLedgerClient({ transport, chainId: 1, privateKey });
    let chainId: number;
    try {
      chainId = await probe.publicClient.getChainId();
    } catch {
      throw new ClearledgerError(
        'CL_LEDGER_UNAVAILABLE',
        `The chain at ${rpcUrl} does not answer; check CHAIN_RPC_URL.`,
      );
    }
    client = createLedgerClient({
      transport,
      chainId,
      privateKey,
      pollingInterval: 100,
      ...(contractsConfig === undefined ? {} : { contracts: contractsConfig }),
    });
    if (contractsConfig === undefined) await client.deploy(operator.did);
    else if (contractsConfig.instrumentRegistry === undefined && parameters.deploy)
      await client.deployInstrumentRegistry();
  }

  try {
    await requireCurrentContracts(client, operator.did);
  } catch (error) {
    await embedded?.close();
    throw error;
  }

  const chain = embedded;
  const statuses = createStatusIndex(client, chain === undefined ? {} : { headBlock: () => chain.stats().blockNumber });
  const snapshots = createSnapshotIndex(
    client,
    chain === undefined ? {} : { headBlock: () => chain.stats().blockNumber },
  );
  const view = indexedLedgerView({ snapshots, store });

  const syncKeys = async (did: string, orgClient: LedgerClient): Promise<boolean> => {
    const org = await orgClient.getOrganization(did);
    if (org === null || org.admin.toLowerCase() !== orgClient.address.toLowerCase()) return false;
    for (const key of await store.listKeys(did)) {
      if ((await orgClient.getKey(key.publicKeyMultibase)) !== null) continue;
      await orgClient.addKey(did, key.publicKeyMultibase, key.validFrom, key.validUntil);
      if (key.revokedAt !== null) await orgClient.revokeKey(did, key.publicKeyMultibase, key.revokedAt);
    }
    return true;
  };
  const syncOperatorKeys = () => syncKeys(operator.did, client);
  let keysSynced = await syncOperatorKeys().catch(() => false);

  // Every organisation this node hosts anchors with its own chain account (the contracts record the
  // anchoring organisation by its admin account). The anchor worker reads this map on every run.
  const clients = new Map<string, LedgerClient>([[operator.did, client]]);
  const anchoredListeners = new Set<(event: { orgId: string; batchIds: string[] }) => Promise<void> | void>();
  const hostedClient = async (orgId: string, create: boolean): Promise<LedgerClient | undefined> => {
    const known = clients.get(orgId);
    if (known !== undefined) return known;
    const key = await chainAccountKey(store, box, `chain.accountKey:${orgId}`, create);
    if (key === undefined) return undefined;
    const hosted = createLedgerClient({
      transport: chainTransport,
      chainId: client.chain.id,
      privateKey: key,
      pollingInterval: embedded === undefined ? 100 : 50,
      ...(client.contracts === undefined ? {} : { contracts: client.contracts }),
    });
    clients.set(orgId, hosted);
    return hosted;
  };
  for (const org of await store.listOrganizations()) {
    if (org.id !== operator.did) await hostedClient(org.id, false);
  }

  return {
    client,
    view,
    statuses,
    snapshots,
    chainId: client.chain.id,
    embedded,
    rpcUrl,
    address,
    syncOperatorKeys,
    async clientFor(orgId) {
      const found = await hostedClient(orgId, false);
      if (found === undefined) {
        throw new ClearledgerError('CL_STORE_NOT_FOUND', `Organisation ${orgId} has no chain account on this node.`);
      }
      return found;
    },
    async registerHosted(org) {
      if (org.did === operator.did) {
        await syncOperatorKeys();
        return;
      }
      const hosted = (await hostedClient(org.did, true))!;
      const onChain = await client.getOrganization(org.did);
      if (onChain === null) await client.registerOrganization(org.did, hosted.address, org.roles);
      else if (onChain.admin.toLowerCase() !== hosted.address.toLowerCase()) {
        throw new ClearledgerError(
          'CL_LEDGER_CONFLICT',
          `${org.did} is already registered on the chain with another admin account (${onChain.admin}).`,
        );
      }
      if (embedded !== undefined) await client.fund(hosted.address);
      await syncKeys(org.did, hosted);
    },
    onAnchored(listener) {
      anchoredListeners.add(listener);
      return () => {
        anchoredListeners.delete(listener);
      };
    },
    startAnchorWorker(onError) {
      const worker = startAnchorWorker({
        store,
        crypto: fastCrypto,
        clients,
        maxBatchSize: config.anchorMaxBatchSize,
        maxLatencyMs: config.anchorMaxLatencyMs,
        ...(onError === undefined ? {} : { onError }),
        onAnchored: async (event) => {
          for (const listener of [...anchoredListeners]) await listener(event);
        },
      });
      // Until the network authority registers this organisation, its keys cannot be added: keep trying.
      const timer = keysSynced
        ? undefined
        : setInterval(() => {
            void syncOperatorKeys().then(
              (done) => {
                if (!done) return;
                keysSynced = true;
                clearInterval(timer);
              },
              () => undefined,
            );
          }, 1_000);
      return {
        runOnce: worker.runOnce,
        async stop() {
          clearInterval(timer);
          await worker.stop();
        },
      };
    },
    async close() {
      await embedded?.close();
    },
  };
}

/**
 * A secp256k1 chain account sealed at rest under `setting`: the node's own (created on first start)
 * or a hosted organisation's. Without `create`, undefined when there is none.
 */
async function chainAccountKey(store: Store, box: SecretBox, setting: string, create: true): Promise<Hex>;
async function chainAccountKey(
  store: Store,
  box: SecretBox,
  setting: string,
  create: boolean,
): Promise<Hex | undefined>;
async function chainAccountKey(
  store: Store,
  box: SecretBox,
  setting: string,
  create: boolean,
): Promise<Hex | undefined> {
  const label = setting === 'chain.accountKey' ? 'chain-account' : setting;
  const sealed = await store.getSetting(setting);
  if (sealed !== null) return `0x${Buffer.from(box.open(sealed, label)).toString('hex')}` as Hex;
  if (!create) return undefined;
  const key = generatePrivateKey();
  await store.putSetting(setting, box.seal(Buffer.from(key.slice(2), 'hex'), label));
  return key;
}

/**
 * Refuses contracts of an earlier generation (anchors keyed by root alone, no role history): the
 * node would otherwise start and then fail on every anchor and verification. A chain that does not
 * answer is left to the callers' own errors.
 */
async function requireCurrentContracts(client: LedgerClient, operatorDid: string): Promise<void> {
  try {
    await client.getAnchor(operatorDid, '00'.repeat(32));
    await client.getOrganizationAt(operatorDid, 0);
  } catch (error) {
    if (error instanceof ClearledgerError && error.code === 'CL_LEDGER_UNAVAILABLE') throw error;
    throw new ClearledgerError(
      'CL_CONFIG_INVALID',
      'The chain runs Clearledger contracts of an earlier version (anchors per root, no role history). ' +
        'Start with a new data folder (move ./data aside), or deploy the current contracts on the network ' +
        'and set CLEARLEDGER_TRUST_REGISTRY / CLEARLEDGER_ANCHOR_REGISTRY (docs/deploy.md).',
      { field: 'chain.contracts' },
    );
  }
}

/**
 * Deploys the contracts once. Their addresses follow from the deployer and its nonces 0 and 1, so a
 * crash between deployment and saving the addresses is recovered by finding the code there.
 */
async function deployOnce(
  client: LedgerClient,
  store: Store,
  operator: { did: string; roles: readonly Role[] },
): Promise<void> {
  const saved = await store.getSetting('chain.contracts');
  if (saved !== null) {
    const contracts = JSON.parse(saved) as ContractAddresses;
    client.setContracts(contracts);
    if (contracts.instrumentRegistry === undefined) {
      // A data folder from before instruments existed: add the registry beside its contracts.
      await store.putSetting('chain.contracts', JSON.stringify(await client.deployInstrumentRegistry()));
    }
    return;
  }
  const trustRegistry = getContractAddress({ from: client.address, nonce: 0n });
  const anchorRegistry = getContractAddress({ from: client.address, nonce: 1n });
  const instrumentRegistry = getContractAddress({ from: client.address, nonce: 2n });
  const deployed = (await client.publicClient.getCode({ address: anchorRegistry })) !== undefined;
  let contracts: ContractAddresses = deployed ? { trustRegistry, anchorRegistry } : await client.deploy(operator.did);
  client.setContracts(contracts);
  if (contracts.instrumentRegistry === undefined) {
    contracts =
      (await client.publicClient.getCode({ address: instrumentRegistry })) !== undefined
        ? { ...contracts, instrumentRegistry }
        : await client.deployInstrumentRegistry();
    client.setContracts(contracts);
  }
  const roles = [...new Set<Role>(['NETWORK_AUTHORITY', ...operator.roles])];
  const org = await client.getOrganization(operator.did);
  if (org !== null && (org.roles.length !== roles.length || !roles.every((r) => org.roles.includes(r)))) {
    await client.setRoles(operator.did, roles);
  }
  await store.putSetting('chain.contracts', JSON.stringify(contracts));
}
