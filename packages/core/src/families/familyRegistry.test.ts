import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { usmcaCertification } from '../../../../test/fixtures/usmcaCertification.ts';
import { certificateOfOriginFamily } from '../certificate-of-origin/family.ts';
import { issueCredential } from '../credentials/issueCredential.ts';
import { createSigner } from '../credentials/signer.ts';
import { nobleCrypto as crypto } from '../crypto/nobleCrypto.ts';
import { permitsFamily } from '../permits/family.ts';
import { defaultIssuancePolicy } from '../verify/issuancePolicy.ts';
import { verifyCredential } from '../verify/verifyCredential.ts';
import { checkFamilyRegistry } from './checkFamilyRegistry.ts';
import type { FamilyDescriptor } from './FamilyDescriptor.ts';
import { familyDomainChecks, familyOfType, familyRegistry } from './familyRegistry.ts';

const valid = () => ({ status: 'VALID' as const, code: 'CL_VERIFY_OK' as const, message: 'ok' });
const permits: FamilyDescriptor = {
  id: 'example-records',
  credentialTypes: { ExampleRecordCredential: ['PGA'] },
  domainChecks: { ExampleRecordCredential: valid },
  caseKinds: ['example-review'],
  keyFacts: {},
};

describe('familyRegistry', () => {
  it('is consistent: every type has roles, no type is in two families, checks name their own types', () => {
    assert.deepEqual(checkFamilyRegistry(familyRegistry), []);
    assert.ok(familyRegistry.includes(certificateOfOriginFamily));
  });

  it('finds each problem a family could bring', () => {
    const problems = checkFamilyRegistry([
      certificateOfOriginFamily,
      {
        id: 'Carnets',
        credentialTypes: {
          USMCACertificationOfOrigin: ['CARNET_ISSUER'],
          AtaCarnetCredential: [],
          InBondMovementCredential: ['SMUGGLER' as 'BROKER'],
        },
        domainChecks: { LpcoCredential: valid },
        subjectTypes: { USMCACertification: 'AtaCarnetCredential' },
        caseKinds: ['origin-claim'],
        keyFacts: { NAFTACertificateOfOrigin: () => ({ facts: [], tables: [] }) },
      },
      { ...permits, id: 'empty', credentialTypes: {}, domainChecks: {}, caseKinds: [] },
      { ...permits, id: 'empty', domainChecks: {}, caseKinds: [] },
    ]);
    assert.deepEqual(problems, [
      'Family id "Carnets" is not a kebab-case folder name.',
      'Credential type USMCACertificationOfOrigin is in both certificate-of-origin and Carnets.',
      'AtaCarnetCredential (Carnets) has no role allowed to issue it.',
      'InBondMovementCredential (Carnets) names SMUGGLER, which is no network role.',
      'Family Carnets has a domain check for LpcoCredential, which is not one of its credential types.',
      'Family Carnets has key facts for NAFTACertificateOfOrigin, which is not one of its credential types.',
      'Subject type USMCACertification is in both certificate-of-origin and Carnets.',
      'Case kind origin-claim is in both certificate-of-origin and Carnets.',
      'Family empty has no credential type.',
      'Family id empty is in both empty and empty.',
    ]);
  });

  it('gives the issuance policy each family type with its roles, and keeps the types of families not built yet', () => {
    for (const family of familyRegistry)
      for (const [type, roles] of Object.entries(family.credentialTypes))
        assert.deepEqual(defaultIssuancePolicy[type], roles, type);
    assert.deepEqual(defaultIssuancePolicy.LpcoCredential, ['PGA']);
    assert.equal(familyOfType('LpcoCredential'), permitsFamily);
    // Carnets, in-bond movements and IP rights have no descriptor yet; their issuers keep their roles.
    assert.deepEqual(defaultIssuancePolicy.AtaCarnetCredential, ['CARNET_ISSUER']);
    assert.deepEqual(defaultIssuancePolicy.InBondMovementCredential, ['BONDED_CARRIER']);
    assert.deepEqual(defaultIssuancePolicy.IntellectualPropertyRightsLicenseCredential, ['RIGHTS_HOLDER', 'LICENSEE']);
    assert.equal(familyOfType('OriginClaimDecisionCredential'), certificateOfOriginFamily);
    assert.equal(familyOfType('toString'), undefined);
  });

  it('a new family is one registry line away: its types, roles and domain checks follow', () => {
    assert.deepEqual(checkFamilyRegistry([...familyRegistry, permits]), []);
    assert.equal(familyOfType('ExampleRecordCredential', [...familyRegistry, permits]), permits);
  });
});

describe('verification reads the domain checks from the registry', () => {
  const ISSUER = 'did:web:producer.example';
  const signer = createSigner(crypto, { issuer: ISSUER, seed: new Uint8Array(32).fill(7) });
  const sign = (change: (credential: Record<string, unknown>) => void) => {
    const credential = structuredClone(usmcaCertification({ issuer: ISSUER })) as unknown as Record<string, unknown>;
    change(credential);
    const issued = issueCredential(
      { crypto, now: '2025-01-10T12:00:00Z' },
      { credential: credential as never, signer },
    );
    assert.ok(issued.success);
    return issued.credential;
  };
  const domainOf = async (credential: unknown) =>
    (await verifyCredential({ crypto, now: '2025-06-10T09:00:00Z' }, { credential })).checks.find(
      (c) => c.check === 'domain',
    )!;

  it('runs the family rules of the record type with no domainChecks given', async () => {
    assert.ok(Object.hasOwn(familyDomainChecks, 'USMCACertificationOfOrigin'));
    assert.ok(Object.hasOwn(familyDomainChecks, 'LpcoCredential'));
    const broken = await domainOf(
      sign((c) => {
        (c.credentialSubject as { goods: { hs6: string }[] }).goods[0]!.hs6 = '940381';
      }),
    );
    assert.equal(broken.status, 'INVALID');
    assert.equal(broken.code, 'CL_ORIGIN_CERTIFICATION_INVALID');
  });

  it('judges by the one record type: a second type does not pick another type’s rules', async () => {
    // Before, the first type with a rule was used; a record naming two record types is of none.
    const check = await domainOf(
      sign((c) => {
        c.type = ['VerifiableCredential', 'InformationResponseCredential', 'USMCACertificationOfOrigin'];
      }),
    );
    assert.equal(check.status, 'SKIPPED');
    assert.equal(check.code, 'CL_VERIFY_PRECONDITION');
  });
});
