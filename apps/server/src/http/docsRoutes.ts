import type { FastifyInstance } from 'fastify';

type Operation = { summary?: string; description?: string; tags?: string[]; security?: unknown[] };

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const css = `body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:1px solid #ccc}code,pre{font-family:ui-monospace,monospace}
.op{margin:1rem 0;padding:.5rem 1rem;border:1px solid #ddd;border-radius:6px}.m{display:inline-block;min-width:4.5rem;font-weight:700}
.get{color:#0b5394}.post{color:#38761d}.patch{color:#b45f06}.delete{color:#990000}pre{background:#f6f6f6;padding:.5rem;overflow:auto;font-size:.85rem}
details summary{cursor:pointer}`;

/**
 * `GET /openapi.json` — the OpenAPI 3.1 document generated from every route's schemas;
 * `GET /docs` — a readable reference built from it (server-rendered, no scripts).
 */
export async function docsRoutes(app: FastifyInstance): Promise<void> {
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/docs/docs.css', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(css),
  );
  app.get('/docs', { schema: { hide: true } }, async (_request, reply) => {
    const doc = app.swagger() as unknown as {
      info: { title: string; version: string; description?: string };
      paths: Record<string, Record<string, Operation & Record<string, unknown>>>;
    };
    const byTag = new Map<string, string[]>();
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const tag = op.tags?.[0] ?? 'other';
        const body =
          op.requestBody === undefined
            ? ''
            : `<details><summary>Request body</summary><pre>${escapeHtml(JSON.stringify(op.requestBody, null, 2))}</pre></details>`;
        const params =
          op.parameters === undefined
            ? ''
            : `<details><summary>Parameters</summary><pre>${escapeHtml(JSON.stringify(op.parameters, null, 2))}</pre></details>`;
        const responses = `<details><summary>Responses</summary><pre>${escapeHtml(JSON.stringify(op.responses ?? {}, null, 2))}</pre></details>`;
        const open = Array.isArray(op.security) && op.security.length === 0 ? ' · no token needed' : '';
        const html = `<div class="op"><span class="m ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code>${escapeHtml(open)}
<p><strong>${escapeHtml(op.summary ?? '')}</strong>${op.description ? `<br>${escapeHtml(op.description)}` : ''}</p>${params}${body}${responses}</div>`;
        byTag.set(tag, [...(byTag.get(tag) ?? []), html]);
      }
    }
    const sections = [...byTag].map(([tag, ops]) => `<h2>${escapeHtml(tag)}</h2>${ops.join('\n')}`).join('\n');
    return reply
      .type('text/html; charset=utf-8')
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(doc.info.title)}</title><link rel="stylesheet" href="/docs/docs.css"></head><body><h1>${escapeHtml(doc.info.title)} ${escapeHtml(doc.info.version)}</h1><p>${escapeHtml(doc.info.description ?? '')}</p><p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>${sections}</body></html>`,
      );
  });
}
