import { useState } from 'preact/hooks';
import { isApiError } from '../api/client.ts';
import { useI18n, useServices } from '../app/context.ts';
import { landingRoute } from '../app/permissions.ts';
import { hrefOf } from '../app/routes.ts';
import { useStore } from '../app/store.ts';
import type { MessageKey } from '../i18n/index.ts';

function loginProblem(error: unknown): MessageKey {
  if (!isApiError(error)) return 'login.error.unknown';
  switch (error.code) {
    case 'CL_AUTH_INVALID_CREDENTIALS':
      return 'login.error.invalid';
    case 'CL_HTTP_RATE_LIMITED':
      return 'login.error.rateLimited';
    case 'CL_AUTH_LOCKED':
      return 'login.error.locked';
    case 'NETWORK':
      return 'login.error.network';
    default:
      return 'login.error.unknown';
  }
}

/** Sign-in for organisation accounts (`POST /auth/login`). */
export function LoginScreen({ next }: { next: string | null }) {
  const { auth, session, online } = useServices();
  const { t } = useI18n();
  const current = useStore(session);
  const isOnline = useStore(online);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ key: MessageKey; code: string } | null>(null);

  if (current !== null)
    return (
      <section class="stack">
        <h1>{t('login.title')}</h1>
        <p data-testid="login-signed-in">
          {t('login.signedInAs', { name: current.account.displayName, organization: current.organization.name })}
        </p>
        <p>
          <a class="button button-primary" href={hrefOf(landingRoute(current))}>
            {t('login.continue')}
          </a>
        </p>
      </section>
    );

  return (
    <section class="stack narrow" aria-labelledby="login-title">
      <h1 id="login-title">{t('login.title')}</h1>
      <p class="muted">{t('login.intro')}</p>
      {!isOnline && <p class="notice notice-warn">{t('login.offline')}</p>}
      <form
        class="stack"
        data-testid="login-form"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          if (username.trim() === '' || password === '') {
            setProblem({ key: 'login.error.missing', code: 'MISSING' });
            return;
          }
          setBusy(true);
          setProblem(null);
          try {
            const signedIn = await auth.login(username.trim(), password);
            setPassword('');
            location.hash = next === null ? hrefOf(landingRoute(signedIn)) : `#${next}`;
          } catch (error) {
            setProblem({ key: loginProblem(error), code: isApiError(error) ? error.code : 'UNKNOWN' });
          } finally {
            setBusy(false);
          }
        }}
      >
        <div class="field">
          <label for="login-username">{t('login.username')}</label>
          <input
            id="login-username"
            data-testid="login-username"
            name="username"
            autocomplete="username"
            autocapitalize="none"
            spellcheck={false}
            required
            value={username}
            onInput={(e) => setUsername((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
        <div class="field">
          <label for="login-password">{t('login.password')}</label>
          <input
            id="login-password"
            data-testid="login-password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
        {problem !== null && (
          <p class="notice notice-danger" role="alert" data-testid="login-error" data-code={problem.code}>
            {t(problem.key)}
          </p>
        )}
        <button type="submit" class="button button-primary" data-testid="login-submit" disabled={busy}>
          {busy ? t('login.signingIn') : t('login.submit')}
        </button>
      </form>
    </section>
  );
}
