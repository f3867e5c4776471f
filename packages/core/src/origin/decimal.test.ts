import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  addDecimals,
  compareDecimals,
  comparePct,
  type Decimal,
  decimal,
  formatDecimal,
  formatPct,
  formatUnits,
  multiplyDecimals,
  parseDecimal,
  pow10,
  ratioPct,
  subtractDecimals,
  unitsAtScale,
} from './decimal.ts';

const decimalArb = fc
  .record({ units: fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), scale: fc.integer({ min: 0, max: 12 }) })
  .map((d): Decimal => d);
const positiveArb = fc
  .record({ units: fc.bigInt({ min: 1n, max: 10n ** 18n }), scale: fc.integer({ min: 0, max: 12 }) })
  .map((d): Decimal => d);

/** Units of `d` at scale 24, the reference integer representation. */
const at24 = (d: Decimal) => d.units * 10n ** BigInt(24 - d.scale);

describe('parseDecimal', () => {
  it('accepts plain decimal strings and safe integers', () => {
    const cases: [unknown, bigint, number][] = [
      ['10000', 10000n, 0],
      ['3500.75', 350075n, 2],
      ['0.1', 1n, 1],
      ['-0.5', -5n, 1],
      ['0', 0n, 0],
      ['0.000000000001', 1n, 12],
      [42, 42n, 0],
      [-7, -7n, 0],
      [Number.MAX_SAFE_INTEGER, BigInt(Number.MAX_SAFE_INTEGER), 0],
    ];
    for (const [input, units, scale] of cases) {
      const parsed = parseDecimal(input);
      assert.ok(parsed.success, `${String(input)} should parse`);
      assert.deepEqual(parsed.data, { units, scale });
    }
  });

  it('refuses floats, exponents, NaN, signs, separators, leading zeros and too many digits', () => {
    const refused: unknown[] = [
      0.1,
      1.5,
      1e21,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.MAX_SAFE_INTEGER + 1,
      '1e3',
      '1E3',
      '+1',
      '01',
      '-01',
      '.5',
      '5.',
      '1,000',
      ' 1',
      '1 ',
      '',
      '-',
      '0x10',
      'NaN',
      'Infinity',
      '1.0000000000001',
      '1'.repeat(31),
      10n,
      null,
      undefined,
      {},
    ];
    for (const input of refused) assert.equal(parseDecimal(input).success, false, `${String(input)} should be refused`);
  });

  it('round-trips every decimal through its shortest string', () => {
    fc.assert(
      fc.property(decimalArb, (d) => {
        const parsed = parseDecimal(formatDecimal(d));
        assert.ok(parsed.success);
        assert.equal(compareDecimals(parsed.data, d), 0);
      }),
    );
  });

  it('decimal() throws CL_INPUT_INVALID for a value parseDecimal refuses', () => {
    assert.throws(() => decimal('1e3'), { code: 'CL_INPUT_INVALID' });
  });
});

describe('decimal arithmetic (against BigInt-scaled integers)', () => {
  it('adds, subtracts and multiplies exactly', () => {
    fc.assert(
      fc.property(decimalArb, decimalArb, (a, b) => {
        assert.equal(at24(addDecimals(a, b)), at24(a) + at24(b));
        assert.equal(at24(subtractDecimals(a, b)), at24(a) - at24(b));
        const product = multiplyDecimals(a, b);
        assert.equal(product.units * 10n ** BigInt(48 - product.scale), at24(a) * at24(b));
      }),
    );
  });

  it('compares like the scaled integers do, whatever the scales', () => {
    fc.assert(
      fc.property(decimalArb, decimalArb, (a, b) => {
        const x = at24(a);
        const y = at24(b);
        assert.equal(compareDecimals(a, b), x < y ? -1 : x > y ? 1 : 0);
        assert.equal(compareDecimals(b, a), -compareDecimals(a, b) || 0);
      }),
    );
    assert.equal(compareDecimals(decimal('1.50'), decimal('1.5')), 0);
  });

  it('formats without exponent or trailing zeros', () => {
    assert.equal(formatDecimal(decimal('3500.50')), '3500.5');
    assert.equal(formatDecimal(decimal('-0.000')), '0');
    assert.equal(formatUnits(1n, 12), '0.000000000001');
    assert.equal(formatUnits(-123_000_000_000_000n, 12), '-123');
    assert.equal(unitsAtScale(decimal('1.5'), 3), 1500n);
    assert.equal(pow10(70), 10n ** 70n);
  });
});

describe('percentages (RO-02: never round before comparison)', () => {
  it('ratioPct compares exactly with a threshold, like 100·a against t·b', () => {
    fc.assert(
      fc.property(decimalArb, positiveArb, decimalArb, (a, b, t) => {
        const expected = compareDecimals(multiplyDecimals(a, decimal('100')), multiplyDecimals(t, b));
        assert.equal(comparePct(ratioPct(a, b), t), expected);
      }),
    );
  });

  it('a negative base is normalised and a zero base is refused', () => {
    assert.equal(comparePct(ratioPct(decimal('-1'), decimal('-4')), decimal('25')), 0);
    assert.throws(() => ratioPct(decimal('1'), decimal('0')), { code: 'CL_INPUT_INVALID' });
  });

  it('59.999 % is shown as 60.00 but is below a 60 % threshold', () => {
    const p = ratioPct(decimal('59999'), decimal('100000'));
    assert.equal(formatPct(p), '60.00');
    assert.equal(comparePct(p, decimal('60')), -1);
  });

  it('formats with 2 decimals, rounding half-up (away from zero)', () => {
    const cases: [string, string, string][] = [
      ['45', '80', '56.25'],
      ['6500', '10000', '65.00'],
      ['1', '8', '12.50'],
      ['2', '3', '66.67'],
      ['1', '3', '33.33'],
      ['12.345', '100', '12.35'],
      ['12.344999', '100', '12.34'],
      ['-12.345', '100', '-12.35'],
      ['0.004', '100', '0.00'],
      ['-0.004', '100', '0.00'],
      ['-0.005', '100', '-0.01'],
      ['3', '1', '300.00'],
    ];
    for (const [a, b, text] of cases) assert.equal(formatPct(ratioPct(decimal(a), decimal(b))), text, `${a}/${b}`);
    assert.equal(formatPct(ratioPct(decimal('1'), decimal('3')), 0), '33');
  });

  it('the display is within half a hundredth of the exact value, ties away from zero', () => {
    fc.assert(
      fc.property(decimalArb, positiveArb, (a, b) => {
        const text = formatPct(ratioPct(a, b));
        const shown: Decimal = { units: BigInt(text.replace('.', '')), scale: 2 };
        // exact − shown = (100·a − shown·b) / b; scaled by 200 it must be within ±b.
        const diff = subtractDecimals(multiplyDecimals(a, decimal('100')), multiplyDecimals(shown, b));
        const twice = multiplyDecimals(diff, decimal('200'));
        assert.ok(compareDecimals(twice, b) <= 0 && compareDecimals(twice, { units: -b.units, scale: b.scale }) >= 0);
        // A tie (exactly half-way) goes away from zero: exact − shown is then −½ for positives, +½ for negatives.
        if (compareDecimals(twice, b) === 0) assert.ok(a.units < 0n);
        if (compareDecimals(twice, { units: -b.units, scale: b.scale }) === 0) assert.ok(a.units > 0n);
      }),
    );
  });
});
