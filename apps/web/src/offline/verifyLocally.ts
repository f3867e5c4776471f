import {
  type AnchorReceipt,
  type CryptoPort,
  type InclusionCache,
  type LedgerSnapshot,
  type LedgerView,
  snapshotLedgerView,
  type VerificationReport,
  verifyCredential,
} from '@clearledger/core';
import { adjustForSnapshot } from './adjustForSnapshot.ts';

/** What {@link verifyLocally} needs from the host. */
export type VerifyLocallyContext = {
  crypto: CryptoPort;
  /** The time to verify at (ISO 8601). */
  now: string;
  /** The last verified trust snapshot; without one, issuer, anchor and status cannot be confirmed. */
  snapshot: LedgerSnapshot | null;
  inclusionCache?: InclusionCache;
  /** A snapshot older than this (ms, at `now`) cannot make the verdict VALID; default 24 h. */
  maxSnapshotAgeMs?: number;
};

/** Parameters of {@link verifyLocally}. */
export type VerifyLocallyParameters = { credential: unknown; anchor?: AnchorReceipt | undefined };

const views = new WeakMap<LedgerSnapshot, LedgerView>();

function viewOf(snapshot: LedgerSnapshot): LedgerView {
  let view = views.get(snapshot);
  if (view === undefined) {
    view = snapshotLedgerView(snapshot);
    views.set(snapshot, view);
  }
  return view;
}

/**
 * Verifies a credential on this device, with core's verifier, against the trust snapshot: no
 * network. The snapshot's indexes are built once per snapshot. Checks a snapshot cannot decide
 * (facts newer than it) come back INCONCLUSIVE rather than INVALID (see {@link adjustForSnapshot}).
 */
export async function verifyLocally(
  ctx: VerifyLocallyContext,
  { credential, anchor }: VerifyLocallyParameters,
): Promise<VerificationReport> {
  const report = await verifyCredential(
    {
      crypto: ctx.crypto,
      now: ctx.now,
      ...(ctx.snapshot === null ? {} : { ledger: viewOf(ctx.snapshot) }),
      ...(ctx.inclusionCache === undefined ? {} : { inclusionCache: ctx.inclusionCache }),
    },
    { credential, ...(anchor === undefined ? {} : { anchor }) },
  );
  return ctx.snapshot === null
    ? report
    : adjustForSnapshot(report, {
        snapshot: ctx.snapshot,
        credential,
        anchor,
        ...(ctx.maxSnapshotAgeMs === undefined ? {} : { maxAgeMs: ctx.maxSnapshotAgeMs }),
      });
}

/**
 * Marks a report INVALID when the record fetched for a QR reference is not the one the QR code
 * names (its ledger hash differs): the record presented is not the record printed.
 */
export function checkReferencedHash(report: VerificationReport, expectedHash: string): VerificationReport {
  if (report.hash === undefined || report.hash === expectedHash.toLowerCase()) return report;
  const checks = report.checks.map((check) =>
    check.check === 'integrity'
      ? {
          check: 'integrity' as const,
          status: 'INVALID' as const,
          code: 'CL_VERIFY_SIGNATURE' as const,
          message: `The record's hash ${report.hash} is not the hash ${expectedHash} the QR code names.`,
          details: { hashMismatch: true, expected: expectedHash, actual: report.hash },
        }
      : check,
  );
  return { ...report, checks, verdict: 'INVALID' };
}
