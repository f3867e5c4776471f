import { ClearledgerError, type Store } from '@clearledger/core';

/**
 * The trade identifiers customs has verified for an organisation: its importer numbers (the IRS, EIN
 * or CBP-assigned number an importer of record files under) and its filer codes (the three characters
 * that start every entry number it files). Recorded by a customs service or the node operator, never
 * by the organisation itself.
 */
export type TradeIdentifiers = {
  importerNumbers: string[];
  filerCodes: string[];
  recordedBy: string;
  recordedAt: string;
};

/** An importer's authorisation of a customs broker to file and claim on its entries. */
export type BrokerAuthorization = { broker: string; authorizedBy: string; authorizedAt: string };

export const FILER_CODE = /^[A-Z0-9]{3}$/;
export const IMPORTER_NUMBER = /^(\d{2}-\d{7}[A-Z0-9]{2}|\d{6}-\d{5}|\d{3}-\d{2}-\d{4})$/;

/** The organisation's verified identifiers (empty lists when none were recorded). */
export async function tradeIdentifiersOf(store: Store, org: string): Promise<TradeIdentifiers> {
  const { orgId: _org, ...ids } = await store.getTradeIdentifiers(org);
  return ids;
}

/** The organisation a filer code was recorded for, or null. */
export async function holderOfFilerCode(store: Store, code: string): Promise<string | null> {
  return store.findTradeIdentifierHolder('FILER_CODE', code.toUpperCase());
}

/**
 * Records (replaces) an organisation's verified importer numbers and filer codes. An identifier
 * already recorded for another organisation is refused (`CL_STORE_CONFLICT`); malformed ones are
 * `CL_INPUT_INVALID`; an unknown organisation `CL_STORE_NOT_FOUND`.
 */
export async function recordTradeIdentifiers(
  store: Store,
  params: { org: string; importerNumbers: readonly string[]; filerCodes: readonly string[]; by: string; at: string },
): Promise<TradeIdentifiers> {
  const filerCodes = [...new Set(params.filerCodes.map((c) => c.toUpperCase()))];
  const importerNumbers = [...new Set(params.importerNumbers.map((n) => n.toUpperCase()))];
  filerCodes.forEach((c, i) => {
    if (!FILER_CODE.test(c))
      throw new ClearledgerError('CL_INPUT_INVALID', `Filer code "${c}" must be 3 letters or digits.`, {
        field: `/filerCodes/${i}`,
      });
  });
  importerNumbers.forEach((n, i) => {
    if (!IMPORTER_NUMBER.test(n))
      throw new ClearledgerError(
        'CL_INPUT_INVALID',
        `Importer number "${n}" must be an IRS number (NN-NNNNNNNXX), a CBP-assigned number (YYDDPP-NNNNN) or an SSN (NNN-NN-NNNN).`,
        { field: `/importerNumbers/${i}` },
      );
  });
  await store.putTradeIdentifiers({
    orgId: params.org,
    importerNumbers,
    filerCodes,
    recordedBy: params.by,
    recordedAt: params.at,
  });
  return tradeIdentifiersOf(store, params.org);
}

/** The brokers an importer has authorised. */
export async function brokerAuthorizationsOf(store: Store, importer: string): Promise<BrokerAuthorization[]> {
  return (await store.listBrokerAuthorizations(importer)).map((a) => ({
    broker: a.brokerOrgId,
    authorizedBy: a.authorizedBy,
    authorizedAt: a.authorizedAt,
  }));
}

/** An importer authorises (`authorize: true`) or withdraws the authorisation of a broker organisation. */
export async function setBrokerAuthorization(
  store: Store,
  params: { importer: string; broker: string; authorize: boolean; by: string; at: string },
): Promise<BrokerAuthorization[]> {
  const broker = await store.getOrganization(params.broker);
  if (broker === null || !broker.roles.includes('BROKER'))
    throw new ClearledgerError('CL_INPUT_INVALID', `${params.broker} is not a customs broker on this network.`, {
      field: '/broker',
    });
  if (params.authorize)
    await store.putBrokerAuthorization({
      importerOrgId: params.importer,
      brokerOrgId: params.broker,
      authorizedBy: params.by,
      authorizedAt: params.at,
    });
  else await store.deleteBrokerAuthorization(params.importer, params.broker);
  return brokerAuthorizationsOf(store, params.importer);
}

/**
 * Who may claim on an entry for an importer of record (the binding of an entry to its importer): the
 * importer itself when it has a verified importer number, and the entry's filer code must be one of
 * its own or of a broker it authorised; or that broker, when the entry number carries the broker's own
 * filer code. Throws `CL_CLAIM_NOT_IMPORTER_OF_RECORD` or `CL_CLAIM_ENTRY_FILER_MISMATCH` (403).
 */
export async function requireClaimant(
  store: Store,
  params: { caller: string; importer: string; entryNumber: string },
): Promise<{ filer: string; importerNumber: string }> {
  const filerCode = params.entryNumber.slice(0, 3).toUpperCase();
  const importer = await tradeIdentifiersOf(store, params.importer);
  if (importer.importerNumbers.length === 0)
    throw new ClearledgerError(
      'CL_CLAIM_NOT_IMPORTER_OF_RECORD',
      `${params.importer} has no importer number verified by customs on this network: it cannot be the importer of record.`,
      { field: '/importer' },
    );
  const filer = await holderOfFilerCode(store, filerCode);
  const authorized =
    filer !== null && (await brokerAuthorizationsOf(store, params.importer)).some((a) => a.broker === filer);
  if (filer === null || (filer !== params.importer && !authorized))
    throw new ClearledgerError(
      'CL_CLAIM_ENTRY_FILER_MISMATCH',
      `Entry ${params.entryNumber} was filed under filer code ${filerCode}, which is neither ${params.importer}'s nor that of a broker it authorised.`,
      { field: '/entryNumber' },
    );
  if (params.caller !== params.importer && params.caller !== filer)
    throw new ClearledgerError(
      'CL_CLAIM_NOT_IMPORTER_OF_RECORD',
      `Only ${params.importer} (the importer of record) or the broker that filed entry ${params.entryNumber} for it may claim on it.`,
      { field: '/importer' },
    );
  return { filer, importerNumber: importer.importerNumbers[0]! };
}
