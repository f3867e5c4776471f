import { useEffect, useState } from 'preact/hooks';
import type { QrText } from '../api/clearledgerApi.ts';
import { useI18n, useServices } from '../app/context.ts';

/**
 * A record's QR code as an image (the node's PNG, error correction M), with a link to save it under
 * the record's name and, folded, the text it holds. The text is read again after the image: when the
 * record was anchored in between (its QR code then holds the receipt), both are fetched again, so the
 * image and the text always match.
 */
export function RecordQr({ id, qr: given, name }: { id: string; qr: QrText; name: string }) {
  const { api } = useServices();
  const { t } = useI18n();
  const [image, setImage] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [qr, setQr] = useState(given);
  useEffect(() => setQr(given), [given.text]);
  useEffect(() => {
    let url: string | null = null;
    let live = true;
    setImage(null);
    setProblem(null);
    // In turn: text (held), image, text again; the same text before and after means the image is of it.
    api
      .credentialQrImage(id)
      .then(async (blob) => [blob, await api.credentialQr(id)] as const)
      .then(([blob, fresh]) => {
        if (!live) return;
        if (fresh.text !== qr.text) {
          setQr(fresh);
          return;
        }
        url = URL.createObjectURL(blob.type === 'image/png' ? blob : new Blob([blob], { type: 'image/png' }));
        setImage(url);
      })
      .catch((error: unknown) => {
        if (live) setProblem(t('record.qrFailed', { message: error instanceof Error ? error.message : String(error) }));
      });
    return () => {
      live = false;
      if (url !== null) URL.revokeObjectURL(url);
    };
  }, [id, qr.text]);
  return (
    <section class="card stack" aria-labelledby="qr-title" data-testid="qr-panel" data-kind={qr.kind}>
      <h2 id="qr-title">{t('record.qrTitle')}</h2>
      <p class="small">{qr.kind === 'embedded' ? t('record.qrEmbedded') : t('record.qrReference')}</p>
      {problem !== null && (
        <p class="notice notice-warn" role="alert">
          {problem}
        </p>
      )}
      {image === null ? (
        problem === null && (
          <p class="muted" role="status">
            {t('app.loading')}
          </p>
        )
      ) : (
        <>
          <img class="qr-image" src={image} alt={t('record.qrAlt', { name })} data-testid="qr-image" />
          <p>
            <a href={image} download={`${name}-qr.png`} data-testid="qr-download">
              {t('record.qrDownload')}
            </a>
          </p>
        </>
      )}
      <p class="hint">{t('record.qrPrintHint')}</p>
      <details>
        <summary>{t('record.qrText')}</summary>
        <textarea
          id="qr-text"
          data-testid="qr-text"
          readOnly
          rows={4}
          value={qr.text}
          class="mono"
          aria-label={t('record.qrText')}
        />
      </details>
    </section>
  );
}
