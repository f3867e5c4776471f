import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inBondMovement } from '../../../../test/fixtures/inBondMovement.ts';
import { checkFamilyRegistry } from '../families/checkFamilyRegistry.ts';
import { familyDomainChecks, familyOfType, familyRegistry } from '../families/familyRegistry.ts';
import { recordKeyFacts } from '../families/recordKeyFacts.ts';
import { defaultIssuancePolicy } from '../verify/issuancePolicy.ts';
import { inBondFamily } from './family.ts';
import { inBondKeyFacts } from './inBondFacts.ts';

describe('in-bond family', () => {
  it('is registered: bonded carriers issue the filing, its domain check is the validation', async () => {
    assert.deepEqual(checkFamilyRegistry(familyRegistry), []);
    assert.equal(familyOfType('InBondMovementCredential'), inBondFamily);
    assert.deepEqual(defaultIssuancePolicy.InBondMovementCredential, ['BONDED_CARRIER']);
    const check = familyDomainChecks.InBondMovementCredential!;
    const vc = inBondMovement();
    assert.equal((await check(vc, '2025-06-03T12:00:00Z'))?.status, 'VALID');
    vc.credentialSubject.inBondNumber = '27041234X';
    const broken = await check(vc, '2025-06-03T12:00:00Z');
    assert.equal(broken?.status, 'INVALID');
    assert.equal(broken?.code, 'CL_INBOND_INVALID');
    const arrayed = await check({ ...vc, credentialSubject: [vc.credentialSubject] }, '2025-06-03T12:00:00Z');
    assert.equal(arrayed?.status, 'INVALID');
  });

  it('key facts: number, entry type, carrier, route, conveyance, value, parties; bills, containers and goods as tables', () => {
    const result = recordKeyFacts(inBondMovement());
    assert.equal(result?.family, 'in-bond');
    const facts = Object.fromEntries(result!.facts.facts.map((f) => [f.label, f.value]));
    assert.deepEqual(facts.inBondNumber, { kind: 'text', text: '270412345' });
    assert.deepEqual(facts.inBondEntryType, { kind: 'term', term: '61' });
    assert.deepEqual(facts.inBondRoute, { kind: 'text', text: '2704 Los Angeles, CA → 3901 Chicago, IL' });
    assert.deepEqual(facts.inBondConveyance, { kind: 'term', term: 'RAIL' });
    assert.deepEqual(facts.inBondConveyanceName, { kind: 'text', text: 'PRBC 4410 · 0603' });
    assert.deepEqual(facts.inBondValue, { kind: 'text', text: 'USD 70000' });
    assert.equal(facts.inBondCarrier?.kind === 'parties' && facts.inBondCarrier.parties[0]?.taxId, '95-1234567AB');
    assert.equal(facts.inBondConsignee?.kind === 'parties' && facts.inBondConsignee.parties[0]?.country, 'US');
    assert.equal('inBondForeignPort' in facts, false);
    const tables = Object.fromEntries(result!.facts.tables.map((t) => [t.label, t]));
    assert.deepEqual(tables.inBondBills?.rows[1]?.cells, ['MAEU250600002', '80 CTN']);
    assert.deepEqual(tables.inBondContainers?.rows[0]?.cells, ['MSKU1234565', 'SL-88001']);
    assert.deepEqual(tables.inBondGoods?.columns, ['description', 'hs', 'quantity', 'value']);
    assert.deepEqual(tables.inBondGoods?.rows[0]?.cells, [
      'Wooden dining chairs',
      '9403.60.00.81',
      '120 CTN',
      'USD 48000',
    ]);
    assert.deepEqual(tables.inBondGoods?.rows[0]?.rest, { weightKg: '2400' });
    const te = Object.fromEntries(
      inBondKeyFacts(inBondMovement({ entryType: '62' })).facts.map((f) => [f.label, f.value]),
    );
    assert.deepEqual(te.inBondForeignPort, { kind: 'text', text: '20195' });
  });

  it('never throws on hostile input', () => {
    for (const credential of [
      {},
      { credentialSubject: 'x' },
      { credentialSubject: { bills: 'x', goods: [null, 1] } },
    ]) {
      const facts = inBondKeyFacts(credential);
      assert.equal(facts.facts.find((f) => f.label === 'inBondNumber')?.value, null);
    }
  });
});
