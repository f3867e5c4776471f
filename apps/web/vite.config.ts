import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const publicDir = new URL('./public/', import.meta.url).pathname;

/** Every file under `public/` (copied verbatim to dist), as a root-relative URL; sw.js itself excluded. */
function publicFiles(dir = publicDir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return publicFiles(path);
    const url = `/${relative(publicDir, path).split('\\').join('/')}`;
    return url === '/sw.js' ? [] : [url];
  });
}

/**
 * Emits `precache.json` next to index.html: the build's version and every file of the app shell
 * (hashed chunks, CSS, public files). The service worker (public/sw.js, a static file) reads it at
 * install time and whenever the app opens, so a new build replaces the cached shell.
 */
function precacheManifest(): Plugin {
  return {
    name: 'clearledger-precache-manifest',
    apply: 'build',
    generateBundle(_options, bundle) {
      // JSON-LD files a dependency references by URL are emitted but never fetched: not part of the shell.
      const emitted = Object.keys(bundle).filter((name) => !name.endsWith('.jsonld'));
      const files = ['/', ...emitted.map((name) => `/${name}`), ...publicFiles()].sort();
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 16);
      this.emitFile({
        type: 'asset',
        fileName: 'precache.json',
        source: `${JSON.stringify({ version, files }, null, 1)}\n`,
      });
    },
  };
}

export default defineConfig(({ command }) => ({
  base: '/',
  define: { __CLEARLEDGER_SERVICE_WORKER__: JSON.stringify(command === 'build') },
  // Vite 8 transforms TypeScript and JSX with Oxc (its esbuild successor); no Babel involved.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Inline nothing: the Content-Security-Policy allows only same-origin scripts and styles.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    reportCompressedSize: true,
    rolldownOptions: {
      // Core's modules only declare values (no top-level effects). Saying so lets each chunk take only
      // what it uses of core's single index: the rules-of-origin engine and its rule sets go with
      // "Qualify a product" instead of into the code every page loads.
      treeshake: { moduleSideEffects: [{ test: /packages[\\/]core[\\/]src[\\/]/, sideEffects: false }] },
    },
  },
  // The QR decoding worker loads jsQR as its own chunk: module workers.
  worker: { format: 'es' },
  plugins: [precacheManifest()],
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
}));
