/** JSON schemas shared by the routes (they also make the OpenAPI document). */

export const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'Stable CL_* code (docs/errors.md).' },
        message: { type: 'string' },
        field: { type: 'string', description: 'JSON pointer of the offending input, when there is one.' },
        details: {
          type: 'object',
          additionalProperties: true,
          description: 'Facts behind the refusal, when there are some (e.g. the balance a draw exceeded).',
        },
        problems: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              index: { type: 'integer' },
              field: { type: 'string' },
              code: { type: 'string' },
              message: { type: 'string' },
            },
          },
        },
      },
    },
  },
} as const;

/** Response schemas for the error statuses a route can answer. */
export function errorResponses(...statuses: number[]): Record<number, typeof errorSchema> {
  return Object.fromEntries(statuses.map((s) => [s, errorSchema]));
}

export const organizationSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    did: { type: 'string' },
    name: { type: 'string' },
    country: { type: 'string' },
    roles: { type: 'array', items: { type: 'string' } },
  },
} as const;

export const receiptSchema = {
  type: 'object',
  required: ['root', 'leafIndex', 'treeSize', 'proof'],
  properties: {
    batchId: { type: 'string' },
    root: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    leafIndex: { type: 'integer', minimum: 0 },
    treeSize: { type: 'integer', minimum: 1 },
    proof: { type: 'array', maxItems: 64, items: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
    chainId: { type: 'integer' },
    txHash: { type: 'string' },
    blockNumber: { type: 'integer' },
    anchoredAt: { type: 'string' },
  },
} as const;

export const reportSchema = {
  type: 'object',
  description: 'Verification report: VALID only when every applicable check is VALID.',
  additionalProperties: true,
  properties: {
    verdict: { type: 'string', enum: ['VALID', 'INVALID', 'INCONCLUSIVE'] },
    checks: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: true,
        properties: {
          check: { type: 'string' },
          status: { type: 'string', enum: ['VALID', 'INVALID', 'ERROR', 'SKIPPED'] },
          code: { type: 'string' },
          message: { type: 'string' },
        },
      },
    },
  },
} as const;
