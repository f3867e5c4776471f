import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves the built web app (`apps/web/dist`): one GET route per file found at start (no path is
 * ever joined from a request, so nothing outside the folder can be reached), `/` is `index.html`.
 * Hashed assets are cached for a year; the page, service worker and manifest are revalidated.
 */
export async function webRoutes(app: FastifyInstance, { root }: { root: string }): Promise<void> {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(path);
    }
  };
  try {
    walk(root);
  } catch {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .send('The web app is not built. Run `npm run build:web` (npm start does it for you) and restart the node.\n'),
    );
    return;
  }
  for (const file of files) {
    const url = `/${relative(root, file).split(sep).join('/')}`;
    const body = readFileSync(file);
    const type = types[extname(file)] ?? 'application/octet-stream';
    const immutable = url.startsWith('/assets/');
    const handler = async (_request: unknown, reply: import('fastify').FastifyReply) =>
      reply
        .type(type)
        .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
        .send(body);
    app.get(url, { schema: { hide: true }, config: { rateLimit: false } }, handler);
    if (url === '/index.html') app.get('/', { schema: { hide: true }, config: { rateLimit: false } }, handler);
  }
  // Reference QR codes point at /v/<hash>: open the officer app on that record.
  app.get('/v/:hash', { schema: { hide: true } }, async (request, reply) => {
    const { hash } = request.params as { hash: string };
    if (!/^[0-9a-f]{64}$/.test(hash)) return reply.redirect('/');
    return reply.redirect(`/#/verify/${hash}`);
  });
}
