import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { atfForm6 } from '../../../../test/fixtures/permits.ts';
import { recordKeyFacts } from '../families/recordKeyFacts.ts';
import { permitKeyFacts } from './permitFacts.ts';

describe('permitKeyFacts', () => {
  it('states agency, program, number, holder, term, quantity, use and scope; an absent scope list is ANY', () => {
    const facts = permitKeyFacts({ credentialSubject: atfForm6() });
    const byLabel = Object.fromEntries(facts.facts.map((f) => [f.label, f.value]));
    assert.deepEqual(byLabel.permitType, { kind: 'term', term: 'PERMIT' });
    assert.deepEqual(byLabel.permitAgency, {
      kind: 'text',
      text: 'ATF — Bureau of Alcohol, Tobacco, Firearms and Explosives',
    });
    assert.deepEqual(byLabel.permitTerm, { kind: 'period', from: '2024-05-01', to: '2026-05-01' });
    assert.deepEqual(byLabel.permitQuantity, { kind: 'text', text: '500 NO' });
    assert.deepEqual(byLabel.permitUse, { kind: 'term', term: 'MULTIPLE' });
    assert.deepEqual(byLabel.permitScopeHs, { kind: 'text', text: '9303.30' });
    assert.deepEqual(byLabel.permitScopeCountries, { kind: 'text', text: 'DE' });
    assert.deepEqual(byLabel.permitScopePorts, { kind: 'term', term: 'ANY' });
    assert.equal(
      (byLabel.permitHolder as { parties: { importerNumber: string }[] }).parties[0]!.importerNumber,
      '12-3456789AB',
    );
    assert.equal('permitDesignees' in byLabel, false);
  });

  it('never throws on hostile input, and the registry gives it for an LpcoCredential', () => {
    for (const subject of [null, 'x', [], { scope: 'all', designees: 'me', agency: 1 }])
      assert.ok(Array.isArray(permitKeyFacts({ credentialSubject: subject }).facts));
    const found = recordKeyFacts({ type: ['VerifiableCredential', 'LpcoCredential'], credentialSubject: atfForm6() });
    assert.equal(found?.family, 'permits');
  });
});
