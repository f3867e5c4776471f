import {
  type AnchorReceipt,
  type LedgerSnapshot,
  summarizeChecks,
  type VerificationCheck,
  type VerificationReport,
} from '@clearledger/core';

/** How old a trust snapshot may be before an offline verdict can no longer be VALID, by default: 24 h. */
export const DEFAULT_SNAPSHOT_MAX_AGE_MS = 24 * 3_600_000;

/** Parameters of {@link adjustForSnapshot}. */
export type AdjustForSnapshotParameters = {
  snapshot: LedgerSnapshot;
  credential: unknown;
  anchor?: AnchorReceipt | undefined;
  /** Oldest snapshot (against the report's `verifiedAt`, the device clock) still trusted; default 24 h. */
  maxAgeMs?: number;
};

/** The checks a snapshot vouches for that a newer ledger could overturn: a revocation, a revoked key. */
const overturnable = new Set(['issuer', 'status']);

function proofCreated(credential: unknown): string | undefined {
  const proof = (credential as { proof?: { created?: unknown } } | null)?.proof;
  return typeof proof?.created === 'string' ? proof.created : undefined;
}

function after(iso: string | undefined, asOf: string): boolean {
  if (iso === undefined) return false;
  const t = Date.parse(iso);
  return !Number.isNaN(t) && t > Date.parse(asOf);
}

/**
 * A snapshot only knows the ledger up to its block. When a record's facts may simply be newer than
 * the snapshot — an anchor the receipt places after the snapshot's block (or does not place at all),
 * an issuer or key unknown to a snapshot taken before the record was signed — "not on the ledger"
 * is not proof of forgery: such checks become ERROR (`details.snapshotBehind`) and the verdict
 * INCONCLUSIVE, so the officer re-checks online instead of rejecting a genuine record.
 * A receipt that claims a block the snapshot covers stays INVALID.
 *
 * A snapshot older than `maxAgeMs` at verification time (the device clock) cannot vouch that a
 * record was not revoked since: the issuer and status checks it passed become ERROR
 * `CL_VERIFY_SNAPSHOT_STALE` with the snapshot's age in `details`, so the verdict is at best
 * INCONCLUSIVE — never green on old facts.
 */
export function adjustForSnapshot(
  report: VerificationReport,
  { snapshot, credential, anchor, maxAgeMs = DEFAULT_SNAPSHOT_MAX_AGE_MS }: AdjustForSnapshotParameters,
): VerificationReport {
  if (report.ledgerSource?.kind !== 'snapshot') return report;
  const ageMs = Date.parse(report.verifiedAt) - Date.parse(snapshot.asOf);
  // An unreadable clock proves nothing about freshness: treated as stale.
  const stale = Number.isNaN(ageMs) || ageMs > maxAgeMs;
  const anchorAfterSnapshot =
    anchor !== undefined &&
    (typeof anchor.blockNumber === 'number'
      ? anchor.blockNumber > snapshot.blockNumber
      : anchor.anchoredAt === undefined || after(anchor.anchoredAt, snapshot.asOf));
  const signedAfterSnapshot = after(proofCreated(credential), snapshot.asOf);
  let changed = false;
  const checks = report.checks.map((check): VerificationCheck => {
    const behind =
      check.status === 'INVALID' &&
      ((check.code === 'CL_VERIFY_ANCHOR_NOT_ON_LEDGER' && anchorAfterSnapshot) ||
        ((check.code === 'CL_VERIFY_ISSUER_UNKNOWN' || check.code === 'CL_VERIFY_KEY_UNKNOWN') &&
          (signedAfterSnapshot || anchorAfterSnapshot)));
    if (!behind) {
      if (!stale || check.status !== 'VALID' || !overturnable.has(check.check)) return check;
      changed = true;
      const hours = Math.floor(ageMs / 3_600_000);
      return {
        check: check.check,
        status: 'ERROR',
        code: 'CL_VERIFY_SNAPSHOT_STALE',
        message: `The trust snapshot (block ${snapshot.blockNumber}, ${snapshot.asOf}) is ${Number.isNaN(hours) ? 'of unknown age' : `${hours} h old`}, more than the ${Math.round(maxAgeMs / 3_600_000)} h allowed: a revocation since then would not show. Update it online and check again.`,
        details: {
          ...check.details,
          snapshotStale: true,
          ...(Number.isNaN(ageMs) ? {} : { snapshotAgeMs: ageMs }),
          maxAgeMs,
          asOf: snapshot.asOf,
          blockNumber: snapshot.blockNumber,
          originalCode: check.code,
        },
      };
    }
    changed = true;
    return {
      check: check.check,
      status: 'ERROR',
      code: 'CL_VERIFY_LEDGER_UNAVAILABLE',
      message: `The trust snapshot (block ${snapshot.blockNumber}, ${snapshot.asOf}) predates this record; check online. (${check.message})`,
      details: { ...check.details, snapshotBehind: true, originalCode: check.code },
    };
  });
  return changed ? { ...report, checks, verdict: summarizeChecks(checks) } : report;
}
