import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { atfForm6 } from '../../../../test/fixtures/permits.ts';
import { checkPriorNotice } from './checkPriorNotice.ts';
import { permitDomainChecks } from './permitDomainChecks.ts';

describe('checkPriorNotice', () => {
  const arrival = '2025-05-10T14:00:00-05:00';
  const codeOf = (
    confirmedAt: string,
    mode: 'ROAD' | 'RAIL' | 'AIR' | 'WATER',
    system: 'ABI_ACE' | 'PNSI' = 'ABI_ACE',
  ) => {
    const r = checkPriorNotice({ arrival, confirmedAt, mode, system });
    return r.ok ? 'OK' : r.code;
  };
  it('holds the lead time of each mode, exactly at the limit being in time', () => {
    assert.equal(codeOf('2025-05-10T12:00:00-05:00', 'ROAD'), 'OK');
    assert.equal(codeOf('2025-05-10T17:00:01Z', 'ROAD'), 'CL_PRIOR_NOTICE_TOO_LATE'); // one second after 12:00 at UTC−5
    assert.equal(codeOf('2025-05-10T10:00:00-05:00', 'RAIL'), 'OK');
    assert.equal(codeOf('2025-05-10T10:00:01-05:00', 'AIR'), 'CL_PRIOR_NOTICE_TOO_LATE');
    assert.equal(codeOf('2025-05-10T07:00:00-05:00', 'WATER'), 'CL_PRIOR_NOTICE_TOO_LATE');
    assert.equal(codeOf('2025-05-10T06:00:00-05:00', 'WATER'), 'OK');
  });
  it('holds the earliest submission of each system', () => {
    assert.equal(codeOf('2025-04-10T14:00:00-05:00', 'ROAD'), 'OK');
    assert.equal(codeOf('2025-04-25T14:00:00-05:00', 'ROAD', 'PNSI'), 'OK');
    assert.equal(codeOf('2025-04-25T13:59:00-05:00', 'ROAD', 'PNSI'), 'CL_PRIOR_NOTICE_TOO_EARLY');
    assert.equal(codeOf('2025-05-10 12:00', 'ROAD'), 'CL_INPUT_INVALID');
  });
});

describe('permitDomainChecks', () => {
  it('is VALID for a valid permit and INVALID with every problem otherwise', async () => {
    const check = permitDomainChecks.LpcoCredential;
    const ok = await check({ credentialSubject: atfForm6() }, '2025-01-01T00:00:00Z');
    assert.equal(ok?.status, 'VALID');
    const bad = await check({ credentialSubject: { ...atfForm6(), expiresOn: '2027-01-01' } }, '2025-01-01T00:00:00Z');
    assert.equal(bad?.status, 'INVALID');
    assert.equal(bad?.code, 'CL_PERMIT_INVALID');
    const twice = await check({ credentialSubject: [atfForm6(), atfForm6()] }, '2025-01-01T00:00:00Z');
    assert.equal(twice?.status, 'INVALID');
  });
});
