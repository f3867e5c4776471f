import type { Store } from '@clearledger/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isCustoms } from '../auth/principal.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Marks a state-changing route for the audit log. */
    audit?: { action: string; customsMatter?: boolean };
  }
}

/**
 * The countries of the customs services a customs matter was brought to (a claim's customs, the
 * customs service that asked for information), for `request.auditJurisdiction`: their customs reads
 * the entry even when the organisation acting is abroad.
 */
export async function jurisdictionOf(store: Store, customsOrgIds: readonly string[]): Promise<string[] | null> {
  const countries = new Set<string>();
  for (const id of customsOrgIds) {
    const org = await store.getOrganization(id);
    if (org?.roles.includes('CUSTOMS')) countries.add(org.country);
  }
  return countries.size === 0 ? null : [...countries];
}

/**
 * Writes one audit entry per call of an audited route (who, what, when, from where, outcome) before
 * the response leaves: a caller that got an answer can find its entry. A failing audit write is
 * logged and does not undo the call it records.
 */
export function registerAuditLog(app: FastifyInstance, deps: { store: Store; operatorOrgId: string }): void {
  app.decorateRequest('auditTarget', null);
  app.decorateRequest('auditDetails', null);
  app.decorateRequest('auditOrgId', null);
  app.decorateRequest('auditJurisdiction', null);
  app.addHook('onSend', async (request: FastifyRequest, reply, payload) => {
    const audit = request.routeOptions.config?.audit;
    if (audit === undefined) return payload;
    const principal = request.principal;
    // A customs service's own matters (its reads, its decisions) stay in its own log; anyone else's
    // customs matter is readable by the customs service of the countries it concerns.
    const jurisdiction =
      !audit.customsMatter || principal === null || isCustoms(principal)
        ? []
        : (request.auditJurisdiction ?? [principal.org.country]);
    try {
      await deps.store.appendAudit({
        orgId: principal?.org.id ?? request.auditOrgId ?? deps.operatorOrgId,
        actorKind: principal?.kind ?? 'anonymous',
        actorId: principal?.id ?? '-',
        action: audit.action,
        target: request.auditTarget,
        ip: request.ip,
        userAgent: request.headers['user-agent']?.slice(0, 256) ?? null,
        outcome: reply.statusCode < 400 ? 'success' : 'failure',
        statusCode: reply.statusCode,
        customsMatter: audit.customsMatter ?? false,
        jurisdiction,
        at: new Date().toISOString(),
        details: request.auditDetails,
      });
    } catch (error) {
      request.log.error({ err: error, action: audit.action }, 'audit log write failed');
    }
    return payload;
  });
}
