import { useI18n, useServices } from '../app/context.ts';
import { snapshotMaxAgeChoices } from '../app/services.ts';
import { useStore } from '../app/store.ts';
import type { MessageKey } from '../i18n/index.ts';

const failureKeys: Record<'rejected' | 'unreachable' | 'older', MessageKey> = {
  rejected: 'trust.rejected',
  unreachable: 'trust.unreachable',
  older: 'trust.older',
};

/** The trust snapshot this device verifies against: block, time, age, and whether it is being refreshed. */
export function TrustStatus() {
  const { trust, online, syncNow, snapshotMaxAgeHours, setSnapshotMaxAgeHours } = useServices();
  const { t, dateTime, age } = useI18n();
  const state = useStore(trust);
  const isOnline = useStore(online);
  const maxAgeHours = useStore(snapshotMaxAgeHours);
  const stored = state.stored;
  // The same rule as the verdict: older than the chosen age, a snapshot cannot make a record green.
  const stale = stored !== null && Date.now() - Date.parse(stored.snapshot.asOf) > maxAgeHours * 3_600_000;
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
      <p class="small">
        <label for="snapshot-max-age">{t('trust.maxAge')}</label>{' '}
        <select
          id="snapshot-max-age"
          data-testid="snapshot-max-age"
          value={String(maxAgeHours)}
          onChange={(e) => setSnapshotMaxAgeHours(Number((e.currentTarget as HTMLSelectElement).value))}
        >
          {snapshotMaxAgeChoices.map((h) => (
            <option key={h} value={String(h)}>
              {t('trust.maxAge.hours', { hours: h })}
            </option>
          ))}
        </select>
      </p>
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
