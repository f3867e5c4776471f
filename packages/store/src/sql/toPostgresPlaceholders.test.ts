import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toPostgresPlaceholders } from './toPostgresPlaceholders.ts';

describe('toPostgresPlaceholders', () => {
  it('numbers placeholders in order', () => {
    assert.equal(
      toPostgresPlaceholders('INSERT INTO t (a, b, c) VALUES (?, ?, ?)'),
      'INSERT INTO t (a, b, c) VALUES ($1, $2, $3)',
    );
  });

  it('leaves question marks in literals, quoted identifiers and comments alone', () => {
    assert.equal(
      toPostgresPlaceholders(`SELECT '?', 'it''s ?', "odd?name" FROM t -- why?\nWHERE a = ? /* ? */ AND b = ?`),
      `SELECT '?', 'it''s ?', "odd?name" FROM t -- why?\nWHERE a = $1 /* ? */ AND b = $2`,
    );
  });

  it('returns SQL without placeholders unchanged', () => {
    assert.equal(toPostgresPlaceholders('SELECT 1'), 'SELECT 1');
  });
});
