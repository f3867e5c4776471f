import {
  type AnchorReceipt,
  type LedgerSnapshot,
  summarizeChecks,
  type VerificationCheck,
  type VerificationReport,
} from '@clearledger/core';

/** Parameters of {@link adjustForSnapshot}. */
export type AdjustForSnapshotParameters = {
  snapshot: LedgerSnapshot;
  credential: unknown;
  anchor?: AnchorReceipt | undefined;
};

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
 */
export function adjustForSnapshot(
  report: VerificationReport,
  { snapshot, credential, anchor }: AdjustForSnapshotParameters,
): VerificationReport {
  if (report.ledgerSource?.kind !== 'snapshot') return report;
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
    if (!behind) return check;
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
