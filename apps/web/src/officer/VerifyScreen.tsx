import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n, useServices } from '../app/context.ts';
import { hrefOf } from '../app/routes.ts';
import type { MessageKey, MessageParams } from '../i18n/index.ts';
import type { CheckOrigin } from '../offline/checkHistory.ts';
import { parseScanText, type ScanInput, type ScanTextProblem } from './parseScanText.ts';
import { decodeImageFile } from './qrImage.ts';
import { Scanner } from './Scanner.tsx';
import { TrustStatus } from './TrustStatus.tsx';
import type { CheckOutcome } from './verification.ts';

type Problem = { key: MessageKey; params?: MessageParams; detail?: string };

/**
 * What to tell the officer about text that is not a record, in plain words and by how it came in:
 * "this text" when it was pasted, "this QR code" when a camera or a photo read it. The decoder's own
 * message (Base45 lengths and the like) is for developers and is not shown.
 */
const parseProblems: Record<ScanTextProblem, Record<'text' | 'qr', MessageKey>> = {
  EMPTY: { text: 'scan.error.empty', qr: 'scan.error.empty' },
  JSON: { text: 'scan.error.json', qr: 'scan.error.json' },
  NOT_A_RECORD: { text: 'scan.error.notARecord.text', qr: 'scan.error.notARecord.qr' },
  DAMAGED: { text: 'scan.error.damaged.text', qr: 'scan.error.damaged.qr' },
  NEWER_FORMAT: { text: 'scan.error.newerFormat', qr: 'scan.error.newerFormat' },
};

function noticeOf(outcome: Exclude<CheckOutcome, { kind: 'checked' }>): Problem {
  switch (outcome.kind) {
    case 'needs-network':
      return { key: 'scan.notice.needsNetwork' };
    case 'needs-login':
      return { key: 'scan.notice.needsLogin' };
    case 'not-found':
      return { key: 'scan.notice.notFound', params: { hash: outcome.hash } };
    case 'failed':
      return { key: 'scan.notice.failed', detail: outcome.message };
  }
}

/** The officer's start screen: scan with the camera, upload a photo, or paste a QR payload or credential. */
export function VerifyScreen({ reference }: { reference: string | null }) {
  const services = useServices();
  const { t } = useI18n();
  const [scanning, setScanning] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [needsLogin, setNeedsLogin] = useState(false);
  const [pasted, setPasted] = useState('');
  const upload = useRef<HTMLInputElement>(null);

  // Opened from a reference QR code's link (/v/<hash>): fetch and check that record straight away.
  useEffect(() => {
    if (reference !== null)
      void verifyInput({ kind: 'reference', url: `${location.origin}/v/${reference}`, hash: reference }, 'link');
  }, [reference]);

  async function verifyText(text: string, origin: CheckOrigin) {
    setProblem(null);
    setNeedsLogin(false);
    const parsed = parseScanText(text, services.decodeQr);
    if (!parsed.success) {
      setProblem({ key: parseProblems[parsed.reason][origin === 'paste' ? 'text' : 'qr'] });
      return;
    }
    await verifyInput(parsed.data, origin);
  }

  async function verifyInput(input: ScanInput, origin: CheckOrigin) {
    setProblem(null);
    setNeedsLogin(false);
    setBusy(true);
    try {
      const outcome = await services.verification.check(input, origin);
      if (outcome.kind === 'checked') {
        location.hash = hrefOf({ name: 'check', id: outcome.entry.id });
        return;
      }
      setNeedsLogin(outcome.kind === 'needs-login');
      setProblem(noticeOf(outcome));
    } catch (error) {
      setProblem({ key: 'scan.notice.failed', detail: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  }

  async function onFile(file: File | undefined) {
    if (file === undefined) return;
    setProblem(null);
    setBusy(true);
    let text: string | null = null;
    try {
      text = await decodeImageFile(file);
    } catch {
      text = null;
    }
    setBusy(false);
    if (upload.current) upload.current.value = '';
    if (text === null) setProblem({ key: 'scan.error.noQrInImage' });
    else await verifyText(text, 'photo');
  }

  return (
    <section class="stack" aria-labelledby="verify-title">
      <h1 id="verify-title">{t('verify.title')}</h1>
      <p class="lead">{t('verify.intro')}</p>
      <TrustStatus />

      {scanning ? (
        <Scanner
          onText={(text) => {
            setScanning(false);
            void verifyText(text, 'camera');
          }}
          onClose={() => setScanning(false)}
        />
      ) : (
        <button
          type="button"
          class="button button-primary button-large"
          data-testid="scan-button"
          disabled={busy}
          onClick={() => {
            setProblem(null);
            setScanning(true);
          }}
        >
          <span aria-hidden="true">▣ </span>
          {t('verify.scan')}
        </button>
      )}

      <div class="field upload">
        <input
          ref={upload}
          id="upload-input"
          class="visually-hidden-input"
          data-testid="upload-input"
          type="file"
          accept="image/*"
          capture="environment"
          disabled={busy}
          onChange={(e) => void onFile((e.currentTarget as HTMLInputElement).files?.[0])}
        />
        <label for="upload-input" class="button button-secondary button-large upload-label">
          <span aria-hidden="true">⤒ </span>
          {t('verify.upload')}
        </label>
      </div>

      <form
        class="stack paste"
        onSubmit={(e) => {
          e.preventDefault();
          void verifyText(pasted, 'paste');
        }}
      >
        <div class="field">
          <label for="paste-input">{t('verify.pasteLabel')}</label>
          <textarea
            id="paste-input"
            data-testid="paste-input"
            rows={4}
            spellcheck={false}
            autocomplete="off"
            value={pasted}
            onInput={(e) => setPasted((e.currentTarget as HTMLTextAreaElement).value)}
            aria-describedby="paste-hint"
          />
          <p id="paste-hint" class="hint">
            {t('verify.pasteHint')}
          </p>
        </div>
        <button type="submit" class="button button-secondary" data-testid="paste-submit" disabled={busy}>
          {t('verify.pasteSubmit')}
        </button>
      </form>

      {busy && (
        <p class="muted" role="status" data-testid="verifying">
          {t('verify.checking')}
        </p>
      )}
      {problem !== null && (
        <div class="notice notice-warn" role="alert" data-testid="scan-error" data-key={problem.key}>
          <p>{t(problem.key, problem.params)}</p>
          {problem.detail !== undefined && <p class="small mono-wrap">{problem.detail}</p>}
          {needsLogin && (
            <p>
              <a
                href={hrefOf({
                  name: 'login',
                  next: reference === null ? '/' : hrefOf({ name: 'verify', hash: reference }).slice(1),
                })}
              >
                {t('nav.signIn')}
              </a>
            </p>
          )}
        </div>
      )}
      <p>
        <a href={hrefOf({ name: 'history' })}>{t('verify.seeHistory')}</a>
      </p>
    </section>
  );
}
