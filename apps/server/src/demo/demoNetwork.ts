import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { issueCredentials, type Role } from '@clearledger/core';
import { hashPassword, type NodeContext } from '@clearledger/node';
import { recordTradeIdentifiers, setBrokerAuthorization } from '../certificate-of-origin/tradeIdentifiers.ts';
import { demoCertification } from './demoRecords.ts';

/** One organisation of the demo network and the people who sign in for it. */
type DemoOrganization = {
  did: string;
  name: string;
  country: string;
  roles: Role[];
  accounts: { username: string; displayName: string; roles: string[] }[];
};

/** The demo network: the node operator (CBP) plus the trade and agencies around one border crossing. */
export function demoOrganizations(operatorDid: string, operatorName: string): DemoOrganization[] {
  return [
    {
      did: operatorDid,
      name: operatorName,
      country: 'US',
      roles: ['NETWORK_AUTHORITY', 'CUSTOMS'],
      accounts: [
        { username: 'cbp.officer', displayName: 'Officer Dana Whitfield', roles: ['OFFICER'] },
        { username: 'cbp.admin', displayName: 'CBP Ledger Administrator', roles: ['ADMIN'] },
      ],
    },
    {
      did: 'did:web:muebles-jalisco.example',
      name: 'Muebles Artesanales de Jalisco S.A. de C.V.',
      country: 'MX',
      roles: ['PRODUCER', 'EXPORTER'],
      accounts: [{ username: 'producer.admin', displayName: 'María Fernanda Ruiz Ortega', roles: ['ADMIN'] }],
    },
    {
      did: 'did:web:greatlakeshome.example',
      name: 'Great Lakes Home Furnishings LLC',
      country: 'US',
      roles: ['IMPORTER'],
      accounts: [{ username: 'importer.admin', displayName: 'Jordan Kowalski', roles: ['ADMIN'] }],
    },
    {
      did: 'did:web:borderbrokerage.example',
      name: 'Border Customs Brokerage Inc.',
      country: 'US',
      roles: ['BROKER'],
      accounts: [{ username: 'broker.staff', displayName: 'Luis Herrera (licensed broker)', roles: ['STAFF'] }],
    },
    {
      did: 'did:web:aphis.usda.example',
      name: 'USDA Animal and Plant Health Inspection Service',
      country: 'US',
      roles: ['PGA'],
      accounts: [{ username: 'aphis.staff', displayName: 'APHIS Permit Unit', roles: ['STAFF'] }],
    },
    {
      did: 'did:web:atf.example',
      name: 'Bureau of Alcohol, Tobacco, Firearms and Explosives',
      country: 'US',
      roles: ['PGA'],
      accounts: [{ username: 'atf.staff', displayName: 'ATF Imports Branch', roles: ['STAFF'] }],
    },
    {
      did: 'did:web:uscib.example',
      name: 'United States Council for International Business (ATA carnets)',
      country: 'US',
      roles: ['CARNET_ISSUER'],
      accounts: [{ username: 'uscib.staff', displayName: 'USCIB Carnet Desk', roles: ['STAFF'] }],
    },
    {
      did: 'did:web:midwestbonded.example',
      name: 'Midwest Bonded Carriers Inc.',
      country: 'US',
      roles: ['BONDED_CARRIER'],
      accounts: [{ username: 'carrier.staff', displayName: 'Dispatch, Midwest Bonded', roles: ['STAFF'] }],
    },
    {
      did: 'did:web:lonestarbonded.example',
      name: 'Lone Star Bonded Freight LLC',
      country: 'US',
      roles: ['BONDED_CARRIER'],
      accounts: [{ username: 'carrier2.staff', displayName: 'Dispatch, Lone Star Bonded', roles: ['STAFF'] }],
    },
    {
      did: 'did:web:zoll.example',
      name: 'Generalzolldirektion (German customs)',
      country: 'DE',
      roles: ['CUSTOMS'],
      accounts: [{ username: 'zoll.officer', displayName: 'Zollamt Frankfurt-Flughafen', roles: ['OFFICER'] }],
    },
    {
      did: 'did:web:andesoutdoor.example',
      name: 'Andes Outdoor Brands Inc.',
      country: 'US',
      roles: ['RIGHTS_HOLDER'],
      accounts: [{ username: 'brand.admin', displayName: 'Andes Outdoor Brand Protection', roles: ['ADMIN'] }],
    },
    {
      did: 'did:web:saigonapparel.example',
      name: 'Saigon Apparel Manufacturing Co., Ltd.',
      country: 'VN',
      roles: ['LICENSEE'],
      accounts: [{ username: 'factory.staff', displayName: 'Saigon Apparel Compliance', roles: ['STAFF'] }],
    },
  ];
}

/** A demo sign-in: printed once on first start and kept in `data/demo-logins.txt` (owner-only). */
export type DemoLogin = { organization: string; username: string; password: string; roles: string[] };

/**
 * Creates the demo network on a node's first start: every organisation hosted on this node with its
 * signing key and chain account (registered on the chain by the operator as network authority), a
 * sign-in per person with a random password, and a few certifications of origin. The stateful
 * instruments follow once the API is built (`createDemoInstruments`), leaving `demo.state` at
 * `instruments` until they are done.
 */
export async function createDemoNetwork(node: NodeContext, dataDir: string): Promise<DemoLogin[]> {
  const logins: DemoLogin[] = [];
  await node.store.putSetting('demo.state', 'creating');
  const operator = await node.store.getOrganization(node.operatorOrgId);
  const organizations = demoOrganizations(node.operatorOrgId, operator?.name ?? 'U.S. Customs and Border Protection');
  for (const org of organizations) {
    if (org.did !== node.operatorOrgId) await node.hostOrganization(org);
    for (const account of org.accounts) {
      // A first start interrupted half-way resumes here: existing sign-ins are kept as they are.
      if ((await node.store.findAccountByUsername(account.username)) !== null) continue;
      const password = `${randomBytes(9).toString('base64url')}-demo`;
      await node.store.putAccount({
        id: `acct_${randomUUID()}`,
        orgId: org.did,
        username: account.username,
        displayName: account.displayName,
        passwordHash: await hashPassword(password),
        roles: account.roles,
        disabled: false,
        failedLogins: 0,
        lockedUntil: null,
        createdAt: new Date().toISOString(),
      });
      logins.push({ organization: org.name, username: account.username, password, roles: account.roles });
    }
  }
  // Trade identifiers customs verified: the importer files its own entries (filer code GLH) and has
  // authorised the broker (filer code BCB) to file and claim for it.
  const recorded = { by: `${node.operatorOrgId}#demo`, at: new Date().toISOString() };
  const importer = organizations[2]!.did;
  const broker = organizations[3]!.did;
  await recordTradeIdentifiers(node.store, {
    org: importer,
    importerNumbers: ['36-441820100'],
    filerCodes: ['GLH'],
    ...recorded,
  });
  await recordTradeIdentifiers(node.store, { org: broker, importerNumbers: [], filerCodes: ['BCB'], ...recorded });
  await setBrokerAuthorization(node.store, { importer, broker, authorize: true, ...recorded });
  const producer = organizations[1]!.did;
  // Resumed after the records were issued: they are not issued twice.
  if ((await node.store.countCredentials(producer)) === 0) {
    const signer = await node.signerFor(producer);
    const result = await issueCredentials(
      { store: node.store, crypto: node.crypto, now: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') },
      { orgId: producer, signer, credentials: [1, 2, 3].map((n) => demoCertification(producer, n)) },
    );
    if (!result.success) throw new Error(`demo records: ${JSON.stringify(result.problems)}`);
  }
  const file = join(dataDir, 'demo-logins.txt');
  if (logins.length > 0) {
    writeFileSync(
      file,
      logins.map((l) => `${l.username}\t${l.password}\t${l.roles.join(',')}\t${l.organization}`).join('\n') + '\n',
      { mode: 0o600, flag: 'a' },
    );
    chmodSync(file, 0o600);
  }
  // The permits, carnet and in-bond movements come next, through the node's API (createDemoInstruments).
  await node.store.putSetting('demo.state', 'instruments');
  return logins;
}
