import { ClearledgerError, decodePublicKeyMultibase, type Role } from '@clearledger/core';
import {
  type Address,
  type Chain,
  createPublicClient,
  createWalletClient,
  decodeErrorResult,
  decodeEventLog,
  defineChain,
  encodeFunctionData,
  type Hex,
  type Log,
  type PublicClient,
  type Transport,
  toHex,
  type WalletClient,
} from 'viem';
import { type LocalAccount, privateKeyToAccount } from 'viem/accounts';
import {
  type CredentialStatus,
  credentialStatusCodes,
  credentialStatusFromCode,
} from '../contracts/credentialStatus.ts';
import { organizationId } from '../contracts/organizationId.ts';
import { roleBitmask, rolesFromBitmask } from '../contracts/roleBitmask.ts';
import { contractError, toLedgerError } from '../errors/contractErrors.ts';
import {
  anchorRegistryAbi,
  anchorRegistryBytecode,
  instrumentRegistryAbi,
  instrumentRegistryBytecode,
  trustRegistryAbi,
  trustRegistryBytecode,
} from '../generated/contracts.generated.ts';

/** Addresses of the deployed Clearledger contracts on a chain. */
export type ContractAddresses = { trustRegistry: Address; anchorRegistry: Address; instrumentRegistry?: Address };

/** Parameters of {@link createLedgerClient}. */
export type CreateLedgerClientParameters = {
  /** viem transport: the embedded chain's, or `http(CHAIN_RPC_URL)` for any JSON-RPC chain. */
  transport: Transport;
  chainId: number;
  /** The organisation's chain account (secp256k1 private key, 0x-hex), from the node's key store. */
  privateKey: Hex;
  /** Unset only while deploying. */
  contracts?: ContractAddresses;
  /** Receipt polling interval for remote chains (ms). */
  pollingInterval?: number;
};

/** An organisation as the trust registry records it. */
export type ChainOrganization = { orgId: Hex; did: string; roles: Role[]; active: boolean; admin: Address };
/** A signing key as the trust registry records it (ISO times; null = open-ended / not revoked). */
export type ChainKey = { orgId: Hex; validFrom: string; validUntil: string | null; revokedAt: string | null };
/** A batch root anchored by an organisation. */
export type ChainAnchor = { orgId: Hex; count: number; blockNumber: number; anchoredAt: string };
/** An organisation's roles and active flag as of a block (after it). */
export type ChainOrganizationState = { roles: Role[]; active: boolean };
/** Where a transaction landed. */
export type TxResult = { txHash: Hex; blockNumber: number };
/** Where a transaction landed, with the logs it emitted (decode them with the contract's ABI). */
export type TxReceipt = TxResult & { logs: readonly Log[] };
type Abi = typeof trustRegistryAbi | typeof anchorRegistryAbi | typeof instrumentRegistryAbi;

/**
 * The node's client of the Clearledger contracts: typed reads and writes, custom errors decoded to
 * `CL_LEDGER_*` codes, and one transaction at a time per account (nonces come from the chain's
 * pending count under a lock, so restarts and concurrent callers never reuse or skip one).
 */
export type LedgerClient = ReturnType<typeof createLedgerClient>;

/** Creates a {@link LedgerClient}. */
export function createLedgerClient(parameters: CreateLedgerClientParameters) {
  const chain: Chain = defineChain({
    id: parameters.chainId,
    name: `clearledger-${parameters.chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [] } },
  });
  const account: LocalAccount = privateKeyToAccount(parameters.privateKey);
  const publicClient: PublicClient = createPublicClient({
    chain,
    transport: parameters.transport,
    pollingInterval: parameters.pollingInterval ?? 50,
  });
  const walletClient: WalletClient = createWalletClient({ account, chain, transport: parameters.transport });
  let contracts = parameters.contracts;
  let queue: Promise<unknown> = Promise.resolve();

  const addresses = (): ContractAddresses => {
    if (contracts === undefined)
      throw new ClearledgerError(
        'CL_LEDGER_UNAVAILABLE',
        'The Clearledger contracts are not deployed on this chain yet.',
      );
    return contracts;
  };

  /**
   * Sends one transaction under the account lock and waits for its receipt (outside the lock). A
   * transaction mined but reverted (another node's transaction got in between the check and the
   * block, say) is explained by `explain`, which replays the call on the latest state to decode the
   * contract's error.
   */
  const send = async (build: () => Promise<Hex>, explain?: () => Promise<unknown>): Promise<TxReceipt> => {
    let hash: Hex;
    const turn = queue.then(build);
    queue = turn.catch(() => undefined);
    try {
      hash = await turn;
    } catch (error) {
      throw toLedgerError(error);
    }
    try {
      // A chain that mines on submission (the embedded one) has the receipt already: no polling wait.
      const receipt =
        (await publicClient.getTransactionReceipt({ hash }).catch(() => null)) ??
        (await publicClient.waitForTransactionReceipt({ hash, timeout: 60_000 }));
      if (receipt.status !== 'success') {
        if (explain !== undefined) await explain();
        throw new ClearledgerError('CL_LEDGER_REJECTED', `Transaction ${hash} was mined but reverted.`, {
          details: { txHash: hash },
        });
      }
      return { txHash: hash, blockNumber: Number(receipt.blockNumber), logs: receipt.logs };
    } catch (error) {
      throw toLedgerError(error);
    }
  };

  /**
   * Sends a contract call. By default it is simulated first (a revert surfaces as the contract's
   * custom error before a nonce is used) and its gas estimated; a call that never reverts by design
   * (a batch reporting each item's outcome in events) may give its own gas bound and skip both.
   */
  const write = (
    address: Address,
    abi: Abi,
    functionName: string,
    args: readonly unknown[],
    options: { gas?: bigint } = {},
  ) =>
    send(
      async () => {
        if (options.gas !== undefined) {
          return walletClient.writeContract({
            address,
            abi,
            functionName,
            args,
            account,
            chain,
            gas: options.gas,
          } as never);
        }
        const { request } = await publicClient.simulateContract({ address, abi, functionName, args, account } as never);
        // simulate's request carries only the function's ABI entry; the full ABI decodes a revert at gas estimation.
        return walletClient.writeContract({ ...(request as object), abi } as never);
      },
      () => publicClient.simulateContract({ address, abi, functionName, args, account } as never),
    );

  /** {@link write} for the trust and anchor registries: where the transaction landed, no logs. */
  const writeTx = async (
    address: Address,
    abi: Abi,
    functionName: string,
    args: readonly unknown[],
  ): Promise<TxResult> => {
    const { txHash, blockNumber } = await write(address, abi, functionName, args);
    return { txHash, blockNumber };
  };

  const read = async <T>(address: Address, abi: Abi, functionName: string, args: readonly unknown[]): Promise<T> => {
    try {
      return (await publicClient.readContract({ address, abi, functionName, args } as never)) as T;
    } catch (error) {
      throw toLedgerError(error);
    }
  };

  const instrumentAddress = (): Address => {
    const address = addresses().instrumentRegistry;
    if (address === undefined)
      throw new ClearledgerError('CL_LEDGER_UNAVAILABLE', 'The instrument registry is not deployed on this chain yet.');
    return address;
  };

  /** Per-account batching of instrument calls (see writeInstrument). */
  const instrumentBatcher = (() => {
    const maxBatch = 100;
    const maxInFlight = 2;
    type Waiting = {
      functionName: string;
      args: readonly unknown[];
      resolve: (r: TxReceipt) => void;
      reject: (e: unknown) => void;
    };
    const waiting: Waiting[] = [];
    let inFlight = 0;
    const sendBatch = async (batch: Waiting[]) => {
      if (batch.length === 1) {
        const [one] = batch;
        return write(instrumentAddress(), instrumentRegistryAbi, one!.functionName, one!.args).then(
          one!.resolve,
          one!.reject,
        );
      }
      const calls = batch.map((w) =>
        encodeFunctionData({ abi: instrumentRegistryAbi, functionName: w.functionName, args: w.args } as never),
      );
      const receipt = await write(instrumentAddress(), instrumentRegistryAbi, 'batch', [calls], {
        gas: 80_000n + 250_000n * BigInt(calls.length),
      });
      // Each call's events come before its BatchItem.
      let start = 0;
      let item = 0;
      for (const [index, log] of receipt.logs.entries()) {
        type Item = { eventName: string; args: { index: bigint; ok: boolean; revertData: Hex } };
        let decoded: Item | null;
        try {
          decoded = decodeEventLog({
            abi: instrumentRegistryAbi,
            data: log.data,
            topics: log.topics,
          }) as unknown as Item;
        } catch {
          decoded = null;
        }
        if (decoded === null || decoded.eventName !== 'BatchItem') continue;
        const waiter = batch[item]!;
        if (decoded.args.ok) waiter.resolve({ ...receipt, logs: receipt.logs.slice(start, index) });
        else {
          try {
            const error = decodeErrorResult({ abi: instrumentRegistryAbi, data: decoded.args.revertData });
            waiter.reject(contractError(error.errorName, error.args ?? []));
          } catch {
            waiter.reject(new ClearledgerError('CL_LEDGER_REJECTED', `The ledger refused ${waiter.functionName}.`));
          }
        }
        start = index + 1;
        item += 1;
      }
      for (const left of batch.slice(item))
        left.reject(
          new ClearledgerError('CL_LEDGER_REJECTED', `The batch answered no outcome for ${left.functionName}.`),
        );
    };
    const pump = () => {
      while (inFlight < maxInFlight && waiting.length > 0) {
        const batch = waiting.splice(0, maxBatch);
        inFlight += 1;
        sendBatch(batch)
          .catch((error: unknown) => {
            for (const w of batch) w.reject(error);
          })
          .finally(() => {
            inFlight -= 1;
            pump();
          });
      }
    };
    return {
      call: (functionName: string, args: readonly unknown[]) =>
        new Promise<TxReceipt>((resolve, reject) => {
          waiting.push({ functionName, args, resolve, reject });
          pump();
        }),
    };
  })();

  const iso = (seconds: bigint) => new Date(Number(seconds) * 1000).toISOString();
  const seconds = (time: string) => BigInt(Math.floor(Date.parse(time) / 1000));
  const keyBytes = (publicKeyMultibase: string): Hex => toHex(decodePublicKeyMultibase(publicKeyMultibase));

  return {
    chain,
    address: account.address,
    publicClient,
    get contracts() {
      return contracts;
    },
    /** Points the client at deployed contracts (found after a restart). */
    setContracts(addresses: ContractAddresses) {
      contracts = addresses;
    },

    /** Deploys TrustRegistry (this account becomes the network authority as `authorityDid`) and AnchorRegistry. */
    async deploy(authorityDid: string): Promise<ContractAddresses> {
      const deployOne = async (abi: Abi, bytecode: Hex, args: readonly unknown[]) => {
        const result = await send(() => walletClient.deployContract({ abi, bytecode, args, account, chain } as never));
        const receipt = await publicClient.getTransactionReceipt({ hash: result.txHash });
        if (receipt.contractAddress == null)
          throw new ClearledgerError('CL_LEDGER_REJECTED', 'The contract deployment created no contract.');
        return receipt.contractAddress;
      };
      const trustRegistry = await deployOne(trustRegistryAbi, trustRegistryBytecode, [authorityDid]);
      const anchorRegistry = await deployOne(anchorRegistryAbi, anchorRegistryBytecode, [trustRegistry]);
      const instrumentRegistry = await deployOne(instrumentRegistryAbi, instrumentRegistryBytecode, [
        trustRegistry,
        anchorRegistry,
      ]);
      contracts = { trustRegistry, anchorRegistry, instrumentRegistry };
      return contracts;
    },

    /**
     * Deploys InstrumentRegistry next to contracts deployed before it existed (a data folder of an
     * earlier version), reading the same trust and anchor registries.
     */
    async deployInstrumentRegistry(): Promise<ContractAddresses> {
      const current = addresses();
      const result = await send(() =>
        walletClient.deployContract({
          abi: instrumentRegistryAbi,
          bytecode: instrumentRegistryBytecode,
          args: [current.trustRegistry, current.anchorRegistry],
          account,
          chain,
        } as never),
      );
      const receipt = await publicClient.getTransactionReceipt({ hash: result.txHash });
      if (receipt.contractAddress == null)
        throw new ClearledgerError('CL_LEDGER_REJECTED', 'The contract deployment created no contract.');
      contracts = { ...current, instrumentRegistry: receipt.contractAddress };
      return contracts;
    },

    /** Sends a transaction to InstrumentRegistry (permits, carnets, in-bond); reverts become family error codes. */
    /**
     * Sends a call to InstrumentRegistry (permits, carnets, in-bond); reverts become family error
     * codes. Calls of this organisation that arrive while its earlier ones are on their way leave
     * together in one `batch` transaction (each judged and undone on its own); a lone call is
     * simulated and sent as itself.
     */
    writeInstrument: (functionName: string, args: readonly unknown[], options: { gas?: bigint } = {}) =>
      options.gas !== undefined
        ? write(instrumentAddress(), instrumentRegistryAbi, functionName, args, options)
        : instrumentBatcher.call(functionName, args),
    /** Reads InstrumentRegistry. */
    readInstrument: <T>(functionName: string, args: readonly unknown[]) =>
      read<T>(instrumentAddress(), instrumentRegistryAbi, functionName, args),

    /**
     * Tops up an account to `minimum` wei (default 1 ether) from this account, so a newly registered
     * organisation can pay for its transactions on chains that charge gas. No-op when it has enough.
     */
    async fund(to: Address, minimum = 10n ** 18n): Promise<TxResult | null> {
      const balance = await publicClient.getBalance({ address: to });
      if (balance >= minimum) return null;
      return send(() => walletClient.sendTransaction({ account, chain, to, value: minimum - balance } as never));
    },
    registerOrganization: (did: string, admin: Address, roles: readonly Role[]) =>
      writeTx(addresses().trustRegistry, trustRegistryAbi, 'registerOrganization', [did, admin, roleBitmask(roles)]),
    setRoles: (did: string, roles: readonly Role[]) =>
      writeTx(addresses().trustRegistry, trustRegistryAbi, 'setRoles', [organizationId(did), roleBitmask(roles)]),
    setActive: (did: string, active: boolean) =>
      writeTx(addresses().trustRegistry, trustRegistryAbi, 'setActive', [organizationId(did), active]),
    addKey: (did: string, publicKeyMultibase: string, validFrom: string, validUntil: string | null = null) =>
      writeTx(addresses().trustRegistry, trustRegistryAbi, 'addKey', [
        organizationId(did),
        keyBytes(publicKeyMultibase),
        seconds(validFrom),
        validUntil === null ? 0n : seconds(validUntil),
      ]),
    rotateKey: (did: string, oldKey: string, newKey: string, at: string) =>
      writeTx(addresses().trustRegistry, trustRegistryAbi, 'rotateKey', [
        organizationId(did),
        keyBytes(oldKey),
        keyBytes(newKey),
        seconds(at),
      ]),
    revokeKey: (did: string, publicKeyMultibase: string, revokedAt: string) =>
      writeTx(addresses().trustRegistry, trustRegistryAbi, 'revokeKey', [
        organizationId(did),
        keyBytes(publicKeyMultibase),
        seconds(revokedAt),
      ]),

    /** Anchors batch roots (hex without 0x or with) for this account's organisation, one transaction for all of them. Idempotent per (organisation, root). */
    anchorRoots: (roots: readonly { root: string; count: number }[]) => {
      const hex = roots.map((r) => (r.root.startsWith('0x') ? r.root : `0x${r.root}`) as Hex);
      return roots.length === 1
        ? writeTx(addresses().anchorRegistry, anchorRegistryAbi, 'anchor', [hex[0], roots[0]!.count])
        : writeTx(addresses().anchorRegistry, anchorRegistryAbi, 'anchorBatch', [hex, roots.map((r) => r.count)]);
    },
    /** Sets a credential's status; only the issuing organisation's admin can. REVOKED is final. */
    setStatus: (credentialHash: string, status: CredentialStatus, reason = '') =>
      writeTx(addresses().anchorRegistry, anchorRegistryAbi, 'setStatus', [
        `0x${credentialHash}` as Hex,
        credentialStatusCodes[status],
        toHex(new TextEncoder().encode(reason.slice(0, 32)), { size: 32 }),
      ]),

    async getOrganization(did: string): Promise<ChainOrganization | null> {
      const orgId = organizationId(did);
      const [onChainDid, roles, active, admin, exists] = await read<[string, bigint, boolean, Address, boolean]>(
        addresses().trustRegistry,
        trustRegistryAbi,
        'getOrganization',
        [orgId],
      );
      return exists ? { orgId, did: onChainDid, roles: rolesFromBitmask(roles), active, admin } : null;
    },
    async getOrganizationById(orgId: Hex): Promise<ChainOrganization | null> {
      const [did, roles, active, admin, exists] = await read<[string, bigint, boolean, Address, boolean]>(
        addresses().trustRegistry,
        trustRegistryAbi,
        'getOrganization',
        [orgId],
      );
      return exists ? { orgId, did, roles: rolesFromBitmask(roles), active, admin } : null;
    },
    /** The organisation's roles and active flag after block `blockNumber`, or null when it was not registered by then. */
    async getOrganizationAt(did: string, blockNumber: number): Promise<ChainOrganizationState | null> {
      const [roles, active, existed] = await read<[bigint, boolean, boolean]>(
        addresses().trustRegistry,
        trustRegistryAbi,
        'organizationAt',
        [organizationId(did), BigInt(blockNumber)],
      );
      return existed ? { roles: rolesFromBitmask(roles), active } : null;
    },
    async getKey(publicKeyMultibase: string): Promise<ChainKey | null> {
      const [orgId, validFrom, validUntil, revokedAt, exists] = await read<[Hex, bigint, bigint, bigint, boolean]>(
        addresses().trustRegistry,
        trustRegistryAbi,
        'getKey',
        [keyBytes(publicKeyMultibase)],
      );
      if (!exists) return null;
      return {
        orgId,
        validFrom: iso(validFrom),
        validUntil: validUntil === 0n ? null : iso(validUntil),
        revokedAt: revokedAt === 0n ? null : iso(revokedAt),
      };
    },
    /** The anchor of `root` by the organisation `issuerDid` (anchors are per organisation and root), or null. */
    async getAnchor(issuerDid: string, root: string): Promise<ChainAnchor | null> {
      const orgId = organizationId(issuerDid);
      const [count, blockTime, blockNumber, exists] = await read<[number, bigint, bigint, boolean]>(
        addresses().anchorRegistry,
        anchorRegistryAbi,
        'getAnchor',
        [orgId, (root.startsWith('0x') ? root : `0x${root}`) as Hex],
      );
      return exists
        ? { orgId, count: Number(count), blockNumber: Number(blockNumber), anchoredAt: iso(blockTime) }
        : null;
    },
    async statusOf(
      issuerDid: string,
      credentialHash: string,
    ): Promise<{ status: CredentialStatus; reason: string; since: string | null }> {
      const [code, reason, since] = await read<[number, Hex, bigint]>(
        addresses().anchorRegistry,
        anchorRegistryAbi,
        'statusOf',
        [organizationId(issuerDid), `0x${credentialHash}` as Hex],
      );
      const text = new TextDecoder().decode(Buffer.from(reason.slice(2), 'hex')).replace(/\0+$/, '');
      return {
        status: credentialStatusFromCode(Number(code)) ?? 'ACTIVE',
        reason: text,
        since: since === 0n ? null : iso(since),
      };
    },
    async blockNumber(): Promise<number> {
      try {
        return Number(await publicClient.getBlockNumber({ cacheTime: 0 }));
      } catch (error) {
        throw toLedgerError(error);
      }
    },
  };
}
