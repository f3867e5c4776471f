import { useEffect, useRef, useState } from 'preact/hooks';
import { isLanguage, languageNames, languages } from '../i18n/index.ts';
import { CheckScreen } from '../officer/CheckScreen.tsx';
import { HistoryScreen } from '../officer/HistoryScreen.tsx';
import { CustomsDashboard } from '../officer/instruments/CustomsDashboard.tsx';
import { VerifyScreen } from '../officer/VerifyScreen.tsx';
import { ClaimsQueue, useInbox } from './ClaimsQueue.tsx';
import { useI18n, useServices } from './context.ts';
import { KeyChangeWarning } from './KeyChangeWarning.tsx';
import { ChunkPending, chunkLoader } from './loading.tsx';
import { can, decidesClaims, hasOrgRole } from './permissions.ts';
import { hrefOf, parseRoute, portalRoutes, type Route } from './routes.ts';
import { useStore } from './store.ts';

/** The portal screens, fetched as a separate chunk the first time one is opened. */
const usePortalModule = chunkLoader(() => import('../portal/Portal.tsx'));

function PortalLoader({ route }: { route: Route }) {
  const loaded = usePortalModule();
  if (loaded === null || loaded === 'failed')
    return <ChunkPending failed={loaded === 'failed'} testId="portal-load-error" />;
  return <loaded.Portal route={route} />;
}

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

function LanguageMenu() {
  const { setLanguage } = useServices();
  const { lang, t } = useI18n();
  return (
    <div class="language-menu">
      <label for="language-menu" class="visually-hidden">
        {t('app.language')}
      </label>
      <select
        id="language-menu"
        data-testid="language-menu"
        value={lang}
        onChange={(e) => {
          const value = (e.currentTarget as HTMLSelectElement).value;
          if (isLanguage(value)) void setLanguage(value);
        }}
      >
        {languages.map((l) => (
          <option key={l} value={l} lang={l}>
            {languageNames[l]}
          </option>
        ))}
      </select>
    </div>
  );
}

function OfflineBadge() {
  const { online } = useServices();
  const { t } = useI18n();
  const isOnline = useStore(online);
  if (isOnline) return null;
  return (
    <span class="badge badge-offline" data-testid="offline-badge" role="status">
      <span aria-hidden="true">⚠ </span>
      {t('app.offline')}
    </span>
  );
}

function UpdateBanner() {
  const { t } = useI18n();
  const [updated, setUpdated] = useState(false);
  useEffect(() => {
    if (!('serviceWorker' in navigator)) return;
    const onMessage = (event: MessageEvent) => {
      if ((event.data as { type?: string } | null)?.type === 'clearledger:shell-updated') setUpdated(true);
    };
    navigator.serviceWorker.addEventListener('message', onMessage);
    return () => navigator.serviceWorker.removeEventListener('message', onMessage);
  }, []);
  if (!updated) return null;
  return (
    <div class="notice notice-info update-banner" data-testid="update-banner" role="status">
      <span>{t('app.updateReady')}</span>
      <button type="button" class="button button-small" onClick={() => location.reload()}>
        {t('app.reload')}
      </button>
    </div>
  );
}

function Nav({ route }: { route: Route }) {
  const { session, auth } = useServices();
  const { t } = useI18n();
  const current = useStore(session);
  const signedIn = current !== null;
  const currentPage = (names: Route['name'][]) =>
    names.includes(route.name) ? { 'aria-current': 'page' as const } : {};
  const inbox = useInbox(route);
  /** A count of what waits on the organisation, read out in words. */
  const count = (n: number | undefined, testId: string) =>
    n === undefined || n === 0 ? null : (
      <>
        <span class="nav-count" aria-hidden="true" data-testid={testId} data-count={n}>
          {n}
        </span>
        <span class="visually-hidden"> ({t('nav.waiting', { count: n })})</span>
      </>
    );
  return (
    <nav class="nav" aria-label={t('nav.label')}>
      <a href={hrefOf({ name: 'verify' })} data-testid="nav-verify" {...currentPage(['verify', 'check'])}>
        {t('nav.verify')}
      </a>
      <a href={hrefOf({ name: 'history' })} data-testid="nav-history" {...currentPage(['history'])}>
        {t('nav.history')}
      </a>
      {signedIn ? (
        <>
          <a
            href={hrefOf({ name: 'records', query: {} })}
            data-testid="nav-records"
            {...currentPage(['records', 'record'])}
          >
            {t('nav.records')}
          </a>
          {can(current, 'credentials:issue') && (
            <a href={hrefOf({ name: 'issue' })} data-testid="nav-issue" {...currentPage(['issue'])}>
              {t('nav.issue')}
            </a>
          )}
          {(can(current, 'claims:file') || can(current, 'claims:decide')) && (
            <a
              href={hrefOf({ name: 'claims' })}
              data-testid="nav-claims"
              {...currentPage(['claims', 'claim', 'fileClaim'])}
            >
              {t('nav.claims')}
              {count(inbox?.claims, 'nav-claims-count')}
            </a>
          )}
          {(can(current, 'requests:answer') || can(current, 'claims:decide')) && (
            <a href={hrefOf({ name: 'requests' })} data-testid="nav-requests" {...currentPage(['requests', 'request'])}>
              {t('nav.requests')}
              {count(inbox?.requests, 'nav-requests-count')}
            </a>
          )}
          {(hasOrgRole(current, 'PGA') || hasOrgRole(current, 'IMPORTER') || hasOrgRole(current, 'BROKER')) && (
            <a href={hrefOf({ name: 'permits' })} data-testid="nav-permits" {...currentPage(['permits', 'permit'])}>
              {t('nav.permits')}
            </a>
          )}
          {(hasOrgRole(current, 'CARNET_ISSUER') || hasOrgRole(current, 'CUSTOMS')) && (
            <a href={hrefOf({ name: 'carnets' })} data-testid="nav-carnets" {...currentPage(['carnets', 'carnet'])}>
              {t('nav.carnets')}
            </a>
          )}
          {(hasOrgRole(current, 'BONDED_CARRIER') || hasOrgRole(current, 'CUSTOMS')) && (
            <a href={hrefOf({ name: 'inBonds' })} data-testid="nav-inbonds" {...currentPage(['inBonds', 'inBond'])}>
              {t('nav.inBonds')}
            </a>
          )}
          {(hasOrgRole(current, 'PRODUCER') || hasOrgRole(current, 'EXPORTER')) && (
            <a href={hrefOf({ name: 'qualify' })} data-testid="nav-qualify" {...currentPage(['qualify'])}>
              {t('nav.qualify')}
            </a>
          )}
          <button
            type="button"
            class="link-button"
            data-testid="nav-logout"
            onClick={async () => {
              await auth.logout();
              location.hash = hrefOf({ name: 'verify' });
            }}
          >
            {t('nav.signOut')}
          </button>
        </>
      ) : (
        <a href={hrefOf({ name: 'login', next: null })} data-testid="nav-login" {...currentPage(['login'])}>
          {t('nav.signIn')}
        </a>
      )}
    </nav>
  );
}

function Screen({ route }: { route: Route }) {
  const { t } = useI18n();
  const officer = decidesClaims(useStore(useServices().session));
  if (portalRoutes.has(route.name)) return <PortalLoader route={route} />;
  switch (route.name) {
    case 'verify':
      return (
        <>
          <VerifyScreen key={route.hash ?? ''} reference={route.hash ?? null} />
          {officer && route.hash === undefined && <ClaimsQueue />}
          {officer && route.hash === undefined && <CustomsDashboard />}
        </>
      );
    case 'check':
      return <CheckScreen id={route.id} />;
    case 'history':
      return <HistoryScreen />;
    default:
      return (
        <section>
          <h1>{t('app.notFound')}</h1>
          <p>
            <a href={hrefOf({ name: 'verify' })}>{t('app.backToVerify')}</a>
          </p>
        </section>
      );
  }
}

/** The app shell: header (brand, offline badge, language, navigation) and the current screen. */
export function App() {
  const route = useRoute();
  const signedIn = useStore(useServices().session) !== null;
  const { lang, t } = useI18n();
  const main = useRef<HTMLElement>(null);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('app.title');
  }, [lang, t]);
  // Move focus to the new screen, so keyboard and screen-reader users start at its top.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    window.scrollTo(0, 0);
    main.current?.focus({ preventScroll: true });
  }, [route.name, (route as { id?: string }).id]);
  return (
    <>
      <button type="button" class="skip-link" onClick={() => main.current?.focus()}>
        {t('app.skipToContent')}
      </button>
      <header class={`app-header${signedIn ? ' app-header-long' : ''}`} data-testid="app-header">
        <div class="app-header-row">
          <a class="brand" href={hrefOf({ name: 'verify' })}>
            <img src="/icons/icon.svg" alt="" width="28" height="28" />
            <span>Clearledger</span>
          </a>
          <OfflineBadge />
          <LanguageMenu />
        </div>
        <Nav route={route} />
      </header>
      <UpdateBanner />
      <KeyChangeWarning />
      <main id="main" ref={main} tabIndex={-1}>
        <Screen route={route} />
      </main>
    </>
  );
}
