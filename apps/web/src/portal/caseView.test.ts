import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  answerFileProblems,
  bytesToBase64,
  claimOutcome,
  dueStatus,
  formatBytes,
  MAX_DOCUMENT_BYTES,
  MAX_UPLOAD_BYTES,
  mayAnswer,
  reviewActionsFor,
  uploaded,
} from './caseView.ts';

describe('claims and requests as shown', () => {
  it('a claim that was not decided at filing waits for an officer', () => {
    assert.equal(claimOutcome({ state: 'MADE' }), 'WAITING');
    assert.equal(claimOutcome({ state: 'DENIED' }), 'DENIED');
  });

  it('due dates: days left, due today, overdue only while the request still waits', () => {
    const open = { due: '2026-03-13', state: 'REQUESTED' };
    assert.deepEqual(dueStatus(open, '2026-03-10'), { daysLeft: 3, overdue: false, open: true });
    assert.deepEqual(dueStatus(open, '2026-03-13'), { daysLeft: 0, overdue: false, open: true });
    assert.deepEqual(dueStatus(open, '2026-03-16'), { daysLeft: -3, overdue: true, open: true });
    assert.equal(dueStatus({ ...open, state: 'UNDER_REVIEW' }, '2026-03-16')?.overdue, false);
    assert.equal(dueStatus({ ...open, due: 'soon' }, '2026-03-16'), null);
  });

  it('only the party asked answers, while the request waits and before its due date', () => {
    const request = { to: 'did:web:producer.example', due: '2026-03-13', state: 'REQUESTED' };
    assert.equal(mayAnswer(request, 'did:web:producer.example', '2026-03-13'), true);
    assert.equal(mayAnswer(request, 'did:web:importer.example', '2026-03-10'), false);
    assert.equal(mayAnswer(request, 'did:web:producer.example', '2026-03-14'), false);
    assert.equal(
      mayAnswer({ ...request, state: 'CORRECTION_REQUIRED' }, 'did:web:producer.example', '2026-03-10'),
      true,
    );
    assert.equal(mayAnswer({ ...request, state: 'IN_USE' }, 'did:web:producer.example', '2026-03-10'), false);
  });

  it('review actions follow core’s certification state machine', () => {
    assert.deepEqual(reviewActionsFor('UNDER_REVIEW', '2026-03-10'), [
      'ACCEPT',
      'FIND_DEFECTIVE',
      'START_VERIFICATION',
    ]);
    assert.deepEqual(reviewActionsFor('VERIFICATION', '2026-03-10'), ['AFFIRM', 'DENY']);
    assert.deepEqual(reviewActionsFor('REQUESTED', '2026-03-10'), []);
    assert.deepEqual(reviewActionsFor('DENIED', '2026-03-10'), []);
  });

  it('answer files: scans up to 10 MiB are uploaded, other files up to 512 KiB go inline', () => {
    const scan = { name: 'invoice.pdf', size: MAX_UPLOAD_BYTES, type: 'application/pdf' };
    assert.equal(uploaded(scan), true);
    assert.deepEqual(answerFileProblems([scan, { name: 'scan.tif', size: 3_000_000, type: 'image/tiff' }]), []);
    assert.deepEqual(answerFileProblems([{ ...scan, size: MAX_UPLOAD_BYTES + 1 }]), [
      { name: 'invoice.pdf', key: 'answer.error.tooLarge' },
    ]);
    assert.deepEqual(answerFileProblems([{ name: 'notes.docx', size: 600_000, type: 'application/msword' }]), [
      { name: 'notes.docx', key: 'answer.error.largeType' },
    ]);
  });

  it('inline answer files: at most 10, none empty, 700 KiB together; sent as standard base64', () => {
    assert.deepEqual(answerFileProblems([{ name: 'a.pdf', size: 10 }]), []);
    assert.deepEqual(
      answerFileProblems([
        { name: 'empty.txt', size: 0 },
        { name: 'big.txt', size: MAX_DOCUMENT_BYTES + 1 },
        { name: 'limit.pdf', size: MAX_DOCUMENT_BYTES },
        { name: 'notes.txt', size: 300 * 1024 },
      ]),
      [
        { name: null, key: 'answer.error.tooLargeTogether' },
        { name: 'empty.txt', key: 'answer.error.empty' },
        { name: 'big.txt', key: 'answer.error.largeType' },
      ],
    );
    assert.deepEqual(answerFileProblems(Array.from({ length: 11 }, (_, i) => ({ name: `${i}`, size: 1 }))), [
      { name: null, key: 'answer.error.tooMany' },
    ]);
    for (const length of [0, 1, 2, 3, 4, 5, 300]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + 250) % 256);
      assert.equal(bytesToBase64(bytes), Buffer.from(bytes).toString('base64'), `${length} bytes`);
    }
    assert.equal(formatBytes(1536), '1.5 KiB');
    assert.equal(formatBytes(512 * 1024), '512 KiB');
  });
});
