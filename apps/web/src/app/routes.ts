import type { CredentialQuery, LedgerStatus } from '../api/clearledgerApi.ts';

/** The app's screens. All routes are hash routes (`#/…`), so the node serves one index.html. */
export type Route =
  /** The start screen; with `hash`, it fetches and checks that record (reference QR codes open `/v/<hash>`). */
  | { name: 'verify'; hash?: string }
  | { name: 'check'; id: string }
  | { name: 'history' }
  | { name: 'login'; next: string | null }
  | { name: 'records'; query: CredentialQuery }
  | { name: 'record'; id: string }
  | { name: 'issue' }
  | { name: 'notFound'; path: string };

/** Screens of the portal chunk (loaded on demand). */
export const portalRoutes: ReadonlySet<Route['name']> = new Set(['login', 'records', 'record', 'issue']);

const statuses: readonly string[] = ['pending', 'sealed', 'anchored'];

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** Reads a location hash (`#/records/abc?x=y`). */
export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [pathPart = '', queryPart = ''] = raw.split('?', 2);
  const path = pathPart === '' ? '/' : pathPart;
  const segments = path.split('/').filter((s) => s !== '');
  const params = new URLSearchParams(queryPart);
  const [first, second, ...rest] = segments;
  if (rest.length > 0) return { name: 'notFound', path };
  if (first === undefined) return { name: 'verify' };
  if (first === 'verify' && second === undefined) return { name: 'verify' };
  if (first === 'verify' && second !== undefined)
    return /^[0-9a-fA-F]{64}$/.test(second)
      ? { name: 'verify', hash: second.toLowerCase() }
      : { name: 'notFound', path };
  if (first === 'history' && second === undefined) return { name: 'history' };
  if (first === 'check' && second !== undefined) {
    const id = decode(second);
    return id === null ? { name: 'notFound', path } : { name: 'check', id };
  }
  if (first === 'login' && second === undefined) {
    const next = params.get('next');
    return { name: 'login', next: next?.startsWith('/') ? next : null };
  }
  if (first === 'issue' && second === undefined) return { name: 'issue' };
  if (first === 'records' && second === undefined) {
    const query: CredentialQuery = {};
    const q = params.get('q');
    const type = params.get('type');
    const status = params.get('status');
    const after = params.get('after');
    if (q) query.q = q;
    if (type) query.type = type;
    if (status && statuses.includes(status)) query.status = status as LedgerStatus;
    if (after) query.after = after;
    return { name: 'records', query };
  }
  if (first === 'records' && second !== undefined) {
    const id = decode(second);
    return id === null ? { name: 'notFound', path } : { name: 'record', id };
  }
  return { name: 'notFound', path };
}

/** The hash (`#/…`) of a route. */
export function hrefOf(route: Route): string {
  const enc = encodeURIComponent;
  switch (route.name) {
    case 'verify':
      return route.hash === undefined ? '#/' : `#/verify/${route.hash}`;
    case 'check':
      return `#/check/${enc(route.id)}`;
    case 'history':
      return '#/history';
    case 'login':
      return route.next === null ? '#/login' : `#/login?${new URLSearchParams({ next: route.next })}`;
    case 'issue':
      return '#/issue';
    case 'record':
      return `#/records/${enc(route.id)}`;
    case 'records': {
      const params = new URLSearchParams();
      const { q, type, status, after } = route.query;
      if (q) params.set('q', q);
      if (type) params.set('type', type);
      if (status) params.set('status', status);
      if (after) params.set('after', after);
      const text = params.toString();
      return text === '' ? '#/records' : `#/records?${text}`;
    }
    case 'notFound':
      return `#${route.path}`;
  }
}
