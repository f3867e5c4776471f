import { availableParallelism } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { ClearledgerError, type Role, roles } from '@clearledger/core';
import type { LedgerConfig } from '../node/openLedger.ts';

/** Everything a node needs to start; read once by the composition root (`apps/server/src/main.ts`). */
export type NodeConfig = {
  /** Folder for the SQLite file, the master key and later the chain journal. */
  dataDir: string;
  /** PostgreSQL URL; when absent the node uses SQLite in `dataDir`. */
  databaseUrl: string | undefined;
  /** Passphrase that encrypts signing keys; when absent a random master key file is created (0600). */
  keyPassphrase: string | undefined;
  host: string;
  port: number;
  /** The organisation created on first start. */
  org: { name: string; did: string; country: string; roles: Role[] };
  /** The chain: embedded by default, or any JSON-RPC chain. */
  ledger: LedgerConfig;
  /**
   * Worker threads that verify credentials when verifications overlap (with a chain); 0 verifies on
   * the event loop only. Default: one per core but one (the event loop's), at least one.
   */
  verifyThreads?: number;
};

/** The environment variables a node reads (documented in `--help` and the README). */
export const nodeEnvironment = {
  CLEARLEDGER_DATA_DIR: 'data folder (default ./data)',
  DATABASE_URL: 'PostgreSQL URL (default: SQLite file in the data folder)',
  CLEARLEDGER_KEY_PASSPHRASE: 'passphrase that encrypts signing keys at rest (default: random master key file)',
  CLEARLEDGER_HOST: 'address to listen on (default 127.0.0.1)',
  CLEARLEDGER_PORT: 'port to listen on (default 8080; 0 picks a free port)',
  CLEARLEDGER_ORG_NAME: 'name of the organisation created on first start',
  CLEARLEDGER_ORG_DID: 'its DID (default did:web:clearledger.localhost)',
  CLEARLEDGER_ORG_COUNTRY: 'its ISO 3166-1 alpha-2 country (default US)',
  CLEARLEDGER_ORG_ROLES: 'its comma-separated roles (default NETWORK_AUTHORITY,CUSTOMS)',
  CHAIN_RPC_URL: 'JSON-RPC URL of an EVM chain (default: the embedded chain in the data folder)',
  CLEARLEDGER_TRUST_REGISTRY: 'TrustRegistry address on CHAIN_RPC_URL',
  CLEARLEDGER_ANCHOR_REGISTRY: 'AnchorRegistry address on CHAIN_RPC_URL',
  CLEARLEDGER_INSTRUMENT_REGISTRY: 'InstrumentRegistry address on CHAIN_RPC_URL (permits, carnets, in-bond)',
  CLEARLEDGER_CHAIN_ID: 'chain id of the embedded chain (default 1337)',
  CLEARLEDGER_CHAIN_RPC_PORT: 'serve the embedded chain as JSON-RPC on 127.0.0.1 at this port (default: a free port)',
  CLEARLEDGER_ANCHOR_BATCH: 'most credentials per anchored Merkle batch (default 10000)',
  CLEARLEDGER_ANCHOR_LATENCY_MS: 'longest wait before pending credentials are anchored, ms (default 500)',
  CLEARLEDGER_VERIFY_THREADS:
    'worker threads verifying credentials under load (default: cores - 1, at least 1; 0 = on the event loop only)',
} as const;

/**
 * Reads and validates the node configuration from environment variables (and overrides), with a
 * `CL_CONFIG_INVALID` error naming the variable and the fix when a value is wrong.
 */
export function readNodeConfig(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  overrides: Partial<Pick<NodeConfig, 'dataDir' | 'port' | 'host'>> = {},
): NodeConfig {
  const dataDirRaw = overrides.dataDir ?? env.CLEARLEDGER_DATA_DIR ?? 'data';
  const portRaw = overrides.port ?? env.CLEARLEDGER_PORT ?? '8080';
  const port = typeof portRaw === 'number' ? portRaw : Number(portRaw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ClearledgerError(
      'CL_CONFIG_INVALID',
      `CLEARLEDGER_PORT must be a port number 0-65535, got "${portRaw}".`,
      {
        field: 'CLEARLEDGER_PORT',
      },
    );
  }
  const roleNames = (env.CLEARLEDGER_ORG_ROLES ?? 'NETWORK_AUTHORITY,CUSTOMS').split(',').map((r) => r.trim());
  for (const r of roleNames) {
    if (!(roles as readonly string[]).includes(r)) {
      throw new ClearledgerError(
        'CL_CONFIG_INVALID',
        `CLEARLEDGER_ORG_ROLES: "${r}" is not a role; use ${roles.join(', ')}.`,
        {
          field: 'CLEARLEDGER_ORG_ROLES',
        },
      );
    }
  }
  const country = env.CLEARLEDGER_ORG_COUNTRY ?? 'US';
  if (!/^[A-Z]{2}$/.test(country)) {
    throw new ClearledgerError(
      'CL_CONFIG_INVALID',
      'CLEARLEDGER_ORG_COUNTRY must be an ISO 3166-1 alpha-2 code such as US.',
      {
        field: 'CLEARLEDGER_ORG_COUNTRY',
      },
    );
  }
  const did = env.CLEARLEDGER_ORG_DID ?? 'did:web:clearledger.localhost';
  if (!/^did:[a-z0-9]+:[A-Za-z0-9._:%-]+$/.test(did)) {
    throw new ClearledgerError(
      'CL_CONFIG_INVALID',
      `CLEARLEDGER_ORG_DID must be a DID such as did:web:agency.example, got "${did}".`,
      {
        field: 'CLEARLEDGER_ORG_DID',
      },
    );
  }
  const databaseUrl = env.DATABASE_URL === '' ? undefined : env.DATABASE_URL;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ClearledgerError('CL_CONFIG_INVALID', 'DATABASE_URL must start with postgres:// or postgresql://.', {
      field: 'DATABASE_URL',
    });
  }
  const keyPassphrase = env.CLEARLEDGER_KEY_PASSPHRASE === '' ? undefined : env.CLEARLEDGER_KEY_PASSPHRASE;
  if (keyPassphrase !== undefined && keyPassphrase.length < 12) {
    throw new ClearledgerError('CL_CONFIG_INVALID', 'CLEARLEDGER_KEY_PASSPHRASE must be at least 12 characters long.', {
      field: 'CLEARLEDGER_KEY_PASSPHRASE',
    });
  }
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new ClearledgerError(
        'CL_CONFIG_INVALID',
        `${name} must be an integer from ${min} to ${max}, got "${raw}".`,
        { field: name },
      );
    }
    return value;
  };
  const address = (name: string): `0x${string}` | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    if (!/^0x[0-9a-fA-F]{40}$/.test(raw)) {
      throw new ClearledgerError('CL_CONFIG_INVALID', `${name} must be a 0x-prefixed 20-byte address.`, {
        field: name,
      });
    }
    return raw as `0x${string}`;
  };
  const rpcUrl = env.CHAIN_RPC_URL === '' ? undefined : env.CHAIN_RPC_URL;
  if (rpcUrl !== undefined && !/^https?:\/\//.test(rpcUrl)) {
    throw new ClearledgerError('CL_CONFIG_INVALID', 'CHAIN_RPC_URL must be an http:// or https:// URL.', {
      field: 'CHAIN_RPC_URL',
    });
  }
  const trustRegistry = address('CLEARLEDGER_TRUST_REGISTRY');
  const anchorRegistry = address('CLEARLEDGER_ANCHOR_REGISTRY');
  const instrumentRegistry = address('CLEARLEDGER_INSTRUMENT_REGISTRY');
  const servePort =
    env.CLEARLEDGER_CHAIN_RPC_PORT === 'off' ? undefined : integer('CLEARLEDGER_CHAIN_RPC_PORT', 0, 0, 65535);
  return {
    ledger: {
      rpcUrl,
      chainId: integer('CLEARLEDGER_CHAIN_ID', 1337, 1, 2 ** 31),
      contracts:
        trustRegistry !== undefined && anchorRegistry !== undefined
          ? { trustRegistry, anchorRegistry, ...(instrumentRegistry === undefined ? {} : { instrumentRegistry }) }
          : undefined,
      servePort,
      anchorMaxBatchSize: integer('CLEARLEDGER_ANCHOR_BATCH', 10_000, 1, 1_000_000),
      anchorMaxLatencyMs: integer('CLEARLEDGER_ANCHOR_LATENCY_MS', 500, 10, 3_600_000),
    },
    verifyThreads: integer('CLEARLEDGER_VERIFY_THREADS', Math.max(1, availableParallelism() - 1), 0, 256),
    dataDir: isAbsolute(dataDirRaw) ? dataDirRaw : resolve(cwd, dataDirRaw),
    databaseUrl,
    keyPassphrase,
    host: overrides.host ?? env.CLEARLEDGER_HOST ?? '127.0.0.1',
    port,
    org: {
      name: env.CLEARLEDGER_ORG_NAME ?? 'Clearledger node operator',
      did,
      country,
      roles: roleNames as Role[],
    },
  };
}
