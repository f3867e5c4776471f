import { checkCredentialFormat } from '../credentials/checkCredentialFormat.ts';
import { verifyCanonicalProof } from '../credentials/eddsaJcs2022.ts';
import { issuerId, type SignedCredential } from '../credentials/types.ts';
import type { CryptoPort } from '../crypto/CryptoPort.ts';
import { parseVerificationMethod } from '../did/verificationMethod.ts';
import { fromHex, toHex } from '../encoding/bytes.ts';
import type { ErrorCode } from '../errors/codes.ts';
import { familyDomainChecks } from '../families/familyRegistry.ts';
import { canonicalMembers, hashCanonicalMembers } from '../jcs/canonicalize.ts';
import { type InclusionCache, type ProvenInclusion, verifyInclusionCached } from '../merkle/inclusionCache.ts';
import { leafHash } from '../merkle/merkleTree.ts';
import { verifyInclusion } from '../merkle/verifyInclusion.ts';
import { allowedRoles, checkIssuancePolicy, defaultIssuancePolicy, type IssuancePolicy } from './issuancePolicy.ts';
import { summarizeChecks } from './summarizeChecks.ts';
import type {
  AnchorFacts,
  AnchorReceipt,
  CheckName,
  CheckStatus,
  DomainCheck,
  LedgerView,
  VerificationCheck,
  VerificationReport,
} from './types.ts';

/** What verification needs from the host. */
export type VerifyContext = {
  crypto: CryptoPort;
  /** The time to verify at (dateTimeStamp). */
  now: string;
  /** Trust registry, anchors and statuses; without it those checks are SKIPPED and the verdict INCONCLUSIVE. */
  ledger?: LedgerView;
  policy?: IssuancePolicy;
  /**
   * Merkle nodes already proven under anchored roots; verifying many records of one batch then costs
   * about one hash each instead of log2(batch size). Hosts keep one per process.
   */
  inclusionCache?: InclusionCache;
  /** Domain rules by credential type; default: those of the registered record families. */
  domainChecks?: Readonly<Record<string, DomainCheck>>;
};

/** Parameters of {@link verifyCredential}. */
export type VerifyCredentialParameters = {
  /** The signed credential (already parsed with the hostile-JSON parser at the edge). */
  credential: unknown;
  /** Its anchor receipt, when the holder has one (QR codes and exported files carry it). */
  anchor?: AnchorReceipt;
};

/**
 * Verifies a credential and returns a report of every check: format, integrity (eddsa-jcs-2022
 * signature), issuer (key belonged to the issuer at issuance, issuer held an allowed role), anchor
 * (Merkle inclusion proof against a root anchored by the issuer), status (not revoked/suspended),
 * validity (validFrom/validUntil) and domain (rules of the record type). Never throws for a bad
 * credential; a failing ledger makes the affected checks ERROR.
 */
export async function verifyCredential(
  ctx: VerifyContext,
  params: VerifyCredentialParameters,
): Promise<VerificationReport> {
  const checks: VerificationCheck[] = [];
  const push = (
    check: CheckName,
    status: CheckStatus,
    code: ErrorCode,
    message: string,
    details?: Record<string, unknown>,
  ) =>
    checks.push(details === undefined ? { check, status, code, message } : { check, status, code, message, details });
  const report = (extra: Partial<VerificationReport> = {}): VerificationReport => ({
    verdict: summarizeChecks(checks),
    checks,
    verifiedAt: ctx.now,
    ...(ctx.ledger === undefined ? {} : { ledgerSource: ctx.ledger.source }),
    ...extra,
  });
  const skipRest = (from: CheckName, message: string) => {
    const names: CheckName[] = ['format', 'integrity', 'issuer', 'anchor', 'status', 'validity', 'domain'];
    for (const name of names.slice(names.indexOf(from))) push(name, 'SKIPPED', 'CL_VERIFY_PRECONDITION', message);
  };

  // format
  const format = checkCredentialFormat(params.credential);
  const rawProof = (params.credential as { proof?: unknown } | null)?.proof;
  if (!format.success) {
    const first = format.problems[0]!;
    push(
      'format',
      'INVALID',
      first.code === 'CL_CONTEXT_UNKNOWN' ? 'CL_VERIFY_CONTEXT_UNKNOWN' : 'CL_VERIFY_FORMAT',
      first.message,
      {
        problems: format.problems,
      },
    );
    skipRest('integrity', 'Not checked: the record is not a well-formed credential.');
    return report();
  }
  const vc = format.data as SignedCredential;
  const meta = { credentialId: vc.id, issuer: issuerId(vc), types: [...vc.type] } as Partial<VerificationReport>;
  if (typeof rawProof !== 'object' || rawProof === null || Array.isArray(rawProof)) {
    push('format', 'INVALID', 'CL_VERIFY_PROOF_MISSING', 'The record carries no single Data Integrity proof.');
    skipRest('integrity', 'Not checked: the record has no proof.');
    return report(meta);
  }
  push('format', 'VALID', 'CL_VERIFY_OK', 'The record is a well-formed Verifiable Credential 2.0.');

  // integrity
  const proof = rawProof as Record<string, unknown>;
  if (proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== 'eddsa-jcs-2022') {
    push(
      'integrity',
      'INVALID',
      'CL_VERIFY_PROOF_UNSUPPORTED',
      'Only DataIntegrityProof with the eddsa-jcs-2022 cryptosuite is accepted.',
    );
    skipRest('issuer', 'Not checked: the proof type is not supported.');
    return report(meta);
  }
  let vm: ReturnType<typeof parseVerificationMethod>;
  try {
    vm = parseVerificationMethod(proof.verificationMethod as string);
  } catch (error) {
    push('integrity', 'INVALID', 'CL_VERIFY_PROOF_MALFORMED', (error as Error).message);
    skipRest('issuer', 'Not checked: the proof is malformed.');
    return report(meta);
  }
  if (proof.proofPurpose !== 'assertionMethod' || (proof.created !== undefined && typeof proof.created !== 'string')) {
    push(
      'integrity',
      'INVALID',
      'CL_VERIFY_PROOF_MALFORMED',
      'The proof must have proofPurpose "assertionMethod" and a string created time.',
    );
    skipRest('issuer', 'Not checked: the proof is malformed.');
    return report(meta);
  }
  if (vm.controller !== meta.issuer) {
    push(
      'integrity',
      'INVALID',
      'CL_VERIFY_KEY_CONTROLLER',
      `The signing key is declared for ${vm.controller}, not for the issuer ${meta.issuer}.`,
    );
    skipRest('issuer', 'Not checked: the key is not the issuer’s.');
    return report(meta);
  }
  // One serialisation serves both the signature (document without proof) and the ledger hash (with it).
  let members: ReturnType<typeof canonicalMembers>;
  try {
    members = canonicalMembers(vc);
  } catch (error) {
    push('integrity', 'INVALID', 'CL_VERIFY_PROOF_MALFORMED', (error as Error).message);
    skipRest('issuer', 'Not checked: the record cannot be canonicalised.');
    return report(meta);
  }
  // The document without its proof (signed) and with it (the ledger hash) share the members before
  // "proof": they are hashed once.
  const hashes = hashCanonicalMembers(ctx.crypto, members, 'proof');
  const proofCheck = verifyCanonicalProof(
    ctx.crypto,
    { unsecuredHash: hashes.without, context: vc['@context'] },
    proof,
    vm.publicKey,
  );
  if (!proofCheck.ok) {
    push(
      'integrity',
      'INVALID',
      proofCheck.reason === 'SIGNATURE' ? 'CL_VERIFY_SIGNATURE' : 'CL_VERIFY_PROOF_MALFORMED',
      proofCheck.message,
    );
    skipRest('issuer', 'Not checked: the signature is not valid.');
    return report(meta);
  }
  push(
    'integrity',
    'VALID',
    'CL_VERIFY_OK',
    'The signature matches the record: it has not been altered since it was signed.',
  );
  const hash = toHex(hashes.all);
  meta.hash = hash;

  const ledger = ctx.ledger;
  // anchor (before issuer: the anchored time is the trustworthy issuance time for key validity)
  let anchoredAt: string | undefined;
  const anchorCheck = await checkAnchor(ctx, ledger, hash, meta.issuer!, params.anchor);
  if (anchorCheck.facts !== undefined) anchoredAt = anchorCheck.facts.anchoredAt;

  // issuer: the registration (active flag, roles) as of the block that anchored the record, the key
  // at the anchored time. Unanchored records cannot prove when they were made: the latest
  // registration counts (a deactivated issuer makes no new records), the key at the proof's time.
  const issuedAt = anchoredAt ?? (proof.created as string | undefined) ?? vc.validFrom;
  const anchoredBlock = anchorCheck.facts?.blockNumber;
  const policy = ctx.policy ?? defaultIssuancePolicy;
  const recordType = allowedRoles(policy, vc.type);
  if (!recordType.ok) {
    push('issuer', 'INVALID', recordType.code, recordType.message, recordType.details);
  } else if (ledger === undefined) {
    push('issuer', 'SKIPPED', 'CL_VERIFY_LEDGER_UNAVAILABLE', 'Issuer not checked: no trust registry is available.');
  } else {
    try {
      const at = anchoredBlock === undefined ? undefined : { blockNumber: anchoredBlock };
      const facts = await ledger.issuerFacts(meta.issuer!, vm.publicKeyMultibase, at);
      const allowed = checkIssuancePolicy(policy, vc.type, facts.organization?.roles ?? []);
      const asOf = anchoredBlock === undefined ? '' : ` at block ${anchoredBlock}, when the record was anchored`;
      if (facts.organization === null)
        push(
          'issuer',
          'INVALID',
          'CL_VERIFY_ISSUER_UNKNOWN',
          `${meta.issuer} was not a registered organisation${asOf}.`,
        );
      else if (!facts.organization.active)
        push(
          'issuer',
          'INVALID',
          'CL_VERIFY_ISSUER_INACTIVE',
          anchoredBlock === undefined
            ? `${meta.issuer} is not an active organisation, and this record was not anchored while it was.`
            : `${meta.issuer} was not an active organisation${asOf}.`,
        );
      else if (facts.key === null)
        push('issuer', 'INVALID', 'CL_VERIFY_KEY_UNKNOWN', 'The signing key is not registered for the issuer.');
      else if (!keyValidAt(facts.key, issuedAt)) {
        push(
          'issuer',
          'INVALID',
          'CL_VERIFY_KEY_NOT_VALID_AT_ISSUANCE',
          `The signing key was not valid for the issuer at ${issuedAt ?? 'an unknown time'}.`,
          {
            issuedAt,
            key: facts.key,
          },
        );
      } else if (!allowed.ok) {
        const when = anchoredBlock === undefined ? '' : `At block ${anchoredBlock}, when the record was anchored: `;
        push('issuer', 'INVALID', allowed.code, `${when}${allowed.message}`, {
          ...allowed.details,
          ...(at === undefined ? {} : at),
        });
      } else
        push(
          'issuer',
          'VALID',
          'CL_VERIFY_OK',
          'The key belonged to the issuer at issuance and the issuer may issue this type of record.',
        );
    } catch {
      push('issuer', 'ERROR', 'CL_VERIFY_LEDGER_UNAVAILABLE', 'The trust registry could not be read; try again.');
    }
  }
  checks.push(anchorCheck.check);

  // status
  if (ledger === undefined) {
    push('status', 'SKIPPED', 'CL_VERIFY_LEDGER_UNAVAILABLE', 'Status not checked: no ledger is available.');
  } else {
    try {
      const status = await ledger.statusFacts(hash, meta.issuer!);
      if (status.status === 'REVOKED')
        push(
          'status',
          'INVALID',
          'CL_VERIFY_REVOKED',
          `The issuer revoked this record${status.reason ? ` (${status.reason})` : ''}.`,
          { ...status },
        );
      else if (status.status === 'SUSPENDED')
        push(
          'status',
          'INVALID',
          'CL_VERIFY_SUSPENDED',
          `The issuer suspended this record${status.reason ? ` (${status.reason})` : ''}.`,
          { ...status },
        );
      else if (status.status === 'UNKNOWN')
        push(
          'status',
          'SKIPPED',
          'CL_VERIFY_STATUS_UNKNOWN',
          `Status not checked: the ledger view used (${ledger.source.kind}) does not know whether the issuer revoked or suspended this record.`,
        );
      else push('status', 'VALID', 'CL_VERIFY_OK', 'The record is not revoked or suspended.');
    } catch {
      push('status', 'ERROR', 'CL_VERIFY_LEDGER_UNAVAILABLE', 'The status registry could not be read; try again.');
    }
  }

  // validity
  const now = Date.parse(ctx.now);
  if (vc.validFrom !== undefined && Date.parse(vc.validFrom) > now)
    push('validity', 'INVALID', 'CL_VERIFY_NOT_YET_VALID', `The record is valid from ${vc.validFrom}.`);
  else if (vc.validUntil !== undefined && Date.parse(vc.validUntil) < now)
    push('validity', 'INVALID', 'CL_VERIFY_EXPIRED', `The record expired at ${vc.validUntil}.`);
  else push('validity', 'VALID', 'CL_VERIFY_OK', 'The record is within its validity period.');

  // domain: the rules of the record's one record type, from its family unless the host gives its own
  const domainChecks = ctx.domainChecks ?? familyDomainChecks;
  const domainPolicy = ctx.policy ?? defaultIssuancePolicy;
  const recordTypes = [...new Set(vc.type)].filter(
    (t) => t !== 'VerifiableCredential' && Object.hasOwn(domainPolicy, t),
  );
  const rule =
    recordTypes.length === 1 && Object.hasOwn(domainChecks, recordTypes[0]!)
      ? domainChecks[recordTypes[0]!]
      : undefined;
  const domain = rule === undefined ? null : await rule(vc, ctx.now);
  if (recordTypes.length !== 1)
    push('domain', 'SKIPPED', 'CL_VERIFY_PRECONDITION', 'Not checked: the record is of no single known record type.');
  else if (domain === null)
    push('domain', 'SKIPPED', 'CL_VERIFY_NOT_APPLICABLE', 'No domain rules apply to this type of record.');
  else checks.push({ check: 'domain', ...domain });

  return report(meta);
}

function keyValidAt(
  key: { validFrom: string; validUntil: string | null; revokedAt: string | null },
  at: string | undefined,
): boolean {
  if (at === undefined) return false;
  const t = Date.parse(at);
  if (Number.isNaN(t) || t < Date.parse(key.validFrom)) return false;
  if (key.validUntil !== null && t >= Date.parse(key.validUntil)) return false;
  return key.revokedAt === null || t < Date.parse(key.revokedAt);
}

async function checkAnchor(
  ctx: VerifyContext,
  ledger: LedgerView | undefined,
  hash: string,
  issuer: string,
  given: AnchorReceipt | undefined,
): Promise<{ check: VerificationCheck; facts?: AnchorFacts }> {
  const result = (status: CheckStatus, code: ErrorCode, message: string, details?: Record<string, unknown>) => ({
    check: { check: 'anchor' as const, status, code, message, ...(details === undefined ? {} : { details }) },
  });
  let receipt: AnchorReceipt | 'pending' | null = given ?? null;
  if (receipt === null && ledger?.anchorReceipt !== undefined) {
    try {
      receipt = await ledger.anchorReceipt(hash);
    } catch {
      return result('ERROR', 'CL_VERIFY_LEDGER_UNAVAILABLE', 'The anchor receipt could not be read; try again.');
    }
  }
  if (receipt === 'pending')
    return result('SKIPPED', 'CL_VERIFY_ANCHOR_PENDING', 'The record is issued but not yet anchored on the ledger.');
  if (receipt === null)
    return result('SKIPPED', 'CL_VERIFY_ANCHOR_MISSING', 'No anchor receipt was presented with the record.');
  let inclusion: ReturnType<typeof verifyInclusion> & { proven?: ProvenInclusion };
  try {
    const leaf = leafHash(ctx.crypto, fromHex(hash));
    inclusion =
      ctx.inclusionCache === undefined
        ? verifyInclusion(ctx.crypto, {
            leafHash: leaf,
            leafIndex: receipt.leafIndex,
            treeSize: receipt.treeSize,
            proof: receipt.proof.map(fromHex),
            root: fromHex(receipt.root),
          })
        : verifyInclusionCached(ctx.crypto, ctx.inclusionCache, {
            leafHash: leaf,
            leafIndex: receipt.leafIndex,
            treeSize: receipt.treeSize,
            proof: receipt.proof,
            root: receipt.root,
          });
  } catch {
    return result('INVALID', 'CL_VERIFY_ANCHOR_PROOF', 'The anchor receipt is malformed.');
  }
  if (!inclusion.ok)
    return result('INVALID', 'CL_VERIFY_ANCHOR_PROOF', 'The Merkle inclusion proof does not lead to the batch root.');
  if (ledger === undefined) {
    return result(
      'SKIPPED',
      'CL_VERIFY_LEDGER_UNAVAILABLE',
      'The inclusion proof is correct, but no ledger is available to confirm the batch root.',
      {
        root: receipt.root,
      },
    );
  }
  let facts: AnchorFacts | null;
  try {
    facts = await ledger.anchorFacts(receipt.root, issuer);
  } catch {
    return result('ERROR', 'CL_VERIFY_LEDGER_UNAVAILABLE', 'The anchor registry could not be read; try again.');
  }
  if (facts === null)
    return result('INVALID', 'CL_VERIFY_ANCHOR_NOT_ON_LEDGER', 'The batch root is not anchored on the ledger.', {
      root: receipt.root,
    });
  if (facts.size !== receipt.treeSize) {
    // RFC 9162 proofs for some sizes also pass for a neighbouring size: the size must be the anchored one.
    return result(
      'INVALID',
      'CL_VERIFY_ANCHOR_PROOF',
      `The receipt claims a batch of ${receipt.treeSize}, but ${facts.size} were anchored.`,
    );
  }
  if (facts.issuer !== issuer) {
    return result(
      'INVALID',
      'CL_VERIFY_ANCHOR_ISSUER_MISMATCH',
      'The batch root was anchored by another organisation.',
      { anchoredBy: facts.issuer },
    );
  }
  // Only now are the proof's nodes known to belong to the anchored tree: a receipt that failed any
  // check above never reaches the cache, so it cannot make a later genuine receipt look forged.
  if (inclusion.proven !== undefined) ctx.inclusionCache?.commit(inclusion.proven);
  return {
    check: {
      check: 'anchor',
      status: 'VALID',
      code: 'CL_VERIFY_OK',
      message: `Anchored in block ${facts.blockNumber} at ${facts.anchoredAt}.`,
      details: { root: facts.root, blockNumber: facts.blockNumber, anchoredAt: facts.anchoredAt },
    },
    facts,
  };
}
