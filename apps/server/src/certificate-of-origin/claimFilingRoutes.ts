import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { ClearledgerError, certificationCredentialTypes, type Store, storeLedgerView } from '@clearledger/core';
import type { NodeContext } from '@clearledger/node';
import type { FastifyInstance } from 'fastify';
import { requireScope } from '../auth/principal.ts';
import { errorResponses } from '../http/schemas.ts';
import { REQUEST, type RequestData } from './claimService.ts';
import { brokerAuthorizationsOf, tradeIdentifiersOf } from './tradeIdentifiers.ts';

/** Largest document of an answer to an information request (a scanned invoice of several pages). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** Most documents uploaded for one request (an answer and its corrections share them). */
const MAX_UPLOADS_PER_REQUEST = 20;

/** The document types an answer may carry, recognised by their first bytes (never by the name or the header). */
const MAGIC: readonly { mediaType: string; bytes: readonly number[] }[] = [
  { mediaType: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { mediaType: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mediaType: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { mediaType: 'image/tiff', bytes: [0x49, 0x49, 0x2a, 0x00] },
  { mediaType: 'image/tiff', bytes: [0x4d, 0x4d, 0x00, 0x2a] },
];
const UPLOAD_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/tiff', 'application/octet-stream'];

/** The media type of a document from its first bytes, or null when it is none of PDF, PNG, JPEG, TIFF. */
export function documentTypeOf(head: Uint8Array): string | null {
  return MAGIC.find((m) => m.bytes.every((b, i) => head[i] === b))?.mediaType ?? null;
}

/** Where the node keeps the documents of answers: `<data dir>/documents/<sha256>`. */
export const documentsDir = (node: NodeContext) => join(node.config.dataDir, 'documents');

/** An uploaded document, kept with its request until an answer uses it. */
export type UploadedDocument = {
  name: string;
  mediaType: string;
  sha256: string;
  size: number;
  by: string;
  at: string;
};

/** The importers whose claims an organisation files: itself when customs verified its importer number, and those that authorised it. */
async function importersFor(store: Store, org: string) {
  const own = await tradeIdentifiersOf(store, org);
  const importers: { did: string; name: string; importerNumbers: string[]; own: boolean }[] = [];
  for (const candidate of await store.listOrganizations()) {
    if (!candidate.roles.includes('IMPORTER')) continue;
    const ids = candidate.id === org ? own : await tradeIdentifiersOf(store, candidate.id);
    if (ids.importerNumbers.length === 0) continue;
    const authorised =
      candidate.id === org || (await brokerAuthorizationsOf(store, candidate.id)).some((a) => a.broker === org);
    if (authorised)
      importers.push({
        did: candidate.id,
        name: candidate.name,
        importerNumbers: ids.importerNumbers,
        own: candidate.id === org,
      });
  }
  return importers;
}

const normalName = (text: unknown) =>
  typeof text === 'string' ? text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase() : '';

/** Whether a certification's importer block names this importer: its DID, a verified importer number, or its registered name. */
function namesImporter(
  subject: Record<string, unknown>,
  importer: { did: string; name: string; importerNumbers: string[] },
) {
  const named = subject.importer as Record<string, unknown> | null | undefined;
  if (named === null || typeof named !== 'object') return false;
  if (named.id === importer.did) return true;
  const number = typeof named.importerNumber === 'string' ? named.importerNumber.toUpperCase() : null;
  if (number !== null && importer.importerNumbers.includes(number)) return true;
  return normalName(named.name) !== '' && normalName(named.name) === normalName(importer.name);
}

type Importer = Awaited<ReturnType<typeof importersFor>>[number];

/** The certifications of origin on this node that name one of `importers` (newest first). */
async function claimableCertifications(store: Store, importers: readonly Importer[]) {
  const types = new Set<string>(Object.values(certificationCredentialTypes));
  const found: {
    row: Awaited<ReturnType<Store['listCredentials']>>[number];
    issuer: { id: string; name: string };
    importer: Importer;
    subject: Record<string, unknown>;
  }[] = [];
  for (const issuer of await store.listOrganizations()) {
    for (const importer of importers) {
      // The store's search narrows by text; the importer block decides.
      for (const row of await store.listCredentials(issuer.id, { q: importer.name, limit: 100 })) {
        if (!types.has(row.type) || found.some((f) => f.row.hash === row.hash)) continue;
        const subject = (JSON.parse(row.document) as { credentialSubject?: Record<string, unknown> }).credentialSubject;
        if (subject === undefined || !namesImporter(subject, importer)) continue;
        found.push({ row, issuer, importer, subject });
      }
    }
  }
  return found.sort((a, b) => b.row.issuedAt.localeCompare(a.row.issuedAt));
}

/**
 * What a claimant needs to file a claim well, beside the claims routes:
 * - `GET /origin/importers` — the importers of record the caller files for (itself, and for a broker
 *   the importers that authorised it), by name, with their verified importer numbers;
 * - `GET /origin/claimable-certifications` — certifications of origin on this node that name one of
 *   those importers (its DID, a verified importer number or its registered name), newest first, and
 *   `GET /origin/claimable-certifications/{hash}` — one of them in full with its anchor receipt;
 * - `POST /origin/requests/{id}/documents` — a document for an answer (PDF, PNG, JPEG or TIFF, up
 *   to 10 MiB), streamed to disk and hashed on the way; the answer then names it by its SHA-256.
 */
export async function claimFilingRoutes(app: FastifyInstance, { node }: { node: NodeContext }): Promise<void> {
  const store = node.store;

  app.get(
    '/origin/importers',
    {
      schema: {
        tags: ['origin'],
        summary:
          'The importers of record the organisation files claims for (itself, or the importers that authorised it)',
        response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const principal = requireScope(request, 'claims:file');
      return { items: await importersFor(store, principal.org.id) };
    },
  );

  app.get(
    '/origin/claimable-certifications',
    {
      schema: {
        tags: ['origin'],
        summary: 'Certifications of origin that name the organisation or an importer it files for, newest first',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            importer: { type: 'string', maxLength: 200, description: 'Only those naming this importer (DID).' },
            limit: { type: 'integer', minimum: 1, maximum: 100, default: 50 },
          },
        },
        response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const principal = requireScope(request, 'claims:file');
      const q = request.query as { importer?: string; limit: number };
      const importers = (await importersFor(store, principal.org.id)).filter(
        (i) => q.importer === undefined || i.did === q.importer,
      );
      if (q.importer !== undefined && importers.length === 0)
        throw new ClearledgerError('CL_AUTH_FORBIDDEN', `You do not file claims for ${q.importer}.`, {
          field: '/importer',
        });
      const items = (await claimableCertifications(store, importers)).map(({ row, issuer, importer, subject }) => {
        const scope = subject.scope as { from?: string; to?: string } | undefined;
        return {
          id: row.id,
          hash: row.hash,
          type: row.type,
          status: row.status,
          issuedAt: row.issuedAt,
          certificationNumber: subject.certificationNumber ?? null,
          issuer: { did: issuer.id, name: issuer.name },
          importer: { did: importer.did, name: importer.name },
          period: scope === undefined ? null : { from: scope.from ?? null, to: scope.to ?? null },
          goods: Array.isArray(subject.goods)
            ? (subject.goods as { hs6?: unknown; description?: unknown }[]).map((g) => ({
                hs6: g.hs6 ?? null,
                description: g.description ?? null,
              }))
            : [],
        };
      });
      items.sort((a, b) => String(b.issuedAt).localeCompare(String(a.issuedAt)));
      return { items: items.slice(0, q.limit) };
    },
  );

  app.get(
    '/origin/claimable-certifications/:hash',
    {
      schema: {
        tags: ['origin'],
        summary:
          'One certification to claim on, by its hash, with its anchor receipt (it must name you or your client)',
        params: {
          type: 'object',
          required: ['hash'],
          properties: { hash: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
        },
        response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireScope(request, 'claims:file');
      const { hash } = request.params as { hash: string };
      const found = (await claimableCertifications(store, await importersFor(store, principal.org.id))).find(
        (c) => c.row.hash === hash,
      );
      if (found === undefined)
        throw new ClearledgerError(
          'CL_STORE_NOT_FOUND',
          'No certification on this node with that hash names your organisation or an importer you file for.',
        );
      const anchor = await storeLedgerView(store).anchorReceipt?.(hash);
      return {
        hash,
        verifiableCredential: JSON.parse(found.row.document) as Record<string, unknown>,
        anchor: anchor === undefined || anchor === null || anchor === 'pending' ? null : anchor,
        importer: { did: found.importer.did, name: found.importer.name },
      };
    },
  );

  // Documents arrive as their raw bytes: read as a stream here, never parsed or buffered whole.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(UPLOAD_TYPES, (_request, payload, done) => done(null, payload));
  app.addContentTypeParser('*', (_request, _payload, done) =>
    done(
      new ClearledgerError(
        'CL_CLAIM_DOCUMENT_TYPE',
        'Send the document as its bytes: a PDF, PNG, JPEG or TIFF file (content type application/pdf, image/png, image/jpeg or image/tiff).',
      ),
      undefined,
    ),
  );

  app.post(
    '/origin/requests/:id/documents',
    {
      config: { audit: { action: 'request.document', customsMatter: true } },
      schema: {
        tags: ['origin'],
        summary: 'Upload a document for an answer (the party asked): PDF, PNG, JPEG or TIFF, at most 10 MiB',
        description:
          "The body is the file's bytes. Its type is read from its first bytes; it is streamed to the node's disk and hashed (SHA-256) on the way, and kept only when complete. Name it in the answer by its sha256.",
        params: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string', maxLength: 100 } },
        },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { name: { type: 'string', minLength: 1, maxLength: 200 } },
        },
        response: {
          201: { type: 'object', additionalProperties: true },
          ...errorResponses(400, 401, 403, 404, 409, 413, 415),
        },
      },
    },
    async (request, reply) => {
      const principal = requireScope(request, 'requests:answer');
      const { id } = request.params as { id: string };
      request.auditTarget = id;
      const found = await store.getCase(principal.org.id, id);
      const data = found.data as RequestData & { uploads?: UploadedDocument[] };
      if (found.kind !== REQUEST) throw new ClearledgerError('CL_STORE_NOT_FOUND', `No information request ${id}.`);
      if (data.to !== principal.org.id)
        throw new ClearledgerError('CL_AUTH_FORBIDDEN', 'Only the party asked can send documents for this request.');
      if (found.state !== 'REQUESTED' && found.state !== 'CORRECTION_REQUIRED')
        throw new ClearledgerError(
          'CL_ORIGIN_CERTIFICATION_STATE',
          `The request is ${found.state}: it takes no more documents.`,
        );
      if ((data.uploads ?? []).length >= MAX_UPLOADS_PER_REQUEST)
        throw new ClearledgerError(
          'CL_INPUT_INVALID',
          `A request takes at most ${MAX_UPLOADS_PER_REQUEST} uploaded documents.`,
          { field: '/documents' },
        );
      const declared = Number(request.headers['content-length']);
      const tooLarge = () =>
        new ClearledgerError(
          'CL_CLAIM_DOCUMENT_TOO_LARGE',
          `A document of an answer is at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB: scan it at a lower resolution or split it.`,
          { details: { maxBytes: MAX_UPLOAD_BYTES } },
        );
      const body = request.body as Readable;
      if (Number.isFinite(declared) && declared > MAX_UPLOAD_BYTES) {
        body.resume();
        reply.header('connection', 'close');
        throw tooLarge();
      }
      const dir = documentsDir(node);
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const partial = join(dir, `.upload-${randomUUID()}`);
      const hash = createHash('sha256');
      let size = 0;
      let head = Buffer.alloc(0);
      let refused: ClearledgerError | null = null;
      const refuse = (error: ClearledgerError) => {
        refused = error;
        return error;
      };
      try {
        await writeLimited(body, partial, (chunk) => {
          size += chunk.length;
          if (size > MAX_UPLOAD_BYTES) throw refuse(tooLarge());
          if (head.length < 8) {
            head = Buffer.concat([head, chunk.subarray(0, 8 - head.length)]);
            if (head.length >= 8 && documentTypeOf(head) === null) throw refuse(wrongType());
          }
          hash.update(chunk);
        });
        if (size === 0 || documentTypeOf(head) === null) throw refuse(wrongType());
      } catch (error) {
        await rm(partial, { force: true });
        if (refused !== null) {
          // The rest of the body is read and dropped; the connection closes after the answer.
          reply.header('connection', 'close');
          throw refused;
        }
        throw error;
      }
      const sha256 = hash.digest('hex');
      const mediaType = documentTypeOf(head)!;
      const declaredType = String(request.headers['content-type'] ?? '')
        .split(';')[0]!
        .trim();
      if (declaredType !== 'application/octet-stream' && declaredType !== mediaType) {
        await rm(partial, { force: true });
        throw new ClearledgerError(
          'CL_CLAIM_DOCUMENT_TYPE',
          `The file is ${mediaType} but was sent as ${declaredType}: send it with its own type.`,
        );
      }
      await rename(partial, join(dir, sha256));
      const name = (request.query as { name?: string }).name ?? `document-${sha256.slice(0, 8)}`;
      const document: UploadedDocument = {
        name,
        mediaType,
        sha256,
        size,
        by: principal.org.id,
        at: new Date().toISOString(),
      };
      const uploads = (data.uploads ?? []).filter((u) => u.sha256 !== sha256);
      await store.updateCase(principal.org.id, id, {
        expectedVersion: found.version,
        state: found.state,
        data: { ...data, uploads: [...uploads, document] },
        event: {
          actorOrgId: principal.org.id,
          actorId: principal.id,
          kind: 'request.document-uploaded',
          data: { name, sha256, size, mediaType },
          at: document.at,
        },
      });
      return reply.status(201).send({ name, mediaType, sha256, size });
    },
  );
}

/**
 * Writes a request body to `file` chunk by chunk (with back-pressure), after `inspect` saw each chunk;
 * when `inspect` throws, writing stops, the rest of the body is drained unread and the error rejects.
 */
function writeLimited(body: Readable, file: string, inspect: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(file, { mode: 0o600 });
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      body.removeListener('data', onData);
      body.resume();
      out.destroy();
      out.once('close', () => reject(error));
    };
    const onData = (chunk: Buffer) => {
      try {
        inspect(chunk);
      } catch (error) {
        fail(error);
        return;
      }
      if (!out.write(chunk)) {
        body.pause();
        out.once('drain', () => body.resume());
      }
    };
    body.on('data', onData);
    body.once('end', () => {
      if (!failed) out.end(() => resolve());
    });
    body.once('error', fail);
    out.once('error', fail);
  });
}

const wrongType = () =>
  new ClearledgerError(
    'CL_CLAIM_DOCUMENT_TYPE',
    'A document of an answer must be a PDF, PNG, JPEG or TIFF file (read from its first bytes): export or scan it to one of these.',
  );
