import { ClearledgerError, createProof, type DataIntegrityProof, type LedgerSnapshot } from '@clearledger/core';
import type { NodeContext } from '@clearledger/node';
import type { FastifyInstance } from 'fastify';
import { errorResponses } from '../http/schemas.ts';

/**
 * The node's public identity and trust data for offline verifiers:
 * `GET /.well-known/did.json` — the operator organisation's DID document (`did:web`), its current
 * signing keys as Multikey verification methods;
 * `GET /trust/snapshot` — `{ snapshot, proof }`: every organisation (with its registered name), key, anchored root and
 * non-active status on the chain as of a block, signed (eddsa-jcs-2022 over `{ snapshot }`) by the
 * node. The officer app keeps the last one and verifies against it when it is offline.
 */
export async function trustRoutes(app: FastifyInstance, { node }: { node: NodeContext }): Promise<void> {
  app.get(
    '/.well-known/did.json',
    {
      schema: {
        tags: ['trust'],
        summary: "The node operator's DID document",
        response: { 200: { type: 'object', additionalProperties: true } },
      },
    },
    async () => {
      const did = node.operatorOrgId;
      const current = await node.signerFor(did);
      const now = Date.now();
      const keys = (await node.store.listKeys(did))
        .filter((k) => k.revokedAt === null && (k.validUntil === null || Date.parse(k.validUntil) > now))
        .map((k) => k.publicKeyMultibase)
        .sort((a, b) => (a === current.publicKeyMultibase ? -1 : b === current.publicKeyMultibase ? 1 : 0));
      const methods = keys.map((k) => ({
        id: `${did}#${k}`,
        type: 'Multikey',
        controller: did,
        publicKeyMultibase: k,
      }));
      return {
        '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
        id: did,
        verificationMethod: methods,
        assertionMethod: methods.map((m) => m.id),
        authentication: methods.map((m) => m.id),
      };
    },
  );

  let cached:
    | { blockNumber: number; names: string; body: { snapshot: LedgerSnapshot; proof: DataIntegrityProof } }
    | undefined;
  app.get(
    '/trust/snapshot',
    {
      schema: {
        tags: ['trust'],
        summary: 'Signed snapshot of the trust registry, anchors and statuses (for offline verification)',
        response: {
          200: {
            type: 'object',
            properties: {
              snapshot: { type: 'object', additionalProperties: true },
              proof: { type: 'object', additionalProperties: true },
            },
          },
          ...errorResponses(503),
        },
      },
    },
    async () => {
      const ledger = node.ledger;
      if (ledger === undefined) {
        throw new ClearledgerError(
          'CL_LEDGER_UNAVAILABLE',
          'This node has no chain: there is no trust snapshot to give.',
        );
      }
      const block = await ledger.snapshots.sync();
      // Names are the node's registrations (the chain knows organisations by DID only): signed with the rest.
      const nameOf = new Map((await node.store.listOrganizations()).map((org) => [org.did, org.name]));
      const names = JSON.stringify([...nameOf]);
      if (cached?.blockNumber !== block || cached.names !== names) {
        const signer = await node.signerFor(node.operatorOrgId);
        const chain = ledger.snapshots.snapshot();
        const snapshot: LedgerSnapshot = {
          ...chain,
          organizations: chain.organizations.map((org) => {
            const name = nameOf.get(org.id);
            return name === undefined ? org : { ...org, name };
          }),
        };
        const signed = createProof(
          { snapshot },
          {
            crypto: node.crypto,
            seed: signer.seed,
            options: {
              verificationMethod: signer.verificationMethod,
              created: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
            },
          },
        );
        cached = { blockNumber: block, names, body: signed };
      }
      return cached.body;
    },
  );
}
