import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Tone, toneUnder } from './verdictTone.ts';

describe('toneUnder', () => {
  it('keeps green for a VALID verdict only', () => {
    assert.equal(toneUnder('VALID', 'valid'), 'valid');
    assert.equal(toneUnder('INVALID', 'valid'), 'neutral');
    assert.equal(toneUnder('INCONCLUSIVE', 'valid'), 'neutral');
  });

  it('leaves every other tone as it is, whatever the verdict', () => {
    for (const verdict of ['VALID', 'INVALID', 'INCONCLUSIVE'] as const)
      for (const tone of ['invalid', 'inconclusive', 'neutral'] as Tone[]) assert.equal(toneUnder(verdict, tone), tone);
  });
});
