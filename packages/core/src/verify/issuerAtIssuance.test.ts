import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { usmcaCertification } from '../../../../test/fixtures/usmcaCertification.ts';
import { issueCredential } from '../credentials/issueCredential.ts';
import { createSigner, type Signer } from '../credentials/signer.ts';
import { nobleCrypto as crypto } from '../crypto/nobleCrypto.ts';
import { fromHex, toHex } from '../encoding/bytes.ts';
import { type LedgerSnapshot, type OrganizationState, snapshotLedgerView } from '../ledger/snapshotLedgerView.ts';
import { buildMerkleTree } from '../merkle/merkleTree.ts';
import type { AnchorReceipt, VerificationReport } from './types.ts';
import { verifyCredential } from './verifyCredential.ts';

const PRODUCER = 'did:web:producer.example';
const BROKER = 'did:web:broker.example';
const producer = createSigner(crypto, { issuer: PRODUCER, seed: new Uint8Array(32).fill(1) });
const broker = createSigner(crypto, { issuer: BROKER, seed: new Uint8Array(32).fill(2) });
const ISSUED_AT = '2025-01-10T12:00:00Z';
const NOW = '2025-06-10T09:00:00Z';
const ANCHOR_BLOCK = 40;

const sign = (signer: Signer, overrides: Record<string, unknown> = {}) => {
  const result = issueCredential(
    { crypto, now: ISSUED_AT },
    { credential: { ...usmcaCertification({ issuer: signer.issuer }), ...overrides }, signer },
  );
  assert.ok(result.success);
  return result;
};

/** One credential alone in a batch: its receipt and the anchor by `issuer` at ANCHOR_BLOCK. */
const anchored = (
  hash: string,
  issuer: string,
): { receipt: AnchorReceipt; anchor: LedgerSnapshot['anchors'][number] } => {
  const root = toHex(buildMerkleTree(crypto, [fromHex(hash)]).root);
  return {
    receipt: { root, leafIndex: 0, treeSize: 1, proof: [] },
    anchor: { root, issuer, size: 1, blockNumber: ANCHOR_BLOCK, anchoredAt: '2025-01-10T12:00:05Z' },
  };
};

const org = (signer: Signer, history: OrganizationState[]): LedgerSnapshot['organizations'][number] => ({
  id: signer.issuer,
  active: history.at(-1)!.active,
  roles: history.at(-1)!.roles,
  history,
  keys: [
    {
      publicKeyMultibase: signer.publicKeyMultibase,
      validFrom: '2024-01-01T00:00:00Z',
      validUntil: null,
      revokedAt: null,
    },
  ],
});

const snapshot = (
  organizations: LedgerSnapshot['organizations'],
  anchors: LedgerSnapshot['anchors'],
): LedgerSnapshot => ({
  blockNumber: 100,
  asOf: NOW,
  organizations,
  anchors,
  statuses: {},
});

const verify = (s: LedgerSnapshot, credential: unknown, anchor?: AnchorReceipt) =>
  verifyCredential(
    { crypto, now: NOW, ledger: snapshotLedgerView(s) },
    anchor === undefined ? { credential } : { credential, anchor },
  );
const check = (report: VerificationReport, name: string) => report.checks.find((c) => c.check === name)!;

describe('who may issue what (verification)', () => {
  const brokerOrg = org(broker, [{ blockNumber: 1, active: true, roles: ['BROKER'] }]);

  it('the attack: a broker’s information response that is also a USMCA certification is INVALID, not VALID', async () => {
    const attack = sign(broker, {
      type: ['VerifiableCredential', 'InformationResponseCredential', 'USMCACertificationOfOrigin'],
    });
    const { receipt, anchor } = anchored(attack.hash, BROKER);
    const report = await verify(snapshot([brokerOrg], [anchor]), attack.credential, receipt);
    assert.equal(report.verdict, 'INVALID');
    assert.equal(check(report, 'issuer').code, 'CL_VERIFY_TYPE_AMBIGUOUS');
  });

  it('a broker’s plain USMCA certification is INVALID: no role of a broker may issue it', async () => {
    const vc = sign(broker);
    const { receipt, anchor } = anchored(vc.hash, BROKER);
    const report = await verify(snapshot([brokerOrg], [anchor]), vc.credential, receipt);
    assert.equal(check(report, 'issuer').code, 'CL_VERIFY_ROLE_NOT_ALLOWED');
    assert.match(check(report, 'issuer').message, /USMCACertificationOfOrigin/);
  });

  it('a bare VerifiableCredential is INVALID with a reason that names what is missing, even without a ledger', async () => {
    const bare = sign(producer, { type: ['VerifiableCredential'] });
    const report = await verifyCredential({ crypto, now: NOW }, { credential: bare.credential });
    assert.equal(report.verdict, 'INVALID');
    assert.equal(check(report, 'issuer').code, 'CL_VERIFY_TYPE_UNKNOWN');
    assert.match(check(report, 'issuer').message, /names no record type/);
    assert.doesNotMatch(check(report, 'issuer').message, /issue \./);
  });
});

describe('issuer facts as of issuance (verification)', () => {
  const vc = sign(producer);
  const { receipt, anchor } = anchored(vc.hash, PRODUCER);
  const registered: OrganizationState = { blockNumber: 5, active: true, roles: ['PRODUCER'] };

  it('deactivated after the record was anchored: the record stays VALID', async () => {
    const s = snapshot(
      [org(producer, [registered, { blockNumber: 60, active: false, roles: ['PRODUCER'] }])],
      [anchor],
    );
    const report = await verify(s, vc.credential, receipt);
    assert.equal(report.verdict, 'VALID', JSON.stringify(report.checks));
  });

  it('deactivated before the anchoring block: INVALID, naming the block', async () => {
    const s = snapshot(
      [org(producer, [registered, { blockNumber: 30, active: false, roles: ['PRODUCER'] }])],
      [anchor],
    );
    const report = await verify(s, vc.credential, receipt);
    assert.equal(check(report, 'issuer').code, 'CL_VERIFY_ISSUER_INACTIVE');
    assert.match(check(report, 'issuer').message, /block 40/);
  });

  it('deactivated and the record not anchored: INVALID (a deactivated issuer makes no new records)', async () => {
    const s = snapshot([org(producer, [registered, { blockNumber: 60, active: false, roles: ['PRODUCER'] }])], []);
    const report = await verify(s, vc.credential);
    assert.equal(report.verdict, 'INVALID');
    assert.equal(check(report, 'issuer').code, 'CL_VERIFY_ISSUER_INACTIVE');
  });

  it('role removed after issuance: VALID; granted only after the anchoring block: INVALID', async () => {
    const removed = snapshot(
      [org(producer, [registered, { blockNumber: 41, active: true, roles: ['BROKER'] }])],
      [anchor],
    );
    assert.equal((await verify(removed, vc.credential, receipt)).verdict, 'VALID');
    const grantedLate = snapshot(
      [
        org(producer, [
          { ...registered, roles: ['BROKER'] },
          { blockNumber: 41, active: true, roles: ['PRODUCER'] },
        ]),
      ],
      [anchor],
    );
    const report = await verify(grantedLate, vc.credential, receipt);
    assert.equal(check(report, 'issuer').code, 'CL_VERIFY_ROLE_NOT_ALLOWED');
    assert.equal(check(report, 'issuer').details?.blockNumber, ANCHOR_BLOCK);
  });

  it('registered only after the anchoring block: INVALID (unknown then)', async () => {
    const s = snapshot([org(producer, [{ ...registered, blockNumber: 41 }])], [anchor]);
    assert.equal(check(await verify(s, vc.credential, receipt), 'issuer').code, 'CL_VERIFY_ISSUER_UNKNOWN');
  });

  it('a snapshot without history answers the current state for every block', async () => {
    const current = { ...org(producer, [registered]) };
    delete current.history;
    const s = snapshot([{ ...current, active: false }], [anchor]);
    assert.equal(check(await verify(s, vc.credential, receipt), 'issuer').code, 'CL_VERIFY_ISSUER_INACTIVE');
  });

  it('another organisation’s anchor of the same root does not stand in for the issuer’s', async () => {
    const s = snapshot(
      [org(producer, [registered]), org(broker, [{ blockNumber: 1, active: true, roles: ['BROKER'] }])],
      [{ ...anchor, issuer: BROKER }],
    );
    const report = await verify(s, vc.credential, receipt);
    assert.equal(report.verdict, 'INVALID');
    assert.equal(check(report, 'anchor').code, 'CL_VERIFY_ANCHOR_NOT_ON_LEDGER');
    const both = snapshot(
      [org(producer, [registered]), org(broker, [{ blockNumber: 1, active: true, roles: ['BROKER'] }])],
      [{ ...anchor, issuer: BROKER, blockNumber: 39 }, anchor],
    );
    const ok = await verify(both, vc.credential, receipt);
    assert.equal(ok.verdict, 'VALID');
    assert.equal(check(ok, 'anchor').details?.blockNumber, ANCHOR_BLOCK);
  });
});
