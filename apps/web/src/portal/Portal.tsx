import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { useI18n, useServices } from '../app/context.ts';
import { ChunkPending, chunkLoader } from '../app/loading.tsx';
import { hrefOf, type Route } from '../app/routes.ts';
import { useStore } from '../app/store.ts';
import { CarnetScreen, CarnetsScreen } from './carnets/CarnetsScreen.tsx';
import { ClaimScreen } from './certificate-of-origin/ClaimScreen.tsx';
import { ClaimsScreen } from './certificate-of-origin/ClaimsScreen.tsx';
import { FileClaimScreen } from './certificate-of-origin/FileClaimScreen.tsx';
import { IssueScreen } from './certificate-of-origin/IssueScreen.tsx';
import { RequestScreen, RequestsScreen } from './certificate-of-origin/RequestsScreen.tsx';
import { InBondScreen, InBondsScreen } from './in-bond/InBondScreen.tsx';
import { LoginScreen } from './LoginScreen.tsx';
import { PermitScreen, PermitsScreen } from './permits/PermitsScreen.tsx';
import { RecordScreen } from './RecordScreen.tsx';
import { RecordsScreen } from './RecordsScreen.tsx';

/** The rules-of-origin screen carries the engine and the rule sets: its own chunk, fetched when opened. */
const useQualifyModule = chunkLoader(() => import('./certificate-of-origin/QualifyScreen.tsx'));

function QualifyLoader() {
  const loaded = useQualifyModule();
  if (loaded === null || loaded === 'failed') return <ChunkPending failed={loaded === 'failed'} />;
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
  if (route.name === 'login') return <LoginScreen next={route.next} />;
  const screen = signedInScreen(route);
  return screen === null ? null : <RequireSession route={route}>{screen}</RequireSession>;
}

/** The screen of a portal route that needs a signed-in session; null for any other route. */
function signedInScreen(route: Route) {
  switch (route.name) {
    case 'records':
      return <RecordsScreen query={route.query} />;
    case 'record':
      return <RecordScreen id={route.id} />;
    case 'issue':
      return <IssueScreen />;
    case 'claims':
      return <ClaimsScreen />;
    case 'fileClaim':
      return (
        <FileClaimScreen
          {...(route.check === undefined ? {} : { check: route.check })}
          {...(route.certification === undefined ? {} : { certification: route.certification })}
        />
      );
    case 'claim':
      return <ClaimScreen id={route.id} />;
    case 'requests':
      return <RequestsScreen />;
    case 'request':
      return <RequestScreen id={route.id} />;
    case 'qualify':
      return <QualifyLoader />;
    case 'permits':
      return <PermitsScreen />;
    case 'permit':
      return <PermitScreen id={route.id} />;
    case 'carnets':
      return <CarnetsScreen />;
    case 'carnet':
      return <CarnetScreen id={route.id} />;
    case 'inBonds':
      return <InBondsScreen />;
    case 'inBond':
      return <InBondScreen id={route.id} />;
    default:
      return null;
  }
}
