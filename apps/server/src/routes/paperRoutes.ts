import { encodeQrPayload, QR_ERROR_CORRECTION, recordPaperName } from '@clearledger/core';
import type { NodeContext } from '@clearledger/node';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { requireScope } from '../auth/principal.ts';
import { errorResponses } from '../http/schemas.ts';
import { renderCredentialPdf } from '../pdf/renderCredentialPdf.ts';
import { recordOf } from './credentialRoutes.ts';

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 512 } },
} as const;

/**
 * Paper for every record: `GET /credentials/{id}/qr` (the QR text: the compressed signed credential
 * with its anchor receipt when it fits, else this node's `/v/<hash>` URL), `GET /credentials/{id}/qr.png`
 * (that QR code as an image) and `GET /credentials/{id}/pdf?lang=en|es|fr` (a printable PDF with that
 * QR code), both named after the record's number.
 */
export async function paperRoutes(
  app: FastifyInstance,
  { node, publicUrl }: { node: NodeContext; publicUrl?: string },
): Promise<void> {
  const baseUrl = (request: FastifyRequest) => publicUrl ?? `${request.protocol}://${request.host}`;
  const qrOf = async (request: FastifyRequest, id: string) => {
    const principal = requireScope(request, 'credentials:read');
    const record = await recordOf(node, await node.store.getCredential(principal.org.id, id));
    const qr = encodeQrPayload(
      {
        verifiableCredential: record.verifiableCredential,
        ...(record.anchor === null ? {} : { anchor: record.anchor }),
      },
      { hash: record.hash, referenceUrl: `${baseUrl(request)}/v/${record.hash}` },
    );
    // The issuer by its organisation's name, as this node registered it (the caller's own, mostly).
    const vcIssuer = record.verifiableCredential.issuer as unknown;
    const issuerId = typeof vcIssuer === 'string' ? vcIssuer : String((vcIssuer as { id?: unknown } | null)?.id ?? '');
    const issuerOrg =
      issuerId === principal.org.did || issuerId === principal.org.id
        ? principal.org
        : issuerId === ''
          ? null
          : await node.store.getOrganization(issuerId);
    return { record, qr, ...(issuerOrg === null ? {} : { issuerName: issuerOrg.name }) };
  };

  app.get(
    '/credentials/:id/qr',
    {
      schema: {
        tags: ['paper'],
        summary: "The text of a record's QR code",
        params: idParams,
        response: {
          200: {
            type: 'object',
            properties: {
              kind: { type: 'string', enum: ['embedded', 'reference'] },
              text: { type: 'string' },
              anchored: { type: 'boolean' },
            },
          },
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (request) => {
      const { record, qr } = await qrOf(request, (request.params as { id: string }).id);
      return { ...qr, anchored: record.anchor !== null };
    },
  );

  app.get(
    '/credentials/:id/qr.png',
    {
      schema: {
        tags: ['paper'],
        summary: "A record's QR code as a PNG image (error correction M, 4-module quiet zone, 4 pixels a module)",
        params: idParams,
        response: { ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { record, qr } = await qrOf(request, (request.params as { id: string }).id);
      const png = await QRCode.toBuffer(qr.text, {
        type: 'png',
        errorCorrectionLevel: QR_ERROR_CORRECTION,
        margin: 4,
        scale: 4,
      });
      return reply
        .type('image/png')
        .header('x-qr-kind', qr.kind)
        .header(
          'content-disposition',
          `inline; filename="${recordPaperName(record.verifiableCredential, record.hash)}-qr.png"`,
        )
        .send(png);
    },
  );

  app.get(
    '/credentials/:id/pdf',
    {
      schema: {
        tags: ['paper'],
        summary: 'The record as a printable PDF with its QR code',
        params: idParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { lang: { type: 'string', enum: ['en', 'es', 'fr'], default: 'en' } },
        },
        response: { ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { record, qr, issuerName } = await qrOf(request, (request.params as { id: string }).id);
      const { lang } = request.query as { lang: 'en' | 'es' | 'fr' };
      const pdf = await renderCredentialPdf({
        verifiableCredential: record.verifiableCredential,
        hash: record.hash,
        ...(issuerName === undefined ? {} : { issuerName }),
        status: record.status,
        ...(record.anchor === null ? {} : { anchor: record.anchor }),
        qrText: qr.text,
        language: lang,
        printedAt: new Date().toISOString(),
      });
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          `inline; filename="${recordPaperName(record.verifiableCredential, record.hash)}.pdf"`,
        )
        .send(Buffer.from(pdf));
    },
  );
}
