import {
  type AnchorReceipt,
  ClearledgerError,
  parseVerificationMethod,
  type VerificationReport,
  verifyProofValue,
} from '@clearledger/core';
import type { NodeContext } from '@clearledger/node';
import type { FastifyInstance } from 'fastify';
import { rawJsonBody } from '../http/rawJsonBody.ts';
import { credentialCount } from '../http/registerRateLimits.ts';
import { errorResponses, receiptSchema, reportSchema } from '../http/schemas.ts';

const optionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    at: { type: 'string', format: 'date-time', description: 'Verify as of this time (default: now).' },
    challenge: { type: 'string', maxLength: 512 },
    domain: { type: 'string', maxLength: 512 },
  },
} as const;

function verifyTime(at: string | undefined): string {
  const now = at ?? new Date().toISOString();
  if (Number.isNaN(Date.parse(now))) {
    throw new ClearledgerError('CL_INPUT_INVALID', 'options.at must be an ISO-8601 date-time.', {
      field: '/options/at',
    });
  }
  return now;
}

/**
 * Verification (W3C VC API shapes), open to any caller and rate limited per address:
 * `POST /credentials/verify` `{ verifiableCredential, anchor? }` → a report; `POST /presentations/verify`
 * `{ verifiablePresentation, anchors? }` → the holder's proof (when present) and a report per credential.
 * A bad credential is a 200 report with INVALID checks; only a request that is not shaped like a
 * verification request is a 400.
 */
export async function verifyRoutes(app: FastifyInstance, { node }: { node: NodeContext }): Promise<void> {
  const verify = (now: string, credential: unknown, anchor: AnchorReceipt | undefined) =>
    node.verify({ now, credential, ...(anchor === undefined ? {} : { anchor }) });

  app.post(
    '/credentials/verify',
    {
      config: { cost: (body) => credentialCount((body as { verifiableCredential?: unknown }).verifiableCredential) },
      schema: {
        tags: ['verification'],
        summary: 'Verify a credential: every check with its reason',
        body: {
          type: 'object',
          required: ['verifiableCredential'],
          additionalProperties: false,
          properties: {
            verifiableCredential: { type: 'object' },
            anchor: receiptSchema,
            options: optionsSchema,
          },
        },
        response: { 200: reportSchema, ...errorResponses(400, 413, 429) },
      },
    },
    async (request, reply) => {
      const body = request.body as { verifiableCredential: unknown; anchor?: AnchorReceipt; options?: { at?: string } };
      const json = rawJsonBody(request);
      // The report as JSON text from the verifying thread, sent as it is (no parse and serialise here).
      const report = await node.verifyToJson({
        now: verifyTime(body.options?.at),
        credential: body.verifiableCredential,
        ...(json === undefined ? {} : { within: { json, property: 'verifiableCredential' } }),
        ...(body.anchor === undefined ? {} : { anchor: body.anchor }),
      });
      return reply.type('application/json; charset=utf-8').send(report);
    },
  );

  app.post(
    '/presentations/verify',
    {
      // A presentation of n credentials costs n verification units (at least one for the holder's proof).
      config: {
        cost: (body) =>
          credentialCount(
            (body as { verifiablePresentation?: { verifiableCredential?: unknown } }).verifiablePresentation
              ?.verifiableCredential,
          ),
      },
      schema: {
        tags: ['verification'],
        summary: "Verify a presentation: the holder's proof and every credential in it",
        body: {
          type: 'object',
          required: ['verifiablePresentation'],
          additionalProperties: false,
          properties: {
            verifiablePresentation: {
              type: 'object',
              required: ['type'],
              properties: {
                type: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
                verifiableCredential: {
                  anyOf: [{ type: 'object' }, { type: 'array', maxItems: 100, items: { type: 'object' } }],
                },
                proof: { type: 'object' },
              },
            },
            anchors: {
              type: 'array',
              maxItems: 100,
              description: 'Anchor receipts, in the order of the credentials (null where there is none).',
              items: { anyOf: [receiptSchema, { type: 'null' }] },
            },
            options: optionsSchema,
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              verdict: { type: 'string', enum: ['VALID', 'INVALID', 'INCONCLUSIVE'] },
              presentation: {
                type: 'object',
                properties: {
                  status: { type: 'string', enum: ['VALID', 'INVALID', 'SKIPPED'] },
                  code: { type: 'string' },
                  message: { type: 'string' },
                  holder: { type: 'string' },
                },
              },
              credentials: { type: 'array', items: reportSchema },
            },
          },
          ...errorResponses(400, 413, 429),
        },
      },
    },
    async (request) => {
      const body = request.body as {
        verifiablePresentation: Record<string, unknown> & {
          type: string | string[];
          verifiableCredential?: unknown;
          proof?: Record<string, unknown>;
        };
        anchors?: (AnchorReceipt | null)[];
        options?: { at?: string; challenge?: string; domain?: string };
      };
      const now = verifyTime(body.options?.at);
      const vp = body.verifiablePresentation;
      const types = Array.isArray(vp.type) ? vp.type : [vp.type];
      if (!types.includes('VerifiablePresentation')) {
        throw new ClearledgerError('CL_INPUT_INVALID', 'The presentation must have type VerifiablePresentation.', {
          field: '/verifiablePresentation/type',
        });
      }
      const list =
        vp.verifiableCredential === undefined
          ? []
          : Array.isArray(vp.verifiableCredential)
            ? vp.verifiableCredential
            : [vp.verifiableCredential];
      const presentation = checkHolderProof(node, vp, body.options ?? {});
      const credentials: VerificationReport[] = [];
      for (const [i, credential] of list.entries())
        credentials.push(await verify(now, credential, body.anchors?.[i] ?? undefined));
      const verdicts = [presentation.status === 'INVALID' ? 'INVALID' : 'VALID', ...credentials.map((c) => c.verdict)];
      const verdict = verdicts.includes('INVALID')
        ? 'INVALID'
        : verdicts.includes('INCONCLUSIVE') || list.length === 0
          ? 'INCONCLUSIVE'
          : 'VALID';
      return { verdict, presentation, credentials };
    },
  );
}

/** The holder's eddsa-jcs-2022 proof over the presentation, with the verifier's challenge and domain. */
function checkHolderProof(
  node: NodeContext,
  vp: Record<string, unknown> & { proof?: Record<string, unknown> },
  options: { challenge?: string; domain?: string },
): { status: 'VALID' | 'INVALID' | 'SKIPPED'; code: string; message: string; holder?: string } {
  const { proof, ...unsecured } = vp;
  if (proof === undefined) {
    if (options.challenge !== undefined) {
      return {
        status: 'INVALID',
        code: 'CL_VERIFY_SIGNATURE',
        message: 'A challenge was given but the presentation has no proof.',
      };
    }
    return { status: 'SKIPPED', code: 'CL_VERIFY_NOT_APPLICABLE', message: 'The presentation has no holder proof.' };
  }
  if (
    proof.cryptosuite !== 'eddsa-jcs-2022' ||
    proof.type !== 'DataIntegrityProof' ||
    proof.proofPurpose !== 'authentication'
  ) {
    return {
      status: 'INVALID',
      code: 'CL_VERIFY_PROOF_MALFORMED',
      message: 'The holder proof must be a DataIntegrityProof, eddsa-jcs-2022, for authentication.',
    };
  }
  if (options.challenge !== undefined && proof.challenge !== options.challenge) {
    return {
      status: 'INVALID',
      code: 'CL_VERIFY_SIGNATURE',
      message: 'The holder proof does not carry the expected challenge.',
    };
  }
  if (options.domain !== undefined && proof.domain !== options.domain) {
    return {
      status: 'INVALID',
      code: 'CL_VERIFY_SIGNATURE',
      message: 'The holder proof does not carry the expected domain.',
    };
  }
  let method: ReturnType<typeof parseVerificationMethod>;
  try {
    method = parseVerificationMethod(proof.verificationMethod as string);
  } catch (error) {
    return {
      status: 'INVALID',
      code: 'CL_VERIFY_PROOF_MALFORMED',
      message: error instanceof Error ? error.message : 'Bad verification method.',
    };
  }
  if (vp.holder !== undefined && vp.holder !== method.controller) {
    return {
      status: 'INVALID',
      code: 'CL_VERIFY_SIGNATURE',
      message: "The proof is not by the presentation's holder.",
    };
  }
  const check = verifyProofValue(node.crypto, unsecured, proof, method.publicKey);
  return check.ok
    ? {
        status: 'VALID',
        code: 'CL_VERIFY_OK',
        message: 'The holder signed this presentation.',
        holder: method.controller,
      }
    : {
        status: 'INVALID',
        code: check.reason === 'SIGNATURE' ? 'CL_VERIFY_SIGNATURE' : 'CL_VERIFY_PROOF_MALFORMED',
        message: check.message,
      };
}
