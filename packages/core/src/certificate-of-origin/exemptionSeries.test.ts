import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClearledgerError } from '../errors/ClearledgerError.ts';
import { type ExemptImportation, exemptionSeries } from './exemptionSeries.ts';

const entry = (entryNumber: string, importDate: string, valueUsd: string, htsus = '9403604081'): ExemptImportation => ({
  entryNumber,
  importDate,
  htsus,
  valueUsd,
});

describe('exemptionSeries (the CO-12 series risk rule)', () => {
  it('flags one shipment split across entries: same importer, same subheading, within 7 days, over US$2,500 together', () => {
    const r = exemptionSeries({
      importation: [entry('AB1-0000003-3', '2025-06-12', '900')],
      earlier: [entry('AB1-0000001-1', '2025-06-10', '900'), entry('AB1-0000002-2', '2025-06-11', '900')],
    });
    assert.deepEqual(r, { flagged: true, entries: ['AB1-0000001-1', 'AB1-0000002-2'], combinedValueUsd: '2700' });
  });

  it('does not flag entries that stay within US$2,500 together', () => {
    const r = exemptionSeries({
      importation: [entry('AB1-0000003-3', '2025-06-12', '1000')],
      earlier: [entry('AB1-0000001-1', '2025-06-10', '1500')],
    });
    assert.deepEqual(r, { flagged: false, entries: [], combinedValueUsd: '2500' });
  });

  it('ignores other subheadings, importations more than 7 days apart, and lines of the same entry', () => {
    const r = exemptionSeries({
      importation: [entry('AB1-0000003-3', '2025-06-12', '2000')],
      earlier: [
        entry('AB1-0000001-1', '2025-06-10', '2000', '9401610000'),
        entry('AB1-0000002-2', '2025-06-04', '2000'),
        entry('AB1-0000003-3', '2025-06-12', '2000'),
        entry('AB1-0000004-4', '2025-06-20', '2000'),
      ],
    });
    assert.equal(r.flagged, false);
    const wider = exemptionSeries({
      importation: [entry('AB1-0000003-3', '2025-06-12', '2000')],
      earlier: [entry('AB1-0000002-2', '2025-06-04', '2000')],
      windowDays: 8,
    });
    assert.equal(wider.flagged, true);
    assert.equal(
      exemptionSeries({
        importation: [entry('AB1-0000003-3', '2025-06-12', '2000')],
        earlier: [entry('AB1-0000002-2', '2025-06-19', '2000')],
      }).flagged,
      true,
      'a later entry counts as well (the window runs both ways)',
    );
  });

  it('refuses malformed dates and amounts', () => {
    for (const earlier of [[entry('AB1-1', '2025-6-1', '1')], [entry('AB1-1', '2025-06-01', '1,000')]])
      assert.throws(
        () => exemptionSeries({ importation: [entry('AB1-2', '2025-06-02', '1')], earlier }),
        (e: unknown) => e instanceof ClearledgerError && e.code === 'CL_INPUT_INVALID',
      );
  });
});
