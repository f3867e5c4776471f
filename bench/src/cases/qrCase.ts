// QR size benchmark case in its own process: `qrCase.ts`. The QR code version (error correction M)
// of the anchored 5-line USMCA certification of the test fixtures, in the compact form (CL2) and, as
// the same-run baseline, in the first form (CL1: DEFLATEd JSON), for a receipt of a batch of one
// (what a quiet node anchors) and of a full 10,000-record batch (14 proof nodes).
// Prints {"version","chars","fullBatchVersion","fullBatchChars","cl1Version","cl1FullBatchVersion"} as its last line.
import {
  type AnchorReceipt,
  base45Encode,
  buildMerkleTree,
  nobleCrypto as crypto,
  encodeQrPayload,
  fromHex,
  QR_ERROR_CORRECTION,
  toHex,
  utf8,
} from '@clearledger/core';
import { deflateSync } from 'fflate';
import QRCode from 'qrcode';
import { anchoredUsmcaRecord } from '../../../test/fixtures/anchoredUsmcaRecord.ts';

const record = anchoredUsmcaRecord();
const version = (text: string) => QRCode.create(text, { errorCorrectionLevel: QR_ERROR_CORRECTION }).version;

/** The receipt of the record alone in its batch (the root is its RFC 9162 leaf hash, no proof). */
function batchOfOne(): AnchorReceipt {
  const tree = buildMerkleTree(crypto, [fromHex(record.hash)]);
  return { ...record.anchor, root: toHex(tree.root), leafIndex: 0, treeSize: 1, proof: [] };
}

/** The first QR form, as it was printed until the compact one: `CL1:` + Base45(DEFLATE(JSON)). */
function firstForm(anchor: AnchorReceipt): string {
  return `CL1:${base45Encode(deflateSync(utf8(JSON.stringify({ vc: record.credential, anchor })), { level: 9 }))}`;
}

const compact = (anchor: AnchorReceipt) =>
  encodeQrPayload({ verifiableCredential: record.credential, anchor }, { hash: record.hash }).text;

const single = compact(batchOfOne());
const full = compact(record.anchor);
process.stdout.write(
  `${JSON.stringify({
    version: version(single),
    chars: single.length,
    fullBatchVersion: version(full),
    fullBatchChars: full.length,
    cl1Version: version(firstForm(batchOfOne())),
    cl1FullBatchVersion: version(firstForm(record.anchor)),
  })}\n`,
);
