import {
  type CryptoPort,
  type DataIntegrityProof,
  decodePublicKeyMultibase,
  isPublicKeyMultibase,
  type LedgerSnapshot,
  parseVerificationMethod,
  verifyProofValue,
} from '@clearledger/core';

/** `GET /trust/snapshot`: the snapshot and the node's eddsa-jcs-2022 proof over `{ snapshot }`. */
export type SignedSnapshot = { snapshot: LedgerSnapshot; proof: DataIntegrityProof };

/** The node's signing key as published in its DID document. */
export type NodeKey = { did: string | null; publicKeyMultibase: string };

export type NodeKeyResult = { success: true; data: NodeKey } | { success: false; message: string };

/** The node's key from its DID document (`GET /.well-known/did.json`): verificationMethod[0].publicKeyMultibase. */
export function nodeKeyFromDidDocument(document: unknown): NodeKeyResult {
  if (typeof document !== 'object' || document === null) return { success: false, message: 'not a DID document' };
  const { id, verificationMethod } = document as { id?: unknown; verificationMethod?: unknown };
  const method = Array.isArray(verificationMethod) ? (verificationMethod[0] as unknown) : undefined;
  const key = (method as { publicKeyMultibase?: unknown } | undefined)?.publicKeyMultibase;
  if (typeof key !== 'string' || !isPublicKeyMultibase(key))
    return { success: false, message: 'the DID document has no Ed25519 publicKeyMultibase' };
  return { success: true, data: { did: typeof id === 'string' ? id : null, publicKeyMultibase: key } };
}

export type VerifySnapshotResult =
  | { success: true; data: SignedSnapshot }
  | { success: false; reason: 'MALFORMED' | 'WRONG_KEY' | 'SIGNATURE'; message: string };

const isString = (v: unknown): v is string => typeof v === 'string';
const isIsoTime = (v: unknown): v is string => isString(v) && !Number.isNaN(Date.parse(v));
const isNullableIso = (v: unknown) => v === null || isIsoTime(v);

/** The snapshot's shape, checked before it is trusted to drive verification. */
function snapshotProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'snapshot is not an object';
  const s = value as Record<string, unknown>;
  if (!Number.isSafeInteger(s.blockNumber) || (s.blockNumber as number) < 0) return 'blockNumber is not a block number';
  if (!isIsoTime(s.asOf)) return 'asOf is not a date-time';
  if (!Array.isArray(s.organizations)) return 'organizations is not a list';
  for (const org of s.organizations as unknown[]) {
    const o = org as Record<string, unknown> | null;
    if (
      o === null ||
      typeof o !== 'object' ||
      !isString(o.id) ||
      typeof o.active !== 'boolean' ||
      !Array.isArray(o.roles) ||
      !o.roles.every(isString) ||
      !Array.isArray(o.keys)
    )
      return 'an organisation is malformed';
    if (o.name !== undefined && !isString(o.name)) return `the name of ${o.id} is not text`;
    if (
      o.history !== undefined &&
      (!Array.isArray(o.history) ||
        !o.history.every((h: { blockNumber?: unknown; active?: unknown; roles?: unknown } | null) => {
          if (h === null || typeof h !== 'object') return false;
          return (
            Number.isSafeInteger(h.blockNumber) &&
            typeof h.active === 'boolean' &&
            Array.isArray(h.roles) &&
            h.roles.every(isString)
          );
        }))
    )
      return `the history of ${o.id} is malformed`;
    for (const key of o.keys as unknown[]) {
      const k = key as Record<string, unknown> | null;
      if (
        k === null ||
        typeof k !== 'object' ||
        !isString(k.publicKeyMultibase) ||
        !isIsoTime(k.validFrom) ||
        !isNullableIso(k.validUntil) ||
        !isNullableIso(k.revokedAt)
      )
        return `a key of ${o.id} is malformed`;
    }
  }
  if (!Array.isArray(s.anchors)) return 'anchors is not a list';
  for (const anchor of s.anchors as unknown[]) {
    const a = anchor as Record<string, unknown> | null;
    if (
      a === null ||
      typeof a !== 'object' ||
      !isString(a.root) ||
      !isString(a.issuer) ||
      !Number.isSafeInteger(a.size) ||
      !Number.isSafeInteger(a.blockNumber) ||
      !isIsoTime(a.anchoredAt)
    )
      return 'an anchor is malformed';
  }
  if (typeof s.statuses !== 'object' || s.statuses === null || Array.isArray(s.statuses))
    return 'statuses is not an object';
  for (const perIssuer of Object.values(s.statuses as Record<string, unknown>)) {
    if (!Array.isArray(perIssuer)) return 'a status entry is not a list';
    for (const entry of perIssuer as unknown[]) {
      const e = entry as { status?: unknown; issuer?: unknown } | null;
      if (
        e === null ||
        typeof e !== 'object' ||
        !isString(e.issuer) ||
        (e.status !== 'ACTIVE' && e.status !== 'REVOKED' && e.status !== 'SUSPENDED')
      )
        return 'a status is malformed';
    }
  }
  return null;
}

/**
 * Verifies a signed trust snapshot against the node key the device trusts: the proof must be an
 * eddsa-jcs-2022 proof by that key over the document `{ snapshot }`, and the snapshot well formed.
 */
export function verifySignedSnapshot(crypto: CryptoPort, signed: unknown, trusted: NodeKey): VerifySnapshotResult {
  if (typeof signed !== 'object' || signed === null)
    return { success: false, reason: 'MALFORMED', message: 'The answer is not a signed snapshot.' };
  const { snapshot, proof } = signed as { snapshot?: unknown; proof?: unknown };
  if (typeof proof !== 'object' || proof === null || Array.isArray(proof))
    return { success: false, reason: 'MALFORMED', message: 'The snapshot carries no proof.' };
  const p = proof as Record<string, unknown>;
  if (p.type !== 'DataIntegrityProof' || p.cryptosuite !== 'eddsa-jcs-2022')
    return { success: false, reason: 'MALFORMED', message: 'The snapshot proof is not eddsa-jcs-2022.' };
  if (isString(p.verificationMethod)) {
    let signer: string | null = null;
    try {
      signer = parseVerificationMethod(p.verificationMethod).publicKeyMultibase;
    } catch {
      // The key may be named another way (e.g. a DID URL fragment); the signature decides.
    }
    if (signer !== null && signer !== trusted.publicKeyMultibase)
      return {
        success: false,
        reason: 'WRONG_KEY',
        message: `The snapshot is signed by ${signer}, not by the trusted node key ${trusted.publicKeyMultibase}.`,
      };
  }
  let publicKey: Uint8Array;
  try {
    publicKey = decodePublicKeyMultibase(trusted.publicKeyMultibase);
  } catch {
    return { success: false, reason: 'MALFORMED', message: 'The trusted node key is malformed.' };
  }
  const check = verifyProofValue(crypto, { snapshot }, p, publicKey);
  if (!check.ok)
    return {
      success: false,
      reason: check.reason === 'SIGNATURE' ? 'SIGNATURE' : 'MALFORMED',
      message: check.message,
    };
  const problem = snapshotProblem(snapshot);
  if (problem !== null)
    return { success: false, reason: 'MALFORMED', message: `The snapshot is malformed: ${problem}.` };
  return { success: true, data: { snapshot: snapshot as LedgerSnapshot, proof: p as DataIntegrityProof } };
}
