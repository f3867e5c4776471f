import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ClearledgerError,
  type CryptoPort,
  createInclusionCache,
  createSigner,
  encodePublicKeyMultibase,
  type OrganizationRecord,
  type Role,
  type Signer,
  type SignMany,
  type Store,
  storeLedgerView,
  type VerificationReport,
} from '@clearledger/core';
import { createStore } from '@clearledger/store';
import type { NodeConfig } from '../config/NodeConfig.ts';
import { SecretBox } from '../keystore/secretBox.ts';
import { type CryptoProvider, selectCrypto } from '../selectCrypto.ts';
import { createSigningPool, type SigningPool } from '../signing/signingPool.ts';
import {
  createVerificationPool,
  type PooledVerification,
  type VerificationPool,
  verifyPooled,
} from '../verifying/verificationPool.ts';
import { type NodeLedger, openLedger } from './openLedger.ts';

/** A running node's shared state: the store, crypto, and access to its organisations' signing keys. */
export type NodeContext = {
  config: NodeConfig;
  store: Store;
  crypto: CryptoPort;
  /** Which implementation backs `crypto` (libsodium when it loads, node:crypto otherwise). */
  cryptoProvider: CryptoProvider;
  /** Id of the organisation created on first start. */
  operatorOrgId: string;
  /** True when this start created the data folder, keys and organisation. */
  firstRun: boolean;
  /** The current signing key of an organisation hosted by this node. */
  signerFor(orgId: string): Promise<Signer>;
  /** The chain (when opened with `{ ledger: true }`). */
  ledger: NodeLedger | undefined;
  /** Parallel signing for bulk issuance (a worker-thread pool, started on first use). */
  signMany: SignMany;
  /** Starts the signing pool now and resolves when its workers are ready. */
  prepareSigning(): Promise<void>;
  /**
   * Verifies a credential against the node's ledger view (the chain's trust state when the node has
   * a chain, else its store's). With a chain, overlapping verifications run on a pool of worker
   * threads (started when they first overlap; on the calling thread until its workers are loaded),
   * each holding a copy of the trust state synced to the chain head before every answer: the report
   * is the one `verifyCredential` gives on the calling thread.
   */
  verify(input: PooledVerification): Promise<VerificationReport>;
  /** {@link NodeContext.verify}'s report as JSON text (what an HTTP answer sends). */
  verifyToJson(input: PooledVerification): Promise<string>;
  /** Starts the verification pool now (it starts by itself when verifications overlap); none without a chain. */
  prepareVerifying(): Promise<void>;
  /** Creates and stores a new Ed25519 key for an organisation, encrypted at rest. */
  createKey(orgId: string, validFrom: string): Promise<string>;
  /**
   * Hosts an organisation on this node: creates it with its first signing key (one transaction) when
   * it does not exist, then — when the node has a chain — gives it a chain account and registers it
   * and its keys on the chain (the node must be the network authority). Idempotent by DID.
   */
  hostOrganization(org: HostedOrganization): Promise<OrganizationRecord>;
  close(): Promise<void>;
};

/** What it takes to host an organisation on a node. */
export type HostedOrganization = { did: string; name: string; country: string; roles: Role[] };

/** libsodium when it loads, node:crypto otherwise (decided once per process). */
const selected = selectCrypto();
const CHECK_PLAINTEXT = new TextEncoder().encode('clearledger-keystore-check');

/**
 * Opens (and on first start creates) a node: data folder, store with migrations, key store, and
 * the operator organisation with its first signing key.
 *
 * @param now - the clock, as an ISO timestamp supplier.
 */
export async function openNode(
  config: NodeConfig,
  now: () => string,
  options: { ledger?: boolean } = {},
): Promise<NodeContext> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const store =
    config.databaseUrl === undefined
      ? await createStore({ kind: 'sqlite', file: join(config.dataDir, 'clearledger.sqlite') })
      : await createStore({ kind: 'postgres', url: config.databaseUrl });
  try {
    await store.migrate();
    const box = await openKeyStore(store, config);
    let operatorOrgId = await store.getSetting('node.operatorOrgId');
    const firstRun = operatorOrgId === null;
    const signers = new Map<string, Signer>();

    const createKey = async (orgId: string, validFrom: string, db: Store = store): Promise<string> => {
      const seed = selected.crypto.randomBytes(32);
      const publicKeyMultibase = encodePublicKeyMultibase(selected.crypto.ed25519PublicKey(seed));
      await db.putKey({
        orgId,
        publicKeyMultibase,
        encryptedSecret: box.seal(seed, publicKeyMultibase),
        // Whole seconds: proofs state their creation time to the second.
        validFrom: new Date(Math.floor(Date.parse(validFrom) / 1000) * 1000).toISOString(),
        validUntil: null,
        revokedAt: null,
        createdAt: now(),
      });
      signers.delete(orgId);
      return publicKeyMultibase;
    };

    if (operatorOrgId === null) {
      const createdAt = now();
      operatorOrgId = config.org.did;
      // The organisation, its first key and the marker of a completed first run in one transaction:
      // a node killed half-way through its first start starts afresh, never without a signing key.
      await store.transaction(async (tx) => {
        await tx.putOrganization({
          id: config.org.did,
          did: config.org.did,
          name: config.org.name,
          country: config.org.country,
          roles: config.org.roles,
          active: true,
          createdAt,
        });
        await createKey(config.org.did, createdAt, tx);
        await tx.putSetting('node.operatorOrgId', config.org.did);
      });
    }

    const signerFor = async (orgId: string): Promise<Signer> => {
      const cached = signers.get(orgId);
      if (cached !== undefined) return cached;
      const org = await store.getOrganization(orgId);
      if (org === null) throw new ClearledgerError('CL_STORE_NOT_FOUND', `No organisation ${orgId} on this node.`);
      const t = Date.parse(now());
      const key = (await store.listKeys(orgId))
        .filter(
          (k) =>
            k.encryptedSecret !== null &&
            k.revokedAt === null &&
            Date.parse(k.validFrom) <= t &&
            (k.validUntil === null || Date.parse(k.validUntil) > t),
        )
        .sort((a, b) => b.validFrom.localeCompare(a.validFrom))[0];
      if (key === undefined) {
        throw new ClearledgerError(
          'CL_STORE_NOT_FOUND',
          `Organisation ${orgId} has no valid signing key on this node.`,
        );
      }
      const signer = createSigner(selected.crypto, {
        issuer: org.did,
        seed: box.open(key.encryptedSecret!, key.publicKeyMultibase),
      });
      signers.set(orgId, signer);
      return signer;
    };

    const ledger = options.ledger
      ? await openLedger({
          config: config.ledger,
          dataDir: config.dataDir,
          store,
          box,
          operator: { did: operatorOrgId, roles: config.org.roles },
        })
      : undefined;
    let pool: SigningPool | undefined;
    let verifiers: VerificationPool | undefined;
    /** The pool once its workers are loaded: verifications go there from then on. */
    let readyVerifiers: VerificationPool | undefined;
    const localInclusionCache = createInclusionCache();
    const localView = ledger?.view ?? storeLedgerView(store);
    const verifyHere = (input: PooledVerification) =>
      verifyPooled({ crypto: selected.crypto, ledger: localView, inclusionCache: localInclusionCache }, input);
    /** Verifications running now (on this thread or the pool). */
    let verifying = 0;
    const startVerifiers = (): VerificationPool | undefined => {
      if (ledger === undefined || config.verifyThreads === 0) return undefined;
      if (verifiers === undefined) {
        const view = ledger.view;
        verifiers = createVerificationPool(
          {
            sync: () => ledger.snapshots.sync(),
            snapshot: () => ledger.snapshots.snapshot(),
            anchorReceipt: async (hash) => (await view.anchorReceipt?.(hash)) ?? null,
          },
          config.verifyThreads === undefined ? {} : { threads: config.verifyThreads },
        );
        const pool = verifiers;
        pool.ready().then(
          () => {
            readyVerifiers = pool;
          },
          () => undefined,
        );
      }
      return verifiers;
    };
    /**
     * Where a verification runs: on the pool once its workers are loaded. The pool starts when
     * verifications overlap (a node verifying one at a time never pays for the workers).
     */
    const runVerification = async <T>(
      onPool: (pool: VerificationPool) => Promise<T>,
      here: () => Promise<T>,
    ): Promise<T> => {
      verifying++;
      try {
        if (verifying > 1) startVerifiers();
        return readyVerifiers !== undefined ? await onPool(readyVerifiers) : await here();
      } finally {
        verifying--;
      }
    };
    return {
      ledger,
      config,
      store,
      crypto: selected.crypto,
      cryptoProvider: selected.provider,
      operatorOrgId,
      firstRun,
      signerFor,
      signMany: (parameters) => {
        pool ??= createSigningPool();
        return pool.signMany(parameters);
      },
      prepareSigning: () => {
        pool ??= createSigningPool();
        return pool.ready();
      },
      verify: (input) =>
        runVerification(
          (pool) => pool.verify(input),
          () => verifyHere(input),
        ),
      verifyToJson: (input) =>
        runVerification(
          (pool) => pool.verifyToJson(input),
          async () => JSON.stringify(await verifyHere(input)),
        ),
      async prepareVerifying() {
        const pool = startVerifiers();
        await pool?.ready();
        readyVerifiers = pool;
      },
      createKey: (orgId, validFrom) => createKey(orgId, validFrom),
      async hostOrganization(input) {
        let org = await store.getOrganization(input.did);
        if (org === null) {
          const createdAt = now();
          org = {
            id: input.did,
            did: input.did,
            name: input.name,
            country: input.country,
            roles: input.roles,
            active: true,
            createdAt,
          };
          const record = org;
          await store.transaction(async (tx) => {
            await tx.putOrganization(record);
            await createKey(record.id, createdAt, tx);
          });
        }
        await ledger?.registerHosted({ did: org.did, roles: org.roles as Role[] });
        return org;
      },
      async close() {
        await pool?.close();
        await verifiers?.close();
        await ledger?.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** Unlocks (or creates) the node's key store and proves it opens what it sealed before. */
async function openKeyStore(store: Store, config: NodeConfig): Promise<SecretBox> {
  const mode = await store.getSetting('keystore.mode');
  let box: SecretBox;
  if (mode === 'passphrase' || (mode === null && config.keyPassphrase !== undefined)) {
    if (config.keyPassphrase === undefined) {
      throw new ClearledgerError(
        'CL_KEYSTORE_LOCKED',
        'This node encrypts its keys with a passphrase: set CLEARLEDGER_KEY_PASSPHRASE to start it.',
      );
    }
    let salt = await store.getSetting('keystore.salt');
    if (salt === null) {
      salt = Buffer.from(selected.crypto.randomBytes(16)).toString('base64url');
      await store.putSetting('keystore.salt', salt);
    }
    box = SecretBox.fromPassphrase(config.keyPassphrase, Buffer.from(salt, 'base64url'));
  } else {
    const file = join(config.dataDir, 'master.key');
    if (!existsSync(file)) {
      if (mode !== null) {
        throw new ClearledgerError(
          'CL_KEYSTORE_LOCKED',
          `The master key file ${file} is missing; restore it from backup.`,
        );
      }
      writeFileSync(file, Buffer.from(selected.crypto.randomBytes(32)).toString('base64url') + '\n', {
        mode: 0o600,
        flag: 'wx',
      });
    }
    chmodSync(file, 0o600);
    box = SecretBox.fromMasterKey(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url'));
  }
  const check = await store.getSetting('keystore.check');
  if (check === null) {
    await store.putSetting(
      'keystore.mode',
      config.keyPassphrase !== undefined && mode === null ? 'passphrase' : (mode ?? 'file'),
    );
    await store.putSetting('keystore.check', box.seal(CHECK_PLAINTEXT, 'keystore-check'));
  } else {
    box.open(check, 'keystore-check');
  }
  return box;
}
