/*
 * Clearledger service worker.
 * - App shell (index.html, hashed assets, icons, manifest): cache-first, so the app opens offline.
 * - Everything else (the node's API: /auth, /credentials, /trust, /.well-known, ...): network only.
 * The shell is the list in /precache.json, written by the build. Each build is cached whole in its
 * own cache before it becomes current, so an interrupted update never mixes two builds.
 */
const SHELL_PREFIX = 'clearledger-shell-';
const META_CACHE = 'clearledger-meta';
const CURRENT_KEY = '/__clearledger-current-shell';
const MANIFEST_URL = '/precache.json';

function isShellPath(pathname) {
  return (
    pathname === '/' ||
    pathname === '/index.html' ||
    pathname === '/manifest.webmanifest' ||
    pathname.startsWith('/assets/') ||
    pathname.startsWith('/icons/')
  );
}

async function currentShellName() {
  const meta = await caches.open(META_CACHE);
  const entry = await meta.match(CURRENT_KEY);
  return entry ? entry.text() : null;
}

let refreshing = null;

/** Downloads the build listed in precache.json unless it is already current; true when it changed. */
function refreshShell() {
  if (refreshing) return refreshing;
  refreshing = (async () => {
    const response = await fetch(MANIFEST_URL, { cache: 'no-store' });
    if (!response.ok) throw new Error(`precache.json: HTTP ${response.status}`);
    const manifest = await response.json();
    const name = SHELL_PREFIX + manifest.version;
    const current = await currentShellName();
    if (current === name) return false;
    const cache = await caches.open(name);
    await Promise.all(
      manifest.files.map(async (file) => {
        const fileResponse = await fetch(file, { cache: 'no-cache' });
        if (!fileResponse.ok) throw new Error(`${file}: HTTP ${fileResponse.status}`);
        await cache.put(file, fileResponse);
      }),
    );
    const meta = await caches.open(META_CACHE);
    await meta.put(CURRENT_KEY, new Response(name));
    for (const other of await caches.keys()) {
      if (other.startsWith(SHELL_PREFIX) && other !== name) await caches.delete(other);
    }
    return current !== null;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function notifyUpdated() {
  for (const client of await self.clients.matchAll({ type: 'window' })) {
    client.postMessage({ type: 'clearledger:shell-updated' });
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(refreshShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

async function fromShell(request, pathname) {
  const name = await currentShellName();
  if (name) {
    const cache = await caches.open(name);
    const hit = await cache.match(pathname === '/index.html' ? '/' : pathname);
    if (hit) return hit;
  }
  return fetch(request);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !isShellPath(url.pathname)) return;
  event.respondWith(fromShell(request, url.pathname));
  if (request.mode === 'navigate') {
    event.waitUntil(
      refreshShell()
        .then((changed) => (changed ? notifyUpdated() : undefined))
        .catch(() => undefined),
    );
  }
});
