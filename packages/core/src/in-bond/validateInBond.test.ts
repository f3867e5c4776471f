import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inBondMovement } from '../../../../test/fixtures/inBondMovement.ts';
import { isBondedCarrierId, validateInBond } from './validateInBond.ts';

type Subject = Record<string, unknown>;

/** The fixture's subject (61 or 62) with a change, validated; returns [rule, field] of each problem. */
function problems(change: (s: Subject) => void, entryType: '61' | '62' = '61', htsRequiredFor61 = false) {
  const subject = structuredClone(inBondMovement({ entryType }).credentialSubject) as Subject;
  change(subject);
  const result = validateInBond(subject, { htsRequiredFor61 });
  return result.success ? [] : result.problems.map((p) => [p.rule, p.field]);
}

const goods = (s: Subject) => s.goods as Subject[];
const bills = (s: Subject) => s.bills as Subject[];

describe('validateInBond', () => {
  it('accepts the IT and the T&E fixtures', () => {
    assert.deepEqual(
      problems(() => {}),
      [],
    );
    assert.deepEqual(
      problems(() => {}, '62'),
      [],
    );
  });

  it('IB-01 the in-bond number is 9 digits, no spaces or dashes', () => {
    assert.deepEqual(
      problems((s) => {
        s.inBondNumber = '2704-12345';
      }),
      [['IB-01', '/credentialSubject/inBondNumber']],
    );
    assert.deepEqual(
      problems((s) => {
        s.inBondNumber = '27041234';
      }),
      [['IB-01', '/credentialSubject/inBondNumber']],
    );
  });

  it('IB-02 entry type 61/62/63; foreign port required for 62/63, absent for 61, Schedule K 5 digits', () => {
    assert.deepEqual(
      problems((s) => {
        s.entryType = '64';
      }),
      [['IB-02', '/credentialSubject/entryType']],
    );
    assert.deepEqual(
      problems((s) => {
        s.foreignPort = '20195';
      }),
      [['IB-02', '/credentialSubject/foreignPort']],
    );
    assert.deepEqual(
      problems((s) => {
        delete s.foreignPort;
      }, '62'),
      [['IB-02', '/credentialSubject/foreignPort']],
    );
    assert.deepEqual(
      problems((s) => {
        s.foreignPort = '2019';
      }, '62'),
      [['IB-02', '/credentialSubject/foreignPort']],
    );
  });

  it('IB-03 origin and destination are Schedule D ports the network knows, leading zero kept', () => {
    assert.deepEqual(
      problems((s) => {
        s.destinationPort = '712';
        s.originPort = '9999';
      }),
      [
        ['IB-03', '/credentialSubject/originPort'],
        ['IB-03', '/credentialSubject/destinationPort'],
      ],
    );
    assert.deepEqual(
      problems((s) => {
        s.destinationPort = '0712';
      }),
      [],
    );
    assert.deepEqual(
      problems((s) => {
        s.destinationPort = '2704';
      }),
      [['IB-03', '/credentialSubject/destinationPort']],
    );
  });

  it('IB-04 every goods line of a 62/63 has an HTS of at least 6 digits; a 61 only under the flag', () => {
    assert.deepEqual(
      problems((s) => {
        delete goods(s)[0]!.hts;
      }, '62'),
      [['IB-04', '/credentialSubject/goods/0/hts']],
    );
    assert.deepEqual(
      problems((s) => {
        goods(s)[0]!.hts = '8471';
      }, '62'),
      [['IB-04', '/credentialSubject/goods/0/hts']],
    );
    const noHts = (s: Subject) => {
      delete goods(s)[1]!.hts;
    };
    assert.deepEqual(problems(noHts), []);
    assert.deepEqual(problems(noHts, '61', true), [['IB-04', '/credentialSubject/goods/1/hts']]);
  });

  it('IB-10 the manifest quantity is the sum of the bills', () => {
    assert.deepEqual(
      problems((s) => {
        s.manifestQuantity = '210';
      }),
      [['IB-10', '/credentialSubject/manifestQuantity']],
    );
    assert.deepEqual(
      problems((s) => {
        bills(s)[0]!.quantity = '119.5';
        bills(s)[1]!.quantity = '80.5';
      }),
      [],
    );
    assert.deepEqual(
      problems((s) => {
        bills(s)[1]!.quantity = '1e2';
      }),
      [['FORMAT', '/credentialSubject/bills/1/quantity']],
    );
  });

  it('IB-11 the bonded carrier ID is NN-NNNNNNNXX, YYDDPP-NNNNN or NNN-NN-NNNN', () => {
    for (const id of ['95-1234567AB', '250304-00127', '123-45-6789']) assert.ok(isBondedCarrierId(id), id);
    for (const id of ['951234567AB', '95-1234567', '2503-0400127', '123456789', 12345])
      assert.ok(!isBondedCarrierId(id));
    assert.deepEqual(
      problems((s) => {
        (s.carrier as Subject).bondedCarrierId = 'PRBC';
      }),
      [['IB-11', '/credentialSubject/carrier/bondedCarrierId']],
    );
  });

  it('checks the formats of §1: SCAC, FIRMS, DID, dates, whole dollars, conveyance, parties', () => {
    assert.deepEqual(
      problems((s) => {
        (s.carrier as Subject).scac = 'prbc';
        (s.carrier as Subject).id = 'pacific-rail';
        s.firmsCode = 'H12';
        s.vesselArrival = '2025-02-30';
        s.valueUsd = 70000.5;
        goods(s)[0]!.valueUsd = -1;
        s.conveyance = { mode: 'SHIP' };
        s.consignee = {};
      }),
      [
        ['FORMAT', '/credentialSubject/firmsCode'],
        ['FORMAT', '/credentialSubject/vesselArrival'],
        ['FORMAT', '/credentialSubject/carrier/id'],
        ['FORMAT', '/credentialSubject/carrier/scac'],
        ['FORMAT', '/credentialSubject/conveyance/mode'],
        ['FORMAT', '/credentialSubject/goods/0/valueUsd'],
        ['FORMAT', '/credentialSubject/valueUsd'],
        ['FORMAT', '/credentialSubject/consignee/name'],
      ],
    );
    assert.deepEqual(validateInBond('x').success, false);
  });
});
