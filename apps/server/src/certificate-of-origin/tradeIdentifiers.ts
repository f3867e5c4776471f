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

// Kept as node settings until the store has a table of its own for them: one key per organisation,
// plus one per identifier so an identifier belongs to one organisation only.
const idsKey = (org: string) => `trade-identifiers:${org}`;
const filerKey = (code: string) => `filer-code:${code}`;
const importerKey = (n: string) => `importer-number:${n}`;
const authKey = (importer: string) => `broker-authorizations:${importer}`;

/** The organisation's verified identifiers (empty lists when none were recorded). */
export async function tradeIdentifiersOf(store: Store, org: string): Promise<TradeIdentifiers> {
  const text = await store.getSetting(idsKey(org));
  return text === null
    ? { importerNumbers: [], filerCodes: [], recordedBy: '', recordedAt: '' }
    : (JSON.parse(text) as TradeIdentifiers);
}

/** The organisation a filer code was recorded for, or null. */
export async function holderOfFilerCode(store: Store, code: string): Promise<string | null> {
  return store.getSetting(filerKey(code.toUpperCase()));
}

/**
 * Records (replaces) an organisation's verified importer numbers and filer codes. An identifier
 * already recorded for another organisation is refused (`CL_STORE_CONFLICT`); malformed ones are
 * `CL_INPUT_INVALID`.
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
  return store.transaction(async (tx) => {
    if ((await tx.getOrganization(params.org)) === null)
      throw new ClearledgerError('CL_STORE_NOT_FOUND', `${params.org} is not an organisation on this network.`);
    for (const [key, values] of [
      [filerKey, filerCodes],
      [importerKey, importerNumbers],
    ] as const)
      for (const v of values) {
        const holder = await tx.getSetting(key(v));
        if (holder !== null && holder !== '' && holder !== params.org)
          throw new ClearledgerError('CL_STORE_CONFLICT', `${v} is already recorded for ${holder}.`);
      }
    const previous = await tradeIdentifiersOf(tx, params.org);
    for (const c of previous.filerCodes) if (!filerCodes.includes(c)) await tx.putSetting(filerKey(c), '');
    for (const n of previous.importerNumbers) if (!importerNumbers.includes(n)) await tx.putSetting(importerKey(n), '');
    for (const c of filerCodes) await tx.putSetting(filerKey(c), params.org);
    for (const n of importerNumbers) await tx.putSetting(importerKey(n), params.org);
    const ids: TradeIdentifiers = { importerNumbers, filerCodes, recordedBy: params.by, recordedAt: params.at };
    await tx.putSetting(idsKey(params.org), JSON.stringify(ids));
    return ids;
  });
}

/** The brokers an importer has authorised. */
export async function brokerAuthorizationsOf(store: Store, importer: string): Promise<BrokerAuthorization[]> {
  const text = await store.getSetting(authKey(importer));
  return text === null ? [] : (JSON.parse(text) as BrokerAuthorization[]);
}

/** An importer authorises (`authorize: true`) or withdraws the authorisation of a broker organisation. */
export async function setBrokerAuthorization(
  store: Store,
  params: { importer: string; broker: string; authorize: boolean; by: string; at: string },
): Promise<BrokerAuthorization[]> {
  return store.transaction(async (tx) => {
    const broker = await tx.getOrganization(params.broker);
    if (broker === null || !broker.roles.includes('BROKER'))
      throw new ClearledgerError('CL_INPUT_INVALID', `${params.broker} is not a customs broker on this network.`, {
        field: '/broker',
      });
    const current = (await brokerAuthorizationsOf(tx, params.importer)).filter((a) => a.broker !== params.broker);
    const next = params.authorize
      ? [...current, { broker: params.broker, authorizedBy: params.by, authorizedAt: params.at }]
      : current;
    await tx.putSetting(authKey(params.importer), JSON.stringify(next));
    return next;
  });
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
  if (filer === null || filer === '' || (filer !== params.importer && !authorized))
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
