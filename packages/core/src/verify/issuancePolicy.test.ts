import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  allowedRoles,
  checkIssuancePolicy,
  defaultIssuancePolicy,
  type IssuancePolicy,
  type Role,
  roles,
} from './issuancePolicy.ts';

const VC = 'VerifiableCredential';
const policy: IssuancePolicy = {
  USMCACertificationOfOrigin: ['EXPORTER', 'PRODUCER', 'IMPORTER'],
  InformationResponseCredential: ['EXPORTER', 'PRODUCER', 'IMPORTER', 'BROKER'],
  LpcoCredential: ['PGA'],
};

describe('allowedRoles', () => {
  const cases: [string, string[], { code?: string; recordType?: string; match?: RegExp }][] = [
    ['one listed type', [VC, 'LpcoCredential'], { recordType: 'LpcoCredential' }],
    ['the same type twice', [VC, 'LpcoCredential', 'LpcoCredential'], { recordType: 'LpcoCredential' }],
    ['a bare VerifiableCredential', [VC], { code: 'CL_VERIFY_TYPE_UNKNOWN', match: /names no record type/ }],
    ['an unknown type', [VC, 'ImportPermit'], { code: 'CL_VERIFY_TYPE_UNKNOWN', match: /^ImportPermit is not/ }],
    [
      'a listed type beside an unknown one',
      [VC, 'LpcoCredential', 'Whatever'],
      { code: 'CL_VERIFY_TYPE_UNKNOWN', match: /^Whatever/ },
    ],
    ['a prototype key as a type', [VC, 'constructor'], { code: 'CL_VERIFY_TYPE_UNKNOWN' }],
    ['__proto__ as a type', [VC, '__proto__'], { code: 'CL_VERIFY_TYPE_UNKNOWN' }],
    [
      'two listed record types (a broker borrowing a certifier’s type)',
      [VC, 'InformationResponseCredential', 'USMCACertificationOfOrigin'],
      { code: 'CL_VERIFY_TYPE_AMBIGUOUS', match: /InformationResponseCredential, USMCACertificationOfOrigin/ },
    ],
  ];
  for (const [name, types, expected] of cases) {
    it(name, () => {
      const result = allowedRoles(policy, types);
      if (expected.recordType !== undefined) {
        assert.ok(result.ok);
        assert.equal(result.recordType, expected.recordType);
        assert.deepEqual(result.roles, policy[expected.recordType]);
      } else {
        assert.ok(!result.ok);
        assert.equal(result.code, expected.code);
        assert.deepEqual(result.details.types, types);
        if (expected.match !== undefined) assert.match(result.message, expected.match);
        assert.doesNotMatch(result.message, /issue \.|\(\)|: \./, 'no empty type list in the message');
      }
    });
  }
});

describe('checkIssuancePolicy', () => {
  it('the attack: a broker signing an information response that is also a USMCA certification is refused', () => {
    const result = checkIssuancePolicy(
      defaultIssuancePolicy,
      [VC, 'InformationResponseCredential', 'USMCACertificationOfOrigin'],
      ['BROKER'],
    );
    assert.ok(!result.ok);
    assert.equal(result.code, 'CL_VERIFY_TYPE_AMBIGUOUS');
  });

  it('a broker may issue an information response, not a certification of origin', () => {
    assert.deepEqual(checkIssuancePolicy(defaultIssuancePolicy, [VC, 'InformationResponseCredential'], ['BROKER']), {
      ok: true,
      recordType: 'InformationResponseCredential',
      roles: defaultIssuancePolicy.InformationResponseCredential,
    });
    const refused = checkIssuancePolicy(defaultIssuancePolicy, [VC, 'USMCACertificationOfOrigin'], ['BROKER']);
    assert.ok(!refused.ok);
    assert.equal(refused.code, 'CL_VERIFY_ROLE_NOT_ALLOWED');
    assert.match(refused.message, /USMCACertificationOfOrigin \(allowed: .*PRODUCER.*; the issuer holds BROKER\)/);
    assert.deepEqual(refused.details.issuerRoles, ['BROKER']);
  });

  it('an issuer without roles is told so, not shown an empty list', () => {
    const refused = checkIssuancePolicy(policy, [VC, 'LpcoCredential'], []);
    assert.ok(!refused.ok);
    assert.match(refused.message, /the issuer holds no role/);
  });

  it('property: accepted exactly when the types name one listed record type and the issuer holds one of its roles', () => {
    const typeNames = [...Object.keys(policy), 'UnknownCredential', VC, 'toString'];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...typeNames), { maxLength: 5 }),
        fc.subarray([...roles] as Role[]),
        (types, held) => {
          const result = checkIssuancePolicy(policy, types, held);
          const named = new Set(types.filter((t) => t !== VC));
          const expected =
            named.size === 1 &&
            Object.hasOwn(policy, [...named][0]!) &&
            policy[[...named][0]!]!.some((r) => held.includes(r));
          assert.equal(result.ok, expected, JSON.stringify({ types, held, result }));
        },
      ),
    );
  });
});
