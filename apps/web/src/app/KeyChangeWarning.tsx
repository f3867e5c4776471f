import { useState } from 'preact/hooks';
import { useI18n, useServices } from './context.ts';
import { useStore } from './store.ts';

/**
 * Shown on every screen while the node presents a signing key other than the one pinned on first
 * contact. Snapshots signed with the new key are refused until the officer explicitly trusts it.
 */
export function KeyChangeWarning() {
  const { trust, acceptNewKey } = useServices();
  const { t } = useI18n();
  const { keyChange } = useStore(trust);
  const [confirming, setConfirming] = useState(false);
  if (keyChange === null) return null;
  return (
    <div class="notice notice-danger key-warning" role="alert" data-testid="key-changed-warning">
      <h2>
        <span aria-hidden="true">⚠ </span>
        {t('trust.keyChanged.title')}
      </h2>
      <p>{t('trust.keyChanged.body')}</p>
      <dl class="facts facts-compact">
        <dt>{t('trust.keyChanged.pinned')}</dt>
        <dd class="mono">{keyChange.pinned.publicKeyMultibase}</dd>
        <dt>{t('trust.keyChanged.offered')}</dt>
        <dd class="mono">{keyChange.offered.publicKeyMultibase}</dd>
      </dl>
      {confirming ? (
        <div class="actions">
          <p>{t('trust.keyChanged.confirm')}</p>
          <button
            type="button"
            class="button button-danger"
            data-testid="trust-new-key-confirm"
            onClick={() => {
              setConfirming(false);
              void acceptNewKey(keyChange.offered);
            }}
          >
            {t('trust.keyChanged.confirmYes')}
          </button>
          <button type="button" class="button button-secondary" onClick={() => setConfirming(false)}>
            {t('common.cancel')}
          </button>
        </div>
      ) : (
        <button
          type="button"
          class="button button-secondary"
          data-testid="trust-new-key"
          onClick={() => setConfirming(true)}
        >
          {t('trust.keyChanged.trustNew')}
        </button>
      )}
    </div>
  );
}
