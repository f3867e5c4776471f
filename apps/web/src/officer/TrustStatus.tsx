import { useI18n, useServices } from '../app/context.ts';
import { useStore } from '../app/store.ts';
import type { MessageKey } from '../i18n/index.ts';

/** A snapshot older than this is shown as stale (amber). */
const STALE_AFTER_MS = 24 * 3600_000;

const failureKeys: Record<'rejected' | 'unreachable' | 'older', MessageKey> = {
  rejected: 'trust.rejected',
  unreachable: 'trust.unreachable',
  older: 'trust.older',
};

/** The trust snapshot this device verifies against: block, time, age, and whether it is being refreshed. */
export function TrustStatus() {
  const { trust, online, syncNow } = useServices();
  const { t, dateTime, age } = useI18n();
  const state = useStore(trust);
  const isOnline = useStore(online);
  const stored = state.stored;
  const stale = stored !== null && Date.now() - Date.parse(stored.snapshot.asOf) > STALE_AFTER_MS;
  const last = state.last;
  const failure =
    last !== null && (last.kind === 'rejected' || last.kind === 'unreachable' || last.kind === 'older') ? last : null;
  return (
    <div
      class={`trust-status ${stored === null ? 'trust-none' : stale ? 'trust-stale' : 'trust-fresh'}`}
      data-testid="trust-status"
      data-state={stored === null ? 'none' : stale ? 'stale' : 'fresh'}
      data-block={stored?.snapshot.blockNumber}
    >
      {stored === null ? (
        <p>
          <strong>{t('trust.none.title')}</strong> {isOnline ? t('trust.none.online') : t('trust.none.offline')}
        </p>
      ) : (
        <p data-testid="snapshot-age">
          <strong>{t('trust.snapshot.title')}</strong>{' '}
          {t('trust.snapshot.asOf', {
            block: stored.snapshot.blockNumber,
            at: dateTime(stored.snapshot.asOf),
            age: age(stored.snapshot.asOf),
          })}
          {stale && (
            <>
              {' '}
              <span class="badge badge-warn">{t('trust.stale')}</span>
            </>
          )}
        </p>
      )}
      {failure !== null && !state.syncing && (
        <p class="small" data-testid="trust-sync-problem" data-kind={failure.kind}>
          {t(failureKeys[failure.kind])}
        </p>
      )}
      {isOnline && (
        <button
          type="button"
          class="button button-small button-secondary"
          data-testid="snapshot-refresh"
          disabled={state.syncing}
          onClick={() => void syncNow()}
        >
          {state.syncing ? t('trust.updating') : t('trust.update')}
        </button>
      )}
    </div>
  );
}
