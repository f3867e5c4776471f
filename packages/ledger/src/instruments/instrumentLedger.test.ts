import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Role } from '@clearledger/core';
import { createLedgerClient, type LedgerClient } from '../client/createLedgerClient.ts';
import { createTestChain, testPrivateKeys } from '../testing/testChain.ts';
import { createDrawBatcher, createInstrumentLedger, type InstrumentLedger, permitUseKey } from './instrumentLedger.ts';

const CBP = 'did:web:cbp.gov';
const ATF = 'did:web:atf.gov';
const IMPORTER = 'did:web:great-lakes-imports.us';
const BROKER = 'did:web:border-brokers.us';
const ZOLL = 'did:web:zoll.de';
const USCIB = 'did:web:uscib.org';
const CARRIER = 'did:web:midwest-bonded.us';
const CARRIER_2 = 'did:web:prairie-haulers.us';
const NOT_BONDED = 'did:web:unbonded.us';

const parties: [string, Role[]][] = [
  [ATF, ['PGA']],
  [IMPORTER, ['IMPORTER']],
  [BROKER, ['BROKER']],
  [ZOLL, ['CUSTOMS']],
  [USCIB, ['CARNET_ISSUER']],
  [CARRIER, ['BONDED_CARRIER']],
  [CARRIER_2, ['BONDED_CARRIER']],
  [NOT_BONDED, ['IMPORTER']],
];

const M = 1_000_000n; // millionths per unit
const hashOf = (n: number) => n.toString(16).padStart(64, '0');
const later = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function rejectsWith(promise: Promise<unknown>, code: string) {
  await assert.rejects(promise, (error: { code?: string; message?: string }) => {
    assert.equal(error.code, code, error.message);
    return true;
  });
}

describe('InstrumentRegistry', () => {
  const ledgers = new Map<string, InstrumentLedger>();
  const clients = new Map<string, LedgerClient>();
  const of = (did: string) => ledgers.get(did)!;

  before(async () => {
    const chain = await createTestChain({ accounts: 10 });
    const authority = createLedgerClient({
      transport: chain.transport,
      chainId: 31337,
      privateKey: testPrivateKeys[0],
    });
    const contracts = await authority.deploy(CBP);
    clients.set(CBP, authority);
    for (const [index, [did, roles]] of parties.entries()) {
      const client = createLedgerClient({
        transport: chain.transport,
        chainId: 31337,
        privateKey: testPrivateKeys[index + 1]!,
        contracts,
      });
      await authority.registerOrganization(did, client.address, roles);
      clients.set(did, client);
    }
    for (const [did, client] of clients) ledgers.set(did, createInstrumentLedger(client));
  });

  describe('permits', () => {
    it('E-PM-1 on-chain: draws decrement, an over-draw reverts with the balance, the last draw exhausts', async () => {
      const permit = hashOf(1);
      await of(ATF).registerPermit({
        credentialHash: permit,
        quantity: 500n * M,
        singleUse: false,
        expiresOn: later(300),
      });
      const draw = (entry: string, quantity: bigint) =>
        of(IMPORTER).draw({
          issuerDid: ATF,
          credentialHash: permit,
          entryNumber: entry,
          line: 1,
          quantity,
          port: '2304',
        });
      assert.equal((await draw('ABC-1000001-1', 200n * M)).balance, 300n * M);
      assert.equal((await draw('ABC-1000002-1', 250n * M)).balance, 50n * M);
      await rejectsWith(draw('ABC-1000003-1', 100n * M), 'CL_PERMIT_INSUFFICIENT_BALANCE');
      assert.equal((await of(ATF).permitOf(ATF, permit)).state, 'PARTIALLY_USED');
      assert.equal((await draw('ABC-1000003-1', 50n * M)).balance, 0n);
      const facts = await of(ATF).permitOf(ATF, permit);
      assert.deepEqual([facts.state, facts.balance, facts.useCount], ['EXHAUSTED', 0n, 3]);
      await rejectsWith(draw('ABC-1000004-1', 1n), 'CL_PERMIT_INSUFFICIENT_BALANCE');
    });

    it('PM-05: a retried draw returns the first result; the same entry line with another quantity is refused', async () => {
      const permit = hashOf(2);
      await of(ATF).registerPermit({
        credentialHash: permit,
        quantity: 10n * M,
        singleUse: false,
        expiresOn: later(30),
      });
      const draw = (quantity: bigint, by = IMPORTER, port = '2304') =>
        of(by).draw({ issuerDid: ATF, credentialHash: permit, entryNumber: 'ABC-2000001-1', line: 3, quantity, port });
      const first = await draw(4n * M);
      const retry = await draw(4n * M);
      assert.deepEqual([first.replay, retry.replay, retry.balance, retry.useKey], [false, true, 6n * M, first.useKey]);
      assert.equal(first.useKey, permitUseKey(ATF, permit, 'ABC-2000001-1', 3));
      await rejectsWith(draw(5n * M), 'CL_PERMIT_USE_KEY_REUSED');
      await rejectsWith(draw(4n * M, IMPORTER, '2402'), 'CL_PERMIT_USE_KEY_REUSED');
      await rejectsWith(draw(4n * M, BROKER), 'CL_PERMIT_USE_KEY_REUSED');
      assert.equal((await of(ATF).permitOf(ATF, permit)).balance, 6n * M);
    });

    it('E-PM-2 on-chain: two ports draw the last 50 at once; exactly one commits, the other gets the balance', async () => {
      const permit = hashOf(3);
      await of(ATF).registerPermit({
        credentialHash: permit,
        quantity: 50n * M,
        singleUse: false,
        expiresOn: later(30),
      });
      const results = await Promise.allSettled([
        of(IMPORTER).draw({
          issuerDid: ATF,
          credentialHash: permit,
          entryNumber: 'E-1',
          line: 1,
          quantity: 50n * M,
          port: '2304',
        }),
        of(BROKER).draw({
          issuerDid: ATF,
          credentialHash: permit,
          entryNumber: 'E-2',
          line: 1,
          quantity: 50n * M,
          port: '2402',
        }),
      ]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      assert.equal(refused.reason.code, 'CL_PERMIT_INSUFFICIENT_BALANCE', refused.reason.message);
      assert.equal((await of(ATF).permitOf(ATF, permit)).balance, 0n);
    });

    it('E-PM-3 on-chain: a single-use permit is consumed by its first use', async () => {
      const permit = hashOf(4);
      await of(ATF).registerPermit({
        credentialHash: permit,
        quantity: 20n * M,
        singleUse: true,
        expiresOn: later(30),
      });
      const draw = (entry: string, quantity: bigint) =>
        of(IMPORTER).draw({
          issuerDid: ATF,
          credentialHash: permit,
          entryNumber: entry,
          line: 1,
          quantity,
          port: '3001',
        });
      await draw('E-10', 18n * M);
      assert.equal((await of(ATF).permitOf(ATF, permit)).state, 'CONSUMED');
      await rejectsWith(draw('E-11', 2n * M), 'CL_PERMIT_ALREADY_USED');
    });

    it('PM-01: an expired, suspended or revoked permit is not drawn; only the agency registers permits', async () => {
      const expired = hashOf(5);
      await of(ATF).registerPermit({ credentialHash: expired, quantity: M, singleUse: false, expiresOn: '2024-05-01' });
      await rejectsWith(
        of(IMPORTER).draw({
          issuerDid: ATF,
          credentialHash: expired,
          entryNumber: 'E',
          line: 1,
          quantity: 1n,
          port: '2304',
        }),
        'CL_PERMIT_EXPIRED',
      );
      const suspended = hashOf(6);
      await of(ATF).registerPermit({ credentialHash: suspended, quantity: M, singleUse: false, expiresOn: later(30) });
      await clients.get(ATF)!.setStatus(suspended, 'SUSPENDED', 'inquiry');
      await rejectsWith(
        of(IMPORTER).draw({
          issuerDid: ATF,
          credentialHash: suspended,
          entryNumber: 'E',
          line: 1,
          quantity: 1n,
          port: '2304',
        }),
        'CL_PERMIT_NOT_USABLE',
      );
      await rejectsWith(
        of(IMPORTER).registerPermit({ credentialHash: hashOf(7), quantity: M, singleUse: false, expiresOn: later(3) }),
        'CL_LEDGER_NOT_AUTHORIZED',
      );
      // Another agency's permit under the same hash is another instrument: it does not exist.
      await rejectsWith(
        of(IMPORTER).draw({
          issuerDid: BROKER,
          credentialHash: suspended,
          entryNumber: 'E',
          line: 1,
          quantity: 1n,
          port: '2304',
        }),
        'CL_LEDGER_INVALID_ARGUMENT',
      );
    });

    it('drawMany judges each draw on its own, in order; the batcher shares a transaction among concurrent draws', async () => {
      const permit = hashOf(9);
      await of(ATF).registerPermit({
        credentialHash: permit,
        quantity: 10n * M,
        singleUse: false,
        expiresOn: later(30),
      });
      const d = (entryNumber: string, quantity: bigint, issuerDid = ATF) => ({
        issuerDid,
        credentialHash: permit,
        entryNumber,
        line: 1,
        quantity,
        port: '2304',
      });
      const outcomes = await of(IMPORTER).drawMany([
        d('M-1', 6n * M),
        d('M-2', 5n * M), // more than the 4 left
        d('M-1', 6n * M), // the first draw again: a replay
        d('M-1', 7n * M), // same entry line, another quantity
        d('M-3', 4n * M),
        d('M-4', 1n * M, BROKER), // no such permit of that issuer
      ]);
      const codes = outcomes.map((o) =>
        o instanceof Error ? (o as { code: string }).code : o.replay ? 'REPLAY' : 'DRAWN',
      );
      assert.deepEqual(codes, [
        'DRAWN',
        'CL_PERMIT_INSUFFICIENT_BALANCE',
        'REPLAY',
        'CL_PERMIT_USE_KEY_REUSED',
        'DRAWN',
        'CL_LEDGER_INVALID_ARGUMENT',
      ]);
      assert.equal((await of(ATF).permitOf(ATF, permit)).balance, 0n);
      // Concurrent draws through the batcher: fewer transactions than draws, each caller its outcome.
      const big = hashOf(10);
      await of(ATF).registerPermit({ credentialHash: big, quantity: 25n * M, singleUse: false, expiresOn: later(30) });
      const batcher = createDrawBatcher(of(IMPORTER), { inFlight: 1 });
      const results = await Promise.allSettled(
        Array.from({ length: 40 }, (_, i) =>
          batcher.draw({
            issuerDid: ATF,
            credentialHash: big,
            entryNumber: `B-${i}`,
            line: 1,
            quantity: M,
            port: '2304',
          }),
        ),
      );
      const drawn = results.filter((r) => r.status === 'fulfilled');
      assert.equal(drawn.length, 25);
      assert.ok(new Set(drawn.map((r) => (r as PromiseFulfilledResult<{ txHash: string }>).value.txHash)).size < 25);
      for (const r of results.filter((x) => x.status === 'rejected'))
        assert.equal((r as PromiseRejectedResult).reason.code, 'CL_PERMIT_INSUFFICIENT_BALANCE');
    });

    it('PM-06: only the issuing agency reverses a use, once, as a compensating entry', async () => {
      const permit = hashOf(8);
      await of(ATF).registerPermit({
        credentialHash: permit,
        quantity: 10n * M,
        singleUse: false,
        expiresOn: later(30),
      });
      const use = await of(IMPORTER).draw({
        issuerDid: ATF,
        credentialHash: permit,
        entryNumber: 'E-20',
        line: 1,
        quantity: 10n * M,
        port: '2304',
      });
      await rejectsWith(
        of(IMPORTER).reverseUse({ credentialHash: permit, useKey: use.useKey }),
        'CL_PERMIT_USE_NOT_REVERSIBLE',
      );
      const reversed = await of(ATF).reverseUse({ credentialHash: permit, useKey: use.useKey });
      assert.equal(reversed.balance, 10n * M);
      assert.equal((await of(ATF).permitOf(ATF, permit)).state, 'ACTIVE');
      assert.equal((await of(ATF).useOf(use.useKey))?.reversed, true);
      await rejectsWith(
        of(ATF).reverseUse({ credentialHash: permit, useKey: use.useKey }),
        'CL_PERMIT_USE_NOT_REVERSIBLE',
      );
    });
  });

  describe('carnets', () => {
    const carnet = hashOf(100);
    const endorse = (
      kind: 'EXPORT' | 'IMPORT' | 'REEXPORT' | 'REIMPORT' | 'TRANSIT',
      items: number[],
      country: string,
      date: string,
      by = CBP,
      deadline: string | null = null,
    ) =>
      of(by).endorse({
        issuerDid: USCIB,
        credentialHash: carnet,
        kind,
        items,
        country,
        office: 'office',
        date,
        deadline,
      });

    it('§4.8 on-chain: export, import with a deadline, re-export, re-import; no second import without re-export', async () => {
      await of(USCIB).registerCarnet({
        credentialHash: carnet,
        itemCount: 3,
        validUntil: later(300),
        claimUntil: new Date(Date.parse(`${later(300)}T00:00:00Z`) + 365 * 86_400_000).toISOString().slice(0, 10),
        home: 'US',
      });
      const d = (n: number) => later(n - 5);
      await endorse('EXPORT', [1, 2, 3], 'US', d(0));
      await rejectsWith(endorse('EXPORT', [1], 'US', d(0)), 'CL_CARNET_ITEM_STATE');
      await endorse('IMPORT', [1, 2, 3], 'DE', d(1), ZOLL, d(3));
      await rejectsWith(endorse('IMPORT', [1], 'DE', d(1), ZOLL), 'CL_CARNET_ITEM_STATE');
      await rejectsWith(endorse('REEXPORT', [1], 'FR', d(2), ZOLL), 'CL_CARNET_ITEM_STATE');
      await rejectsWith(endorse('REEXPORT', [4], 'DE', d(2), ZOLL), 'CL_CARNET_ITEM_UNKNOWN');
      await rejectsWith(endorse('REEXPORT', [1], 'DE', d(0), ZOLL), 'CL_CARNET_DATE_ORDER');
      await rejectsWith(endorse('REEXPORT', [1], 'DE', d(4), ZOLL), 'CL_CARNET_REEXPORT_LATE');
      await endorse('REEXPORT', [1, 2], 'DE', d(2), ZOLL);
      await endorse('REIMPORT', [1, 2], 'US', d(3));
      const [one, three] = [await of(CBP).itemOf(USCIB, carnet, 1), await of(CBP).itemOf(USCIB, carnet, 3)];
      assert.equal(one.state, 'AT_HOME');
      assert.deepEqual([three.state, three.country, three.deadline], ['IN_COUNTRY', 'DE', d(3)]);
      // Not overdue yet: no claim.
      await rejectsWith(
        of(ZOLL).claimItem({ issuerDid: USCIB, credentialHash: carnet, item: 3, country: 'DE', date: d(3) }),
        'CL_CARNET_ITEM_STATE',
      );
      await of(ZOLL).claimItem({ issuerDid: USCIB, credentialHash: carnet, item: 3, country: 'DE', date: d(4) });
      assert.equal((await of(CBP).itemOf(USCIB, carnet, 3)).state, 'CLAIMED');
      // Only customs endorses.
      await rejectsWith(endorse('EXPORT', [1], 'US', d(4), IMPORTER), 'CL_LEDGER_NOT_AUTHORIZED');
      assert.equal((await of(CBP).carnetOf(USCIB, carnet))?.voucherCount, 4);
    });
  });

  describe('in-bond', () => {
    it('IT 61: file, authorise, depart, partial arrivals at the destination only, one conclusion', async () => {
      const movement = hashOf(200);
      const l = of(CARRIER);
      await l.registerMovement({
        credentialHash: movement,
        inBondNumber: '123456789',
        entryType: 61,
        destinationPort: '3901',
        manifest: 10n * M,
      });
      await rejectsWith(
        of(CARRIER_2).registerMovement({
          credentialHash: hashOf(201),
          inBondNumber: '123456789',
          entryType: 61,
          destinationPort: '3901',
          manifest: M,
        }),
        'CL_INBOND_NUMBER_TAKEN',
      );
      await rejectsWith(l.depart(CARRIER, movement), 'CL_INBOND_EVENT_NOT_ALLOWED');
      await rejectsWith(l.authorizeMovement(CARRIER, movement), 'CL_LEDGER_NOT_AUTHORIZED');
      await of(CBP).authorizeMovement(CARRIER, movement);
      await rejectsWith(of(CARRIER_2).depart(CARRIER, movement), 'CL_INBOND_NOT_CARRIER');
      await l.depart(CARRIER, movement);
      await rejectsWith(
        l.arrive(CARRIER, movement, { quantity: M, port: '2704', firmsCode: 'L123' }),
        'CL_INBOND_WRONG_PORT',
      );
      await rejectsWith(l.exportGoods(CARRIER, movement, { quantity: M, ref: 'x' }), 'CL_INBOND_EVENT_NOT_ALLOWED');
      await l.arrive(CARRIER, movement, { quantity: 4n * M, port: '3901', firmsCode: 'L123' });
      assert.equal((await l.movementOf(CARRIER, movement))?.state, 'ARRIVED_PARTIAL');
      await rejectsWith(
        l.arrive(CARRIER, movement, { quantity: 7n * M, port: '3901', firmsCode: 'L123' }),
        'CL_INBOND_QUANTITY_EXCEEDED',
      );
      await l.arrive(CARRIER, movement, { quantity: 6n * M, port: '3901', firmsCode: 'L123' });
      await rejectsWith(l.requestDiversion(CARRIER, movement, '2304'), 'CL_INBOND_EVENT_NOT_ALLOWED');
      await l.conclude(CARRIER, movement);
      await rejectsWith(of(CBP).conclude(CARRIER, movement), 'CL_INBOND_EVENT_NOT_ALLOWED');
      const facts = await l.movementOf(CARRIER, movement);
      assert.deepEqual([facts?.state, facts?.arrived, facts?.eventCount], ['CONCLUDED', 10n * M, 5]);
    });

    it('concurrent calls of one organisation share a batch transaction; a refused call is undone alone, with its reason', async () => {
      const l = of(CARRIER_2);
      const file = (n: number, number: string) =>
        l.registerMovement({
          credentialHash: hashOf(300 + n),
          inBondNumber: number,
          entryType: 61,
          destinationPort: '3901',
          manifest: M,
        });
      const results = await Promise.allSettled([
        file(1, '555000001'),
        file(2, '555000002'),
        file(3, '555000003'),
        file(4, '555000002'), // the number of the second: taken
        file(5, '555000005'),
        file(6, '555000006'),
      ]);
      assert.deepEqual(
        results.map((r) => (r.status === 'fulfilled' ? 'OK' : (r.reason as { code: string }).code)),
        ['OK', 'OK', 'OK', 'CL_INBOND_NUMBER_TAKEN', 'OK', 'OK'],
      );
      const txs = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.txHash] : []));
      assert.ok(new Set(txs).size < txs.length, 'some calls shared a transaction');
      for (const n of [1, 2, 3, 5, 6]) assert.equal((await l.movementOf(CARRIER_2, hashOf(300 + n)))?.state, 'ON_FILE');
      assert.equal(await l.movementOf(CARRIER_2, hashOf(304)), null);
    });

    it('diversion needs customs approval; liability moves only to a bonded carrier', async () => {
      const movement = hashOf(210);
      const l = of(CARRIER);
      await l.registerMovement({
        credentialHash: movement,
        inBondNumber: '223456789',
        entryType: 62,
        destinationPort: '2304',
        manifest: M,
      });
      await of(CBP).authorizeMovement(CARRIER, movement);
      await l.depart(CARRIER, movement);
      await l.requestDiversion(CARRIER, movement, '2402');
      await rejectsWith(
        l.arrive(CARRIER, movement, { quantity: M, port: '2402', firmsCode: 'F1' }),
        'CL_INBOND_EVENT_NOT_ALLOWED',
      );
      await rejectsWith(l.decideDiversion(CARRIER, movement, true), 'CL_LEDGER_NOT_AUTHORIZED');
      await of(CBP).decideDiversion(CARRIER, movement, true);
      await rejectsWith(l.transferLiability(CARRIER, movement, NOT_BONDED), 'CL_INBOND_CARRIER_NOT_BONDED');
      await l.transferLiability(CARRIER, movement, CARRIER_2);
      await rejectsWith(
        l.arrive(CARRIER, movement, { quantity: M, port: '2402', firmsCode: 'F1' }),
        'CL_INBOND_NOT_CARRIER',
      );
      await of(CARRIER_2).arrive(CARRIER, movement, { quantity: M, port: '2402', firmsCode: 'F1' });
      await of(CARRIER_2).exportGoods(CARRIER, movement, { quantity: M, ref: 'bill-1' });
      await of(CBP).conclude(CARRIER, movement);
      assert.equal((await l.movementOf(CARRIER, movement))?.state, 'CONCLUDED');
    });
  });
});
