import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { usmcaCertification } from '../fixtures/usmcaCertification.ts';
import { cli, type RunningNode, startNode, waitFor } from '../helpers/programs.ts';

/**
 * Two organisations, two nodes, two stores, one chain: CBP runs the embedded chain and serves it
 * over JSON-RPC on loopback; a producer's node uses that chain. A record the producer issues is
 * verified VALID on CBP's node, from the chain.
 */
describe('two nodes of two organisations on one chain', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clearledger-two-'));
  const nodes: RunningNode[] = [];
  after(async () => {
    for (const n of nodes) await n.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a record issued on the producer node verifies VALID on the CBP node', async () => {
    const cbpDir = join(dir, 'cbp');
    const producerDir = join(dir, 'producer');
    const cbpEnv = { CLEARLEDGER_ORG_DID: 'did:web:cbp.example', CLEARLEDGER_ORG_NAME: 'CBP' };
    const cbp = await startNode(cbpDir, cbpEnv);
    nodes.push(cbp);
    const rpc = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(cbp.field('chain'))?.[1];
    const contracts = /TrustRegistry (0x[0-9a-fA-F]{40}), AnchorRegistry (0x[0-9a-fA-F]{40})/.exec(
      cbp.field('contracts'),
    );
    assert.ok(rpc && contracts, cbp.output());

    const producerEnv = {
      CLEARLEDGER_ORG_DID: 'did:web:producer.example',
      CLEARLEDGER_ORG_ROLES: 'PRODUCER',
      CLEARLEDGER_ORG_COUNTRY: 'MX',
      CHAIN_RPC_URL: rpc,
      CLEARLEDGER_TRUST_REGISTRY: contracts[1]!,
      CLEARLEDGER_ANCHOR_REGISTRY: contracts[2]!,
    };
    const producer = await startNode(producerDir, producerEnv);
    nodes.push(producer);
    const producerAccount = producer.field('chain account');
    assert.match(producerAccount, /^0x[0-9a-fA-F]{40}$/);

    // The network authority (CBP) registers the producer and its chain account.
    const added = cli(
      { ...cbpEnv, CLEARLEDGER_DATA_DIR: cbpDir },
      'org',
      'add',
      'did:web:producer.example',
      '--admin',
      producerAccount,
      '--roles',
      'PRODUCER,EXPORTER',
      '--json',
    );
    assert.equal(added.code, 0, added.stdout + added.stderr);

    // The producer issues on its node; its anchor worker lands the batch on CBP's chain.
    const unsigned = join(dir, 'cert.json');
    writeFileSync(unsigned, JSON.stringify(usmcaCertification({ issuer: 'did:web:producer.example' })));
    const issued = cli(
      { ...producerEnv, CLEARLEDGER_DATA_DIR: producerDir },
      'issue',
      unsigned,
      '--out',
      join(dir, 'signed.json'),
      '--json',
    );
    assert.equal(issued.code, 0, issued.stdout + issued.stderr);
    const hash = JSON.parse(issued.stdout).issued[0].hash as string;
    const envelopeFile = join(dir, 'envelope.json');
    await waitFor(
      () =>
        cli({ ...producerEnv, CLEARLEDGER_DATA_DIR: producerDir }, 'export', hash, '--out', envelopeFile, '--json')
          .code === 0
          ? true
          : undefined,
      30_000,
      'the producer’s record to be anchored',
    ).catch((error: Error) => {
      throw new Error(
        `${error.message}\nproducer node:\n${producer.output()}\nstatus: ${cli({ ...producerEnv, CLEARLEDGER_DATA_DIR: producerDir }, 'chain', 'status').stdout}`,
      );
    });

    // CBP verifies the record (with its receipt) from the chain.
    const envelope = JSON.parse(readFileSync(envelopeFile, 'utf8'));
    const res = await fetch(`${cbp.url}/credentials/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ verifiableCredential: envelope.credential, anchor: envelope.anchor }),
    });
    const report = (await res.json()) as {
      verdict: string;
      checks: { check: string; status: string; message: string }[];
      ledgerSource: { kind: string };
    };
    assert.equal(report.verdict, 'VALID', JSON.stringify(report.checks, null, 1));
    assert.equal(report.ledgerSource.kind, 'live');

    // Revocation by the producer is seen by CBP's node in the next block.
    const revoked = cli(
      { ...producerEnv, CLEARLEDGER_DATA_DIR: producerDir },
      'revoke',
      hash,
      '--reason',
      'CERTIFIER_ERROR',
      '--json',
    );
    assert.equal(revoked.code, 0, revoked.stdout + revoked.stderr);
    const again = (await (
      await fetch(`${cbp.url}/credentials/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ verifiableCredential: envelope.credential, anchor: envelope.anchor }),
      })
    ).json()) as { verdict: string; checks: { check: string; code: string }[] };
    assert.equal(again.verdict, 'INVALID');
    assert.equal(again.checks.find((c) => c.check === 'status')?.code, 'CL_VERIFY_REVOKED');
  });
});
