import type { CredentialQuery, RecordStatusFilter } from '../api/clearledgerApi.ts';

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
  /** Preference claims at entry (importers and brokers file them, customs decides). */
  | { name: 'claims' }
  /** Filing a claim; with `check` (a check on this device) or `certification` (a hash) it starts from that record. */
  | { name: 'fileClaim'; check?: string; certification?: string }
  | { name: 'claim'; id: string }
  /** Information requests on claims (the certifier answers them, customs sends and reviews them). */
  | { name: 'requests' }
  | { name: 'request'; id: string }
  /** Rules of origin: does a product qualify (evaluated in the browser, nothing sent). */
  | { name: 'qualify' }
  /** Stateful instruments: permits (LPCO), ATA carnets, in-bond movements, a list and a page each. */
  | { name: 'permits' }
  | { name: 'permit'; id: string }
  | { name: 'carnets' }
  | { name: 'carnet'; id: string }
  | { name: 'inBonds' }
  | { name: 'inBond'; id: string }
  | { name: 'notFound'; path: string };

/** Screens of the portal chunk (loaded on demand). */
export const portalRoutes: ReadonlySet<Route['name']> = new Set([
  'login',
  'records',
  'record',
  'issue',
  'claims',
  'fileClaim',
  'claim',
  'requests',
  'request',
  'qualify',
  'permits',
  'permit',
  'carnets',
  'carnet',
  'inBonds',
  'inBond',
]);

const statuses: readonly string[] = ['pending', 'sealed', 'anchored', 'revoked', 'suspended'];

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
  if (first === 'qualify' && second === undefined) return { name: 'qualify' };
  if (first === 'claims' && second === undefined) return { name: 'claims' };
  if (first === 'claims' && second === 'new') {
    const check = params.get('check');
    const certification = params.get('certification');
    return {
      name: 'fileClaim',
      ...(check ? { check } : {}),
      ...(certification && /^[0-9a-f]{64}$/.test(certification) ? { certification } : {}),
    };
  }
  if ((first === 'claims' || first === 'requests') && second !== undefined) {
    const id = decode(second);
    if (id === null) return { name: 'notFound', path };
    return first === 'claims' ? { name: 'claim', id } : { name: 'request', id };
  }
  if (first === 'requests' && second === undefined) return { name: 'requests' };
  if (first === 'permits' || first === 'carnets' || first === 'in-bond') {
    const list = first === 'permits' ? 'permits' : first === 'carnets' ? 'carnets' : 'inBonds';
    if (second === undefined) return { name: list };
    const id = decode(second);
    if (id === null) return { name: 'notFound', path };
    return { name: list === 'permits' ? 'permit' : list === 'carnets' ? 'carnet' : 'inBond', id };
  }
  if (first === 'records' && second === undefined) {
    const query: CredentialQuery = {};
    const q = params.get('q');
    const type = params.get('type');
    const status = params.get('status');
    const after = params.get('after');
    if (q) query.q = q;
    if (type) query.type = type;
    if (status && statuses.includes(status)) query.status = status as RecordStatusFilter;
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
    case 'qualify':
      return '#/qualify';
    case 'claims':
      return '#/claims';
    case 'fileClaim': {
      const params = new URLSearchParams();
      if (route.check) params.set('check', route.check);
      if (route.certification) params.set('certification', route.certification);
      const text = params.toString();
      return text === '' ? '#/claims/new' : `#/claims/new?${text}`;
    }
    case 'claim':
      return `#/claims/${enc(route.id)}`;
    case 'requests':
      return '#/requests';
    case 'request':
      return `#/requests/${enc(route.id)}`;
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
    case 'permits':
      return '#/permits';
    case 'permit':
      return `#/permits/${enc(route.id)}`;
    case 'carnets':
      return '#/carnets';
    case 'carnet':
      return `#/carnets/${enc(route.id)}`;
    case 'inBonds':
      return '#/in-bond';
    case 'inBond':
      return `#/in-bond/${enc(route.id)}`;
    case 'notFound':
      return `#${route.path}`;
  }
}
