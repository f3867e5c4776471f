// One issuance benchmark case in its own process:
// `issueCase.ts <clearledger|openattestation> <count> [all|one] [peer]`. Clearledger runs the node's
// production path: the certification rules (the domain checks the API and CLI apply), signing on the
// node's crypto port (libsodium when it loads), the SQLite store and the Merkle batch; `all` signs on
// the node's worker pool (one thread per core), `one` on the calling thread alone.
// With `peer`, OpenAttestation wraps the same number of documents in the same process right before
// and right after Clearledger's run (the machine may be shared: the ratio compares like with like).
// Prints {"count","ms","perSec","peakRssMb","openAttestationPerSec"?} as its last line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certificationDomainChecks, issueCredentials, sealPendingBatch } from '@clearledger/core';
import { openNode, readNodeConfig } from '@clearledger/node';
import { wrapDocuments } from '@govtechsg/open-attestation';
import { usmcaCertification } from '../../../test/fixtures/usmcaCertification.ts';
import { peakRssMb } from '../lib/childRun.ts';
import { openAttestationDoc } from '../lib/openAttestationDoc.ts';

const [impl, countText, cores = 'all', peer] = process.argv.slice(2);
const count = Number(countText);
const oneCore = cores === 'one';
let provider: string | undefined;
const CHUNK = 1000;

async function clearledger(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'clearledger-bench-'));
  try {
    const config = readNodeConfig({ CLEARLEDGER_ORG_ROLES: 'PRODUCER', CLEARLEDGER_ORG_COUNTRY: 'MX' }, dataDir, {
      dataDir,
    });
    const node = await openNode(config, () => new Date().toISOString());
    provider = node.cryptoProvider;
    const signer = await node.signerFor(node.operatorOrgId);
    // A running node's signing workers are already up: start them before the clock starts.
    if (!oneCore) await node.prepareSigning();
    // Requests of 1,000 with two in flight, as a node serves a bulk import: one request's
    // credentials are signed on the worker threads while the other's are written to the store. On
    // one core, one request at a time, signed on the calling thread.
    // The clock includes making the input documents (a few µs each).
    const start = performance.now();
    let nextStart = 0;
    const lane = async () => {
      while (nextStart < count) {
        const from = nextStart;
        nextStart += CHUNK;
        const credentials = Array.from({ length: Math.min(CHUNK, count - from) }, (_, i) =>
          usmcaCertification({ issuer: signer.issuer, serial: from + i }),
        );
        const result = await issueCredentials(
          {
            store: node.store,
            crypto: node.crypto,
            now: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
            domainChecks: certificationDomainChecks,
            ...(oneCore ? {} : { signMany: node.signMany }),
          },
          { orgId: node.operatorOrgId, signer, credentials },
        );
        if (!result.success) throw new Error(JSON.stringify(result.problems.slice(0, 3)));
      }
    };
    await Promise.all(oneCore ? [lane()] : [lane(), lane()]);
    let elapsed = performance.now() - start;
    const t0 = performance.now();
    const batch = await sealPendingBatch(
      { store: node.store, crypto: node.crypto, now: new Date().toISOString() },
      { orgId: node.operatorOrgId, maxSize: count },
    );
    elapsed += performance.now() - t0;
    if (batch?.size !== count) throw new Error(`sealed ${batch?.size} of ${count}`);
    await node.close();
    return elapsed;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function openAttestation(): number {
  const docs = Array.from({ length: count }, (_, i) => openAttestationDoc(i));
  const t0 = performance.now();
  const wrapped = wrapDocuments(docs as unknown as Parameters<typeof wrapDocuments>[0]);
  const elapsed = performance.now() - t0;
  if (wrapped.length !== count) throw new Error('wrapDocuments lost documents');
  return elapsed;
}

let peerMs: number | undefined;
let ms: number;
if (impl === 'clearledger' && peer === 'peer') {
  const before = openAttestation();
  ms = await clearledger();
  peerMs = (before + openAttestation()) / 2;
} else ms = impl === 'clearledger' ? await clearledger() : openAttestation();
process.stdout.write(
  JSON.stringify({
    count,
    ms,
    perSec: (count / ms) * 1000,
    peakRssMb: peakRssMb(),
    crypto: provider,
    ...(peerMs === undefined ? {} : { openAttestationPerSec: (count / peerMs) * 1000 }),
  }) + '\n',
);
