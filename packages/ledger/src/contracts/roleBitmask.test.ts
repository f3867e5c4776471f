import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { roles } from '@clearledger/core';
import fc from 'fast-check';
import { roleBitmask, rolesFromBitmask } from './roleBitmask.ts';

describe('roleBitmask', () => {
  it('puts role i of the core role list on bit i', () => {
    assert.equal(roleBitmask(['NETWORK_AUTHORITY', 'CUSTOMS']), 0b11n);
    assert.equal(roleBitmask(['PRODUCER', 'EXPORTER', 'PRODUCER']), 0b11000n);
    assert.equal(roleBitmask(['LICENSEE']), 1n << 10n);
  });

  it('round-trips any set of roles, in core order', () => {
    fc.assert(
      fc.property(fc.subarray([...roles]), fc.shuffledSubarray([...roles]), (sorted, shuffled) => {
        assert.deepEqual(rolesFromBitmask(roleBitmask(sorted)), sorted);
        assert.deepEqual(
          rolesFromBitmask(roleBitmask(shuffled)),
          roles.filter((r) => shuffled.includes(r)),
        );
      }),
    );
  });

  it('refuses a role name it does not know', () => {
    assert.throws(() => roleBitmask(['SMUGGLER' as never]), { code: 'CL_INPUT_INVALID' });
  });
});
