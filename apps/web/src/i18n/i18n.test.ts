import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { en } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';
import { formatDate, formatMessage, pickLanguage, placeholdersOf } from './index.ts';

const dictionaries = { en, es, fr } as Record<string, Record<string, string>>;
const reference = Object.keys(en).sort();

describe('dictionaries', () => {
  for (const [language, dictionary] of Object.entries(dictionaries)) {
    it(`${language} has exactly the English keys`, () => {
      const keys = Object.keys(dictionary).sort();
      assert.deepEqual(
        reference.filter((k) => !keys.includes(k)),
        [],
        `missing in ${language}`,
      );
      assert.deepEqual(
        keys.filter((k) => !reference.includes(k)),
        [],
        `unknown keys in ${language}`,
      );
    });

    it(`${language} has no empty message and keeps every placeholder`, () => {
      for (const key of reference) {
        const message = dictionary[key]!;
        assert.ok(message.trim().length > 0, `${language} ${key} is empty`);
        assert.deepEqual(placeholdersOf(message), placeholdersOf(en[key as keyof typeof en]), `${language} ${key}`);
      }
    });
  }

  it('translates the verdict words (colour is never the only signal)', () => {
    assert.deepEqual([en['verdict.VALID'], es['verdict.VALID'], fr['verdict.VALID']], ['VALID', 'VÁLIDO', 'VALIDE']);
    assert.notEqual(es['verdict.INVALID'], en['verdict.INVALID']);
    assert.notEqual(fr['verdict.INCONCLUSIVE'], en['verdict.INCONCLUSIVE']);
  });
});

describe('pickLanguage', () => {
  it('prefers the remembered choice', () => {
    assert.equal(pickLanguage(['en-US'], 'fr'), 'fr');
  });
  it('takes the first browser language the app speaks, by primary subtag', () => {
    assert.equal(pickLanguage(['de-DE', 'es-MX', 'en'], null), 'es');
    assert.equal(pickLanguage(['fr_CA'], 'xx'), 'fr');
  });
  it('falls back to English', () => {
    assert.equal(pickLanguage(['pt-BR', 'de'], null), 'en');
    assert.equal(pickLanguage([], undefined), 'en');
  });
});

describe('formatMessage', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    assert.equal(formatMessage('en', 'block {block} of {chain}', { block: 1234 }), 'block 1,234 of {chain}');
  });
  it('formats a bare date as that calendar day in every time zone', () => {
    assert.match(formatDate('en', '2025-01-01'), /Jan 1, 2025/);
    assert.match(formatDate('es', '2025-12-31'), /31/);
  });
});
