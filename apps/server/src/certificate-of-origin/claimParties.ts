import type { CaseEvent, CaseRecord } from '@clearledger/core';
import type { ActorParty, OrgParty, PartyNames } from '../routes/partyNames.ts';
import type { ClaimData, RequestData } from './claimService.ts';

/** A claim's parties by name: who claims, the importer of record, who filed, the customs service, the certifier. */
export type ClaimParties = {
  claimant: OrgParty;
  importer: OrgParty;
  filer: OrgParty;
  customs: OrgParty | null;
  certifier: OrgParty | null;
};

/**
 * The parties of a claim by name, and the list customs may ask for information (the certifier first,
 * then the importer, the filer; never customs itself), each organisation once.
 */
export async function claimParties(
  names: PartyNames,
  claim: CaseRecord,
): Promise<{ parties: ClaimParties; askable: OrgParty[] }> {
  const data = claim.data as ClaimData;
  const importer = data.importer ?? claim.ownerOrgId;
  const filer = data.filer ?? claim.ownerOrgId;
  const certifier = data.certification?.issuer;
  const parties: ClaimParties = {
    claimant: await names.org(claim.ownerOrgId),
    importer: await names.org(importer),
    filer: await names.org(filer),
    customs: data.customs === undefined ? null : await names.org(data.customs),
    certifier: certifier === undefined ? null : await names.org(certifier),
  };
  const askable: OrgParty[] = [];
  // The certifier only when the ledger verified it (as the node checks when a request is sent).
  const verifiedCertifier = data.certification?.issuerVerified === false ? null : parties.certifier;
  for (const party of [verifiedCertifier, parties.importer, parties.filer, parties.claimant])
    if (party !== null && party.id !== data.customs && !askable.some((p) => p.id === party.id)) askable.push(party);
  return { parties, askable };
}

/** A decision with who made it by name (the customs service, and the officer for its own staff). */
export async function decisionBy(names: PartyNames, claim: CaseRecord): Promise<ActorParty | null> {
  const data = claim.data as ClaimData;
  if (data.decision === null) return null;
  return names.actor(data.customs ?? claim.ownerOrgId, data.decision.by);
}

/** Events with who acted by name. */
export async function namedEvents(names: PartyNames, events: readonly CaseEvent[]) {
  return Promise.all(events.map(async (e) => ({ ...e, actor: await names.actor(e.actorOrgId, e.actorId) })));
}

/** An information request's parties by name: the customs service that asked, the party asked, who answered and found. */
export async function requestParties(names: PartyNames, request: CaseRecord) {
  const data = request.data as RequestData;
  return {
    fromParty: await names.org(request.ownerOrgId),
    toParty: await names.org(data.to),
    answeredBy: await Promise.all(data.answers.map((a) => names.org(a.by))),
    foundBy: await Promise.all(data.findings.map((f) => names.actor(request.ownerOrgId, f.by))),
  };
}
