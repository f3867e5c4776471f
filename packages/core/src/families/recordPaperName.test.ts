import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { usmcaCertification } from '../../../../test/fixtures/usmcaCertification.ts';
import { recordPaperName } from './recordPaperName.ts';

const hash = 'ab'.repeat(32);

describe('recordPaperName', () => {
  it('names a certification by its agreement and number', () => {
    const vc = usmcaCertification();
    vc.credentialSubject.certificationNumber = 'MX-MAJ-2026-00003';
    assert.equal(recordPaperName(vc, hash), 'USMCA-MX-MAJ-2026-00003');
    const cafta = { ...vc, credentialSubject: { ...vc.credentialSubject, agreement: 'CAFTA_DR' } };
    assert.equal(recordPaperName(cafta, hash), 'CAFTA-DR-MX-MAJ-2026-00003');
  });

  it('names another record by its number, keeping only safe characters', () => {
    const permit = { credentialSubject: { holder: { name: 'X' }, permitNumber: ' P/42 "x" ' } };
    assert.equal(recordPaperName(permit, hash), 'P-42-x');
  });

  it('falls back to the start of the hash', () => {
    assert.equal(recordPaperName({ credentialSubject: {} }, hash), hash.slice(0, 16));
    assert.equal(recordPaperName({ credentialSubject: { certificationNumber: '///' } }, hash), hash.slice(0, 16));
    assert.equal(recordPaperName(null, hash), hash.slice(0, 16));
  });
});
