import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { ClearledgerError, type ErrorCode, type OrganizationRecord } from '@clearledger/core';

/** The fixed clock the behaviour suites open their stores with. */
export const clockValue = '2026-01-31T12:00:00.000Z';
export const now = (): string => clockValue;

export function organization(id: string, overrides: Partial<OrganizationRecord> = {}): OrganizationRecord {
  return {
    id,
    did: `did:web:${id}.example`,
    name: `Organisation ${id}`,
    country: 'CH',
    roles: ['certifier'],
    active: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** Awaits `promise`, asserts it fails with a ClearledgerError of `code`, and returns that error. */
export async function rejectsWith(promise: Promise<unknown>, code: ErrorCode): Promise<ClearledgerError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ClearledgerError, `expected a ClearledgerError ${code}, got ${inspect(error)}`);
    assert.equal(error.code, code, `expected ${code}, got ${error.code}: ${error.message}`);
    return error;
  }
  assert.fail(`expected ${code}, but the call succeeded`);
}
