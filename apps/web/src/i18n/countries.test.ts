import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countryOptions, isoCountryCodes } from './countries.ts';

describe('countryOptions', () => {
  it('lists the 249 ISO 3166-1 countries once each, every one with a name', () => {
    assert.equal(isoCountryCodes.length, 249);
    assert.equal(new Set(isoCountryCodes).size, 249);
    for (const { value, label } of countryOptions('en')) {
      assert.match(value, /^[A-Z]{2}$/);
      assert.notEqual(label, `${value} (${value})`, `${value} has a name`);
    }
  });

  it('names and sorts them in the page’s language', () => {
    const names = (language: 'en' | 'es' | 'fr') => countryOptions(language, ['DE', 'MX', 'US']).map((o) => o.label);
    assert.deepEqual(names('en'), ['Germany (DE)', 'Mexico (MX)', 'United States (US)']);
    assert.deepEqual(names('es'), ['Alemania (DE)', 'Estados Unidos (US)', 'México (MX)']);
    assert.deepEqual(names('fr'), ['Allemagne (DE)', 'États-Unis (US)', 'Mexique (MX)']);
  });
});
