import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClearledgerError } from '../errors/ClearledgerError.ts';
import { isUsFederalHoliday, usFederalHolidays } from './usFederalHolidays.ts';

const observedOn = (year: number, name: string) =>
  usFederalHolidays(year)
    .filter((h) => h.name === name)
    .map((h) => h.date);

describe('usFederalHolidays (5 U.S.C. 6103, observed days)', () => {
  it('fixed-date holidays on a weekday are observed on the day', () => {
    assert.deepEqual(observedOn(2025, "New Year's Day"), ['2025-01-01']);
    assert.deepEqual(observedOn(2025, 'Juneteenth National Independence Day'), ['2025-06-19']);
    assert.deepEqual(observedOn(2025, 'Independence Day'), ['2025-07-04']);
    assert.deepEqual(observedOn(2025, 'Veterans Day'), ['2025-11-11']);
    assert.deepEqual(observedOn(2025, 'Christmas Day'), ['2025-12-25']);
  });

  it('Monday holidays: MLK and Washington’s Birthday the 3rd Monday, Memorial Day the last, Labor Day the 1st, Columbus Day the 2nd', () => {
    assert.deepEqual(observedOn(2025, 'Birthday of Martin Luther King, Jr.'), ['2025-01-20']);
    assert.deepEqual(observedOn(2025, "Washington's Birthday"), ['2025-02-17']);
    assert.deepEqual(observedOn(2025, 'Memorial Day'), ['2025-05-26']);
    assert.deepEqual(observedOn(2024, 'Memorial Day'), ['2024-05-27']);
    assert.deepEqual(observedOn(2025, 'Labor Day'), ['2025-09-01']);
    assert.deepEqual(observedOn(2025, 'Columbus Day'), ['2025-10-13']);
  });

  it('Thanksgiving is the fourth Thursday of November (not the last)', () => {
    assert.deepEqual(observedOn(2025, 'Thanksgiving Day'), ['2025-11-27']);
    assert.deepEqual(observedOn(2024, 'Thanksgiving Day'), ['2024-11-28']);
    // November 2029 has five Thursdays: the fourth is the 22nd.
    assert.deepEqual(observedOn(2029, 'Thanksgiving Day'), ['2029-11-22']);
  });

  it('a holiday on a Saturday is observed the Friday before', () => {
    assert.deepEqual(observedOn(2026, 'Independence Day'), ['2026-07-03']);
    assert.deepEqual(observedOn(2021, 'Juneteenth National Independence Day'), ['2021-06-18']);
    assert.deepEqual(observedOn(2023, 'Veterans Day'), ['2023-11-10']);
    assert.deepEqual(observedOn(2021, 'Christmas Day'), ['2021-12-24']);
  });

  it('a holiday on a Sunday is observed the Monday after', () => {
    assert.deepEqual(observedOn(2021, 'Independence Day'), ['2021-07-05']);
    assert.deepEqual(observedOn(2022, 'Juneteenth National Independence Day'), ['2022-06-20']);
    assert.deepEqual(observedOn(2022, 'Christmas Day'), ['2022-12-26']);
    assert.deepEqual(observedOn(2023, "New Year's Day"), ['2023-01-02']);
  });

  it("New Year's Day on a Saturday is observed on 31 December of the year before", () => {
    // 1 January 2022 and 2028 are Saturdays.
    assert.deepEqual(
      usFederalHolidays(2021)
        .filter((h) => h.name === "New Year's Day")
        .map((h) => [h.date, h.actual]),
      [
        ['2021-01-01', '2021-01-01'],
        ['2021-12-31', '2022-01-01'],
      ],
    );
    assert.deepEqual(observedOn(2022, "New Year's Day"), []);
    assert.deepEqual(observedOn(2027, "New Year's Day"), ['2027-01-01', '2027-12-31']);
    assert.equal(usFederalHolidays(2021).length, 12);
    assert.equal(usFederalHolidays(2022).length, 10);
  });

  it('Juneteenth counts from 2021 and MLK Day from 1986; eleven holidays in an ordinary year', () => {
    assert.deepEqual(observedOn(2020, 'Juneteenth National Independence Day'), []);
    assert.deepEqual(observedOn(1985, 'Birthday of Martin Luther King, Jr.'), []);
    assert.deepEqual(observedOn(1986, 'Birthday of Martin Luther King, Jr.'), ['1986-01-20']);
    assert.equal(usFederalHolidays(2025).length, 11);
    assert.equal(usFederalHolidays(2019).length, 10);
  });

  it('is computed for any year by its rules (no table), and Inauguration Day is not among them', () => {
    assert.deepEqual(observedOn(2100, 'Thanksgiving Day'), ['2100-11-25']);
    assert.deepEqual(observedOn(2100, 'Independence Day'), ['2100-07-05']); // a Sunday
    assert.equal(isUsFederalHoliday('2025-01-20'), true); // MLK Day, also Inauguration Day 2025
    assert.equal(isUsFederalHoliday('2029-01-22'), false); // Inauguration Day 2029 (20 Jan is a Saturday) is no federal holiday
    assert.equal(isUsFederalHoliday('2025-11-28'), false); // the day after Thanksgiving is a business day
    assert.equal(isUsFederalHoliday('2026-07-03'), true);
    assert.equal(isUsFederalHoliday('2026-07-04'), false); // a Saturday: observed on Friday
  });

  it('refuses years it cannot compute', () => {
    for (const year of [1977, 10000, 2025.5, Number.NaN])
      assert.throws(
        () => usFederalHolidays(year),
        (e: unknown) => e instanceof ClearledgerError && e.code === 'CL_INPUT_INVALID',
      );
  });
});
