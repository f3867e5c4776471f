import type { AnchorFacts, LedgerView, StatusFacts } from '../verify/types.ts';

/**
 * A plain-data copy of the ledger facts verification needs: organisations with their keys and
 * roles, anchored batch roots and non-active statuses, as of a block. The officer app verifies
 * offline against the last signed snapshot; tests and benchmarks use it as an exact ledger state.
 */
export type LedgerSnapshot = {
  blockNumber: number;
  asOf: string;
  organizations: {
    id: string;
    active: boolean;
    roles: string[];
    keys: { publicKeyMultibase: string; validFrom: string; validUntil: string | null; revokedAt: string | null }[];
  }[];
  anchors: AnchorFacts[];
  /**
   * Only credentials whose status is not ACTIVE, by credential hash: each issuer's status (on the
   * chain a status counts only when the credential's own issuer set it).
   */
  statuses: Record<string, (StatusFacts & { issuer: string })[]>;
};

/** A synchronous {@link LedgerView} over a {@link LedgerSnapshot} (indexes built once). */
export function snapshotLedgerView(snapshot: LedgerSnapshot): LedgerView {
  const orgs = new Map(snapshot.organizations.map((o) => [o.id, o]));
  const keys = new Map(
    snapshot.organizations.flatMap((o) => o.keys.map((k) => [k.publicKeyMultibase, { orgId: o.id, ...k }] as const)),
  );
  const anchors = new Map(snapshot.anchors.map((a) => [a.root, a]));
  const active: StatusFacts = { status: 'ACTIVE' };
  return {
    source: { kind: 'snapshot', blockNumber: snapshot.blockNumber, asOf: snapshot.asOf },
    issuerFacts(issuer, publicKeyMultibase) {
      const org = orgs.get(issuer);
      const key = keys.get(publicKeyMultibase);
      return {
        organization: org === undefined ? null : { id: org.id, active: org.active, roles: org.roles },
        key:
          key === undefined || key.orgId !== issuer
            ? null
            : { validFrom: key.validFrom, validUntil: key.validUntil, revokedAt: key.revokedAt },
      };
    },
    anchorFacts: (root) => anchors.get(root) ?? null,
    statusFacts(hash, issuer) {
      const found = snapshot.statuses[hash]?.find((s) => s.issuer === issuer);
      if (found === undefined) return active;
      const { issuer: _issuer, ...facts } = found;
      return facts;
    },
  };
}
