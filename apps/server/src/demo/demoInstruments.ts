import { entryNumberCheckDigit, scopesOfRoles } from '@clearledger/core';
import { type NodeContext, newAccessToken, secretHash } from '@clearledger/node';
import type { FastifyInstance } from 'fastify';

/** DIDs of the demo organisations the instruments name (see demoOrganizations). */
export const demoDids = {
  importer: 'did:web:greatlakeshome.example',
  broker: 'did:web:borderbrokerage.example',
  brand: 'did:web:andesoutdoor.example',
  aphis: 'did:web:aphis.usda.example',
  atf: 'did:web:atf.example',
  uscib: 'did:web:uscib.example',
  zoll: 'did:web:zoll.example',
  carrier: 'did:web:midwestbonded.example',
  secondCarrier: 'did:web:lonestarbonded.example',
} as const;

const DAY = 86_400_000;
const CONTEXT = ['https://www.w3.org/ns/credentials/v2', 'https://clearledger.dev/ns/v1'];
/**
 * The day the demo's documents are dated from: the first start's (kept in the store, so a start
 * resumed on a later day files the same documents); today until then.
 */
let baseDay = Date.now();
/** The calendar date `days` from the demo's first day (UTC). */
const dateIn = (days: number) => new Date(baseDay + days * DAY).toISOString().slice(0, 10);

/** An entry number with its check digit: filer code, serial. */
export function demoEntryNumber(filer: string, serial: number): string {
  const base = `${filer}${String(serial).padStart(7, '0')}`;
  return `${filer}-${base.slice(3)}-${entryNumberCheckDigit(base)}`;
}

/** The APHIS PPQ 587 permit of the demo importer: live plants from the Netherlands through Detroit. */
export function demoPpq587(): Record<string, unknown> {
  return {
    '@context': CONTEXT,
    type: ['VerifiableCredential', 'LpcoCredential'],
    issuer: demoDids.aphis,
    name: 'APHIS PPQ 587 plant import permit',
    credentialSubject: {
      type: 'Lpco',
      lpcoType: 'PERMIT',
      agency: { code: 'APHIS', name: 'USDA Animal and Plant Health Inspection Service' },
      program: 'PPQ 587',
      number: `PCIP-${dateIn(0).slice(0, 4)}-00417`,
      holder: {
        id: demoDids.importer,
        name: 'Great Lakes Home Furnishings LLC',
        importerNumber: '36-441820100',
        address: '1200 Woodward Ave, Detroit, MI 48226',
        country: 'US',
      },
      issuedOn: dateIn(-1),
      expiresOn: dateIn(364),
      singleUse: false,
      authorizedQuantity: { value: '2000', unit: 'NO' },
      scope: { hs: ['060290'], countries: ['NL'], ports: ['3801'] },
      goodsDescription: 'Live indoor plants in growing media (Ficus, Dracaena), for the showroom collection',
    },
  };
}

/** The ATF Form 6 Part I permit of the demo outdoor brand: hunting rifles from Germany. */
export function demoForm6(): Record<string, unknown> {
  return {
    '@context': CONTEXT,
    type: ['VerifiableCredential', 'LpcoCredential'],
    issuer: demoDids.atf,
    name: 'ATF Form 6 import permit',
    credentialSubject: {
      type: 'Lpco',
      lpcoType: 'PERMIT',
      agency: { code: 'ATF', name: 'Bureau of Alcohol, Tobacco, Firearms and Explosives' },
      program: 'ATF Form 6 Part I',
      number: `${dateIn(0).slice(0, 4)}-004512`,
      holder: {
        id: demoDids.brand,
        name: 'Andes Outdoor Brands Inc.',
        importerNumber: '84-2291736',
        country: 'US',
      },
      issuedOn: dateIn(-1),
      expiresOn: dateIn(700),
      singleUse: false,
      authorizedQuantity: { value: '500', unit: 'NO' },
      scope: { hs: ['930320', '930330'], countries: ['DE'], ports: ['3901', '1001'] },
      goodsDescription: 'Bolt-action hunting rifles, calibers .308 and 6.5 mm',
    },
  };
}

/** The USCIB carnet of the demo importer: furniture samples for a fair in Cologne. */
export function demoCarnet(): Record<string, unknown> {
  return {
    '@context': CONTEXT,
    type: ['VerifiableCredential', 'AtaCarnetCredential'],
    issuer: demoDids.uscib,
    name: 'ATA carnet',
    credentialSubject: {
      type: 'AtaCarnet',
      carnetNumber: 'US-204817',
      issuingAssociation: { name: 'United States Council for International Business', country: 'US' },
      holder: {
        id: demoDids.importer,
        name: 'Great Lakes Home Furnishings LLC',
        address: '1200 Woodward Ave, Detroit, MI 48226',
        country: 'US',
      },
      representatives: [{ name: 'Border Customs Brokerage Inc.', id: demoDids.broker }],
      intendedUse: 'COMMERCIAL_SAMPLES',
      countries: ['DE'],
      issueDate: dateIn(-1),
      validUntil: dateIn(300),
      generalList: [
        {
          item: 1,
          description: 'Oak dining table sample, 6-seat',
          pieces: 1,
          weightKg: '85',
          value: '4200.00',
          currency: 'USD',
          origin: 'MX',
        },
        {
          item: 2,
          description: 'Upholstered oak dining chairs',
          pieces: 6,
          value: '2700.00',
          currency: 'USD',
          origin: 'MX',
        },
        { item: 3, description: 'Walnut sideboard sample', pieces: 1, value: '3100.00', currency: 'USD', origin: 'US' },
      ],
      securityDeposit: { type: 'BOND', amount: '4000.00', currency: 'USD' },
    },
  };
}

/** An IT (61) movement Los Angeles → Chicago of a demo bonded carrier. */
export function demoMovement(carrier: 'carrier' | 'secondCarrier', inBondNumber: string): Record<string, unknown> {
  const who =
    carrier === 'carrier'
      ? { id: demoDids.carrier, name: 'Midwest Bonded Carriers Inc.', bondedCarrierId: '38-5521907AB', scac: 'MWBC' }
      : {
          id: demoDids.secondCarrier,
          name: 'Lone Star Bonded Freight LLC',
          bondedCarrierId: '74-3310452AB',
          scac: 'LSBF',
        };
  return {
    '@context': CONTEXT,
    type: ['VerifiableCredential', 'InBondMovementCredential'],
    issuer: who.id,
    name: 'In-bond movement',
    credentialSubject: {
      type: 'InBondMovement',
      inBondNumber,
      entryType: '61',
      carrier: who,
      originPort: '2704',
      destinationPort: '3901',
      firmsCode: 'H123',
      conveyance: { mode: 'TRUCK' },
      vesselArrival: dateIn(-10),
      bills: [{ number: `MAEU${inBondNumber.slice(-6)}01`, quantity: '60', unit: 'CTN' }],
      containers: [{ number: 'MSKU1234565', seal: `SL-${inBondNumber.slice(-5)}` }],
      goods: [{ hts: '9403600081', description: 'Wooden dining chairs', quantity: '60', unit: 'CTN', valueUsd: 24000 }],
      valueUsd: 24000,
      manifestQuantity: '60',
      shipper: { name: 'Ningbo Homeware Co. Ltd.', addressCountry: 'CN' },
      consignee: { name: 'Great Lakes Home Furnishings LLC', addressCountry: 'US' },
    },
  };
}

/** The in-bond numbers of the demo: on time, reported late, diverted. */
export const demoInBondNumbers = { onTime: '270461001', late: '270461002', diverted: '270461003' } as const;

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field.
type Answer = { status: number; body: Record<string, any> };

/**
 * Adds the stateful instruments to the demo network through the node's own HTTP API (every check,
 * chain transaction and case event as for any client): an APHIS PPQ 587 and an ATF Form 6 permit
 * with a few uses, a carnet exported from the U.S., imported and partly re-exported in Germany and
 * re-imported (one item still in Germany), and three in-bond movements (on time, arrival reported
 * late, diverted). Each step is skipped when done already, so a start interrupted half-way resumes.
 * Answers true when all is done (`demo.state` becomes `created`); false while the carnet's re-import
 * waits for the U.S. date to reach the German re-export's (call it again later).
 *
 * @param app - the node's application (before or after it listens).
 * @param anchorNow - one pass of the anchor worker (permits and carnets are used once anchored).
 */
export async function createDemoInstruments(
  app: FastifyInstance,
  node: NodeContext,
  anchorNow: () => Promise<unknown>,
): Promise<boolean> {
  const firstDay = await node.store.getSetting('demo.firstDay');
  if (firstDay === null) await node.store.putSetting('demo.firstDay', String(Date.now()));
  baseDay = firstDay === null ? Date.now() : Number(firstDay);
  // Short-lived sign-ins of the demo people who act, dropped at the end.
  const tokens = new Map<string, string>();
  const tokenOf = async (username: string) => {
    const known = tokens.get(username);
    if (known !== undefined) return known;
    const account = await node.store.findAccountByUsername(username);
    if (account === null) throw new Error(`demo instruments: no account ${username}`);
    const token = newAccessToken();
    await node.store.putAccessToken({
      tokenHash: secretHash(token),
      orgId: account.orgId,
      subjectKind: 'account',
      subjectId: account.id,
      scopes: scopesOfRoles(account.roles),
      expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
      createdAt: new Date().toISOString(),
    });
    tokens.set(username, token);
    return token;
  };
  const call = async (
    username: string,
    method: 'GET' | 'POST',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> => {
    const res = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${await tokenOf(username)}`, ...headers },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    return { status: res.statusCode, body: res.json() };
  };
  const ok = async (username: string, method: 'GET' | 'POST', url: string, payload?: unknown, headers = {}) => {
    const res = await call(username, method, url, payload, headers);
    if (res.status >= 300)
      throw new Error(`demo instruments: ${method} ${url} as ${username}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  /**
   * Issues as `username` once, answering the records' hashes: instruments the organisation has
   * already (found by number in its list) are not issued again, and a keyed retry answers the first
   * issuance.
   */
  /** Whether this pass issued anything (only then does it anchor: a later pass leaves others' records to the worker). */
  let issuedNow = false;
  const issue = async (
    username: string,
    list: { url: string; key: string; number: string },
    credentials: Record<string, unknown>[],
  ) => {
    const numbers = credentials.map((c) => (c.credentialSubject as Record<string, unknown>)[list.number] as string);
    const listed = (await ok(username, 'GET', list.url))[list.key] as Record<string, string>[];
    const known = new Map(listed.map((x) => [x[list.number], x.hash]));
    if (numbers.every((n) => known.has(n))) return numbers.map((n) => known.get(n)!);
    issuedNow = true;
    const body = await ok(
      username,
      'POST',
      '/credentials/issue',
      { credentials },
      { 'idempotency-key': 'demo-instruments' },
    );
    return (body.issued as { hash: string }[]).map((i) => i.hash);
  };
  const permits = { url: '/permits', key: 'permits', number: 'number' };
  const carnets = { url: '/carnets', key: 'carnets', number: 'carnetNumber' };
  const movements = { url: '/in-bond', key: 'movements', number: 'inBondNumber' };

  let complete = true;
  try {
    const [ppq587] = await issue('aphis.staff', permits, [demoPpq587()]);
    const [form6] = await issue('atf.staff', permits, [demoForm6()]);
    const [carnet] = await issue('uscib.staff', carnets, [demoCarnet()]);
    const [onTime, late] = await issue('carrier.staff', movements, [
      demoMovement('carrier', demoInBondNumbers.onTime),
      demoMovement('carrier', demoInBondNumbers.late),
    ]);
    const [diverted] = await issue('carrier2.staff', movements, [
      demoMovement('secondCarrier', demoInBondNumbers.diverted),
    ]);
    // Permits and carnets are used once anchored: one pass of the worker anchors them all. A later
    // pass (the carnet's re-import waiting for its date) issues nothing and anchors nothing.
    if (issuedNow) await anchorNow();

    // Uses of the permits (a use is keyed by its entry line: drawn again, it is answered, not drawn twice).
    const draw = (username: string, permit: string, entry: string, quantity: string, extra: Record<string, unknown>) =>
      ok(username, 'POST', '/permits/draws', {
        permitId: `permit_${permit}`,
        entryNumber: entry,
        line: 1,
        quantity,
        ...extra,
      });
    const plants = { unit: 'NO', port: '3801', hts: '0602.90.6000', country: 'NL' };
    await draw('importer.admin', ppq587!, demoEntryNumber('GLH', 4101), '600', plants);
    await draw('importer.admin', ppq587!, demoEntryNumber('GLH', 4102), '250', plants);
    await draw('broker.staff', ppq587!, demoEntryNumber('BCB', 8801), '400', {
      ...plants,
      importer: demoDids.importer,
    });
    const rifles = { unit: 'NO', port: '3901', hts: '9303.30.8030', country: 'DE' };
    await draw('brand.admin', form6!, demoEntryNumber('AOB', 2201), '120', rifles);
    await draw('brand.admin', form6!, demoEntryNumber('AOB', 2202), '80', rifles);

    // The carnet: exported at Detroit by CBP, imported at Frankfurt by German customs, items 1 and 2
    // re-exported and re-imported at New York; item 3 stays in Germany until its re-export date.
    const carnetId = `carnet_${carnet}`;
    const done = new Set(
      ((await ok('uscib.staff', 'GET', `/carnets/${carnetId}`)).vouchers as { kind: string }[]).map((v) => v.kind),
    );
    const items = (...n: number[]) => n.map((item) => ({ item }));
    const vouchers: [string, Record<string, unknown>][] = [
      ['cbp.officer', { kind: 'EXPORT', items: items(1, 2, 3), office: '3801' }],
      ['zoll.officer', { kind: 'IMPORT', items: items(1, 2, 3), office: 'DE004800', deadline: dateIn(120) }],
      ['zoll.officer', { kind: 'REEXPORT', items: items(1, 2), office: 'DE004800' }],
      ['cbp.officer', { kind: 'REIMPORT', items: items(1, 2), office: '1001' }],
    ];
    for (const [username, voucher] of vouchers) {
      if (done.has(voucher.kind as string)) continue;
      const res = await call(username, 'POST', `/carnets/${carnetId}/vouchers`, voucher);
      // Between midnight in Germany and midnight in New York the German re-export is dated a day
      // after the U.S. date (CA-03 refuses the re-import then): the re-import waits for the U.S. date.
      if (res.body.error?.code === 'CL_CARNET_DATE_ORDER' && voucher.kind === 'REIMPORT') complete = false;
      else if (res.status >= 300)
        throw new Error(`demo instruments: ${voucher.kind} voucher as ${username}: ${JSON.stringify(res.body)}`);
    }

    // In-bond: each movement's events in order, those on its timeline already skipped.
    const move = async (username: string, hash: string, events: [string, Record<string, unknown>][]) => {
      const id = `inbond_${hash}`;
      const seen = new Set(
        ((await ok(username, 'GET', `/in-bond/${id}`)).timeline as { kind: string }[]).map((t) => t.kind),
      );
      for (const [who, event] of events)
        if (!seen.has(event.kind as string)) await ok(who, 'POST', `/in-bond/${id}/events`, event);
    };
    const started: [string, Record<string, unknown>][] = [['cbp.officer', { kind: 'AUTHORIZE' }]];
    await move('carrier.staff', onTime!, [
      ...started,
      ['carrier.staff', { kind: 'DEPART' }],
      [
        'carrier.staff',
        {
          kind: 'ARRIVE',
          scope: 'ENTIRE',
          port: '3901',
          firmsCode: 'H123',
          at: new Date(Date.now() - 3_600_000).toISOString(),
        },
      ],
      ['carrier.staff', { kind: 'CONCLUDE' }],
    ]);
    await move('carrier.staff', late!, [
      ...started,
      ['carrier.staff', { kind: 'DEPART' }],
      // Arrived a week ago, reported only now: past the two business days of IB-07.
      [
        'carrier.staff',
        {
          kind: 'ARRIVE',
          scope: 'ENTIRE',
          port: '3901',
          firmsCode: 'H123',
          at: new Date(Date.now() - 7 * DAY).toISOString(),
        },
      ],
    ]);
    await move('carrier2.staff', diverted!, [
      ...started,
      ['carrier2.staff', { kind: 'DEPART' }],
      ['carrier2.staff', { kind: 'DIVERSION_REQUEST', newPort: '3801' }],
      ['cbp.officer', { kind: 'DIVERSION_DECISION', approved: true }],
    ]);
  } finally {
    for (const token of tokens.values()) await node.store.deleteAccessToken(secretHash(token)).catch(() => undefined);
  }
  if (complete) await node.store.putSetting('demo.state', 'created');
  return complete;
}
