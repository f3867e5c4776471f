import { useEffect, useState } from 'preact/hooks';
import { useI18n } from './context.ts';

/** The polite "Loading…" line a screen shows while it waits for data or code. */
export function Loading() {
  const { t } = useI18n();
  return (
    <p class="muted" role="status">
      {t('app.loading')}
    </p>
  );
}

/**
 * A hook for a module fetched as a separate chunk the first time it is needed and kept afterwards:
 * the module, null while it loads, or 'failed' when it cannot be fetched.
 */
export function chunkLoader<M>(load: () => Promise<M>): () => M | null | 'failed' {
  let cached: M | null = null;
  return function useChunk() {
    const [loaded, setLoaded] = useState<M | null>(cached);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (loaded !== null) return;
      load()
        .then((m) => {
          cached = m;
          setLoaded(m);
        })
        .catch(() => setFailed(true));
    }, [loaded]);
    return failed ? 'failed' : loaded;
  };
}

/** What stands in for a chunk's screen while it loads, or when it cannot be fetched. */
export function ChunkPending({ failed, testId }: { failed: boolean; testId?: string }) {
  const { t } = useI18n();
  if (!failed) return <Loading />;
  return (
    <p class="notice notice-warn" role="alert" data-testid={testId}>
      {t('app.portalUnavailable')}
    </p>
  );
}
