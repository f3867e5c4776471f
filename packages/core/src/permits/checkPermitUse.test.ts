import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { atfForm6, citesPermit, IMPORTER } from '../../../../test/fixtures/permits.ts';
import { type CheckPermitUseInput, checkPermitUse, permitStateOf } from './checkPermitUse.ts';

function input(change: (i: CheckPermitUseInput) => void = () => {}): CheckPermitUseInput {
  const i: CheckPermitUseInput = {
    permit: {
      ...atfForm6(),
      scope: { hs: ['930330', '93032000'], countries: ['DE', 'AT'], ports: ['2704', '0712'], products: ['RIFLE-X'] },
    },
    facts: {
      state: 'PARTIALLY_USED',
      balance: '300',
      singleUse: false,
      expiresOn: '2026-05-01',
      uses: [{ entryNumber: 'E1', line: 1, quantity: '200', port: '2704' }],
    },
    use: {
      entryNumber: 'E2',
      line: 1,
      quantity: '20',
      unit: 'NO',
      port: '0712',
      hts: '9303.30.00.40',
      country: 'AT',
      product: 'RIFLE-X',
      drawer: IMPORTER,
    },
    today: '2025-06-01',
  };
  change(i);
  return i;
}
const codeOf = (i: CheckPermitUseInput) => {
  const r = checkPermitUse(i);
  return r.ok ? 'OK' : `${r.code} ${r.rule} ${r.field}`;
};

describe('checkPermitUse', () => {
  it('accepts a use within scope by the holder', () => {
    assert.deepEqual(checkPermitUse(input()), {
      ok: true,
      replay: false,
      nextState: 'PARTIALLY_USED',
      balanceAfter: '280',
    });
  });

  it('PM-05: the same entry line with the same quantity and port is a replay; anything else is refused', () => {
    const replay = checkPermitUse(
      input((i) => (i.use = { ...i.use, entryNumber: 'E1', quantity: '200.000', port: '2704' })),
    );
    assert.deepEqual(replay, {
      ok: true,
      replay: true,
      use: { entryNumber: 'E1', line: 1, quantity: '200', port: '2704' },
    });
    assert.equal(
      codeOf(input((i) => (i.use = { ...i.use, entryNumber: 'E1', quantity: '199', port: '2704' }))),
      'CL_PERMIT_USE_KEY_REUSED PM-05 /use',
    );
    assert.equal(
      codeOf(input((i) => (i.use = { ...i.use, entryNumber: 'E1', quantity: '200', port: '0712' }))),
      'CL_PERMIT_USE_KEY_REUSED PM-05 /use',
    );
    // Another line of the same entry is a new use.
    assert.equal(codeOf(input((i) => (i.use = { ...i.use, entryNumber: 'E1', line: 2 }))), 'OK');
  });

  it('PM-07: the holder, a designee, or a broker the holder authorised; nobody else', () => {
    const stranger = 'did:web:stranger.example';
    assert.equal(codeOf(input((i) => (i.use.drawer = stranger))), 'CL_PERMIT_NOT_HOLDER PM-07 /use/drawer');
    assert.equal(
      codeOf(
        input((i) => {
          i.use.drawer = stranger;
          i.permit.designees = [{ id: stranger, name: 'Agent' }];
        }),
      ),
      'OK',
    );
    assert.equal(
      codeOf(
        input((i) => {
          i.use.drawer = stranger;
          i.use.drawerIsBrokerFor = [IMPORTER];
        }),
      ),
      'OK',
    );
    assert.equal(
      codeOf(
        input((i) => {
          i.use.drawer = stranger;
          i.use.drawerIsBrokerFor = ['did:web:other.example'];
        }),
      ),
      'CL_PERMIT_NOT_HOLDER PM-07 /use/drawer',
    );
  });

  it('PM-08: HTS by prefix, then product, country and port, each named', () => {
    assert.equal(codeOf(input((i) => (i.use.hts = '9303200010'))), 'OK');
    assert.equal(codeOf(input((i) => (i.use.hts = '9303900000'))), 'CL_PERMIT_OUT_OF_SCOPE PM-08 /use/hts');
    assert.equal(codeOf(input((i) => (i.use.hts = '93033'))), 'CL_PERMIT_OUT_OF_SCOPE PM-08 /use/hts');
    assert.equal(codeOf(input((i) => (i.use.product = 'PISTOL'))), 'CL_PERMIT_OUT_OF_SCOPE PM-08 /use/product');
    assert.equal(codeOf(input((i) => delete i.use.product)), 'CL_PERMIT_OUT_OF_SCOPE PM-08 /use/product');
    assert.equal(codeOf(input((i) => (i.use.country = 'CN'))), 'CL_PERMIT_OUT_OF_SCOPE PM-08 /use/country');
    assert.equal(codeOf(input((i) => (i.use.port = '2304'))), 'CL_PERMIT_OUT_OF_SCOPE PM-08 /use/port');
    // An absent list restricts nothing.
    assert.equal(
      codeOf(
        input((i) => {
          delete i.permit.scope.ports;
          i.use.port = '2304';
        }),
      ),
      'OK',
    );
  });

  it('PM-01 and PM-02: state, expiry, quantity and unit', () => {
    for (const state of ['SUSPENDED', 'REVOKED', 'APPLIED', 'DENIED'] as const)
      assert.equal(codeOf(input((i) => (i.facts.state = state))), 'CL_PERMIT_NOT_USABLE PM-01 /facts/state');
    assert.equal(codeOf(input((i) => (i.facts.state = 'EXPIRED'))), 'CL_PERMIT_EXPIRED PM-01 /today');
    assert.equal(
      codeOf(input((i) => (i.facts.state = 'EXHAUSTED'))),
      'CL_PERMIT_INSUFFICIENT_BALANCE PM-02 /use/quantity',
    );
    assert.equal(codeOf(input((i) => (i.use.quantity = '0'))), 'CL_PERMIT_QUANTITY_INVALID PM-02 /use/quantity');
    assert.equal(codeOf(input((i) => (i.use.quantity = '-5'))), 'CL_PERMIT_QUANTITY_INVALID PM-02 /use/quantity');
    assert.equal(
      codeOf(input((i) => (i.use.quantity = '1.0000001'))),
      'CL_PERMIT_QUANTITY_INVALID PM-02 /use/quantity',
    );
    assert.equal(codeOf(input((i) => (i.use.unit = 'KG'))), 'CL_PERMIT_QUANTITY_INVALID PM-02 /use/unit');
    assert.equal(codeOf(input((i) => (i.use.quantity = '300'))), 'OK');
    assert.deepEqual(checkPermitUse(input((i) => (i.use.quantity = '300.000001'))), {
      ok: false,
      code: 'CL_PERMIT_INSUFFICIENT_BALANCE',
      rule: 'PM-02',
      field: '/use/quantity',
      message: "The quantity 300.000001 is more than the permit's balance of 300 NO; nothing was drawn.",
      details: { balance: '300' },
    });
  });

  it('PM-03: a single-use permit with a use is ALREADY_USED even before the ledger says CONSUMED', () => {
    const cites = citesPermit();
    const r = checkPermitUse({
      permit: cites,
      facts: {
        state: 'ACTIVE',
        balance: '20',
        singleUse: true,
        expiresOn: cites.expiresOn,
        uses: [{ entryNumber: 'C1', line: 1, quantity: '18', port: '2704' }],
      },
      use: {
        entryNumber: 'C2',
        line: 1,
        quantity: '2',
        unit: 'PCS',
        port: '2704',
        hts: '410390',
        country: 'US',
        drawer: IMPORTER,
      },
      today: '2025-04-02',
    });
    assert.equal(r.ok ? 'OK' : r.code, 'CL_PERMIT_ALREADY_USED');
  });
});

describe('permitStateOf', () => {
  const base = {
    chainState: 'PARTIALLY_USED' as const,
    credentialStatus: 'ACTIVE' as const,
    expiresOn: '2026-05-01',
    today: '2026-05-01',
  };
  it('takes the credential status first, then the registration, then the expiry, else the chain state', () => {
    assert.equal(permitStateOf(base), 'PARTIALLY_USED');
    assert.equal(permitStateOf({ ...base, today: '2026-05-02' }), 'EXPIRED');
    assert.equal(permitStateOf({ ...base, chainState: 'EXHAUSTED', today: '2026-05-02' }), 'EXHAUSTED');
    assert.equal(permitStateOf({ ...base, credentialStatus: 'SUSPENDED' }), 'SUSPENDED');
    assert.equal(permitStateOf({ ...base, credentialStatus: 'REVOKED', today: '2027-01-01' }), 'REVOKED');
    assert.equal(permitStateOf({ ...base, chainState: null }), 'APPLIED');
  });
});
