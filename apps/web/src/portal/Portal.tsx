import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useI18n, useServices } from '../app/context.ts';
import { hrefOf, type Route } from '../app/routes.ts';
import { useStore } from '../app/store.ts';
import { ClaimScreen } from './ClaimScreen.tsx';
import { ClaimsScreen } from './ClaimsScreen.tsx';
import { FileClaimScreen } from './FileClaimScreen.tsx';
import { IssueScreen } from './IssueScreen.tsx';
import { LoginScreen } from './LoginScreen.tsx';
import { RecordScreen } from './RecordScreen.tsx';
import { RecordsScreen } from './RecordsScreen.tsx';
import { RequestScreen, RequestsScreen } from './RequestsScreen.tsx';

type QualifyModule = typeof import('./QualifyScreen.tsx');
let qualifyModule: QualifyModule | null = null;

/** The rules-of-origin screen carries the engine and the rule sets: its own chunk, fetched when opened. */
function QualifyLoader() {
  const { t } = useI18n();
  const [loaded, setLoaded] = useState<QualifyModule | null>(qualifyModule);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (loaded !== null) return;
    import('./QualifyScreen.tsx')
      .then((m) => {
        qualifyModule = m;
        setLoaded(m);
      })
      .catch(() => setFailed(true));
  }, [loaded]);
  if (failed)
    return (
      <p class="notice notice-warn" role="alert">
        {t('app.portalUnavailable')}
      </p>
    );
  if (loaded === null)
    return (
      <p class="muted" role="status">
        {t('app.loading')}
      </p>
    );
  return <loaded.QualifyScreen />;
}

/** Sends a signed-out visitor to the sign-in screen, coming back here afterwards. */
function RequireSession({ route, children }: { route: Route; children: ComponentChildren }) {
  const { session, auth } = useServices();
  const { t } = useI18n();
  const current = useStore(session);
  const token = current?.accessToken;
  useEffect(() => {
    if (token !== undefined) void auth.refresh();
  }, [token]);
  useEffect(() => {
    if (current === null) location.replace(hrefOf({ name: 'login', next: hrefOf(route).slice(1) }));
  }, [current === null]);
  if (current === null)
    return (
      <p class="muted" role="status">
        {t('portal.signInRequired')}
      </p>
    );
  return <>{children}</>;
}

/**
 * The organisation portal (a separate chunk): sign-in, records, record page, issue form, claims,
 * information requests, rules of origin.
 */
export function Portal({ route }: { route: Route }) {
  switch (route.name) {
    case 'login':
      return <LoginScreen next={route.next} />;
    case 'records':
      return (
        <RequireSession route={route}>
          <RecordsScreen query={route.query} />
        </RequireSession>
      );
    case 'record':
      return (
        <RequireSession route={route}>
          <RecordScreen id={route.id} />
        </RequireSession>
      );
    case 'issue':
      return (
        <RequireSession route={route}>
          <IssueScreen />
        </RequireSession>
      );
    case 'claims':
      return (
        <RequireSession route={route}>
          <ClaimsScreen />
        </RequireSession>
      );
    case 'fileClaim':
      return (
        <RequireSession route={route}>
          <FileClaimScreen />
        </RequireSession>
      );
    case 'claim':
      return (
        <RequireSession route={route}>
          <ClaimScreen id={route.id} />
        </RequireSession>
      );
    case 'requests':
      return (
        <RequireSession route={route}>
          <RequestsScreen />
        </RequireSession>
      );
    case 'request':
      return (
        <RequireSession route={route}>
          <RequestScreen id={route.id} />
        </RequireSession>
      );
    case 'qualify':
      return (
        <RequireSession route={route}>
          <QualifyLoader />
        </RequireSession>
      );
    default:
      return null;
  }
}
