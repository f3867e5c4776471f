import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { useI18n, useServices } from '../app/context.ts';
import { hrefOf, type Route } from '../app/routes.ts';
import { useStore } from '../app/store.ts';
import { IssueScreen } from './IssueScreen.tsx';
import { LoginScreen } from './LoginScreen.tsx';
import { RecordScreen } from './RecordScreen.tsx';
import { RecordsScreen } from './RecordsScreen.tsx';

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

/** The organisation portal (a separate chunk): sign-in, records, record page, issue form. */
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
    default:
      return null;
  }
}
