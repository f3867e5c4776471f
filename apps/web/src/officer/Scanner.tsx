import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../app/context.ts';
import type { MessageKey } from '../i18n/index.ts';
import { centreSquare, createQrDecoder, pixelsOf, type QrDecoder } from './qrImage.ts';

const FRAME_EVERY_MS = 100;
/**
 * A full record in a QR code is a dense code (up to 177 modules a side) that a phone reads at about
 * 3 camera pixels per module: frames alternate between the centre square at full resolution (where
 * the viewfinder asks for the code) and the whole frame reduced, for small codes held anywhere.
 */
const CENTRE_MAX_SIDE = 1280;
const WHOLE_MAX_SIDE = 800;

function cameraProblem(error: unknown): MessageKey {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'scan.error.cameraDenied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'scan.error.noCamera';
  if (name === 'NotReadableError') return 'scan.error.cameraBusy';
  return 'scan.error.cameraUnavailable';
}

/**
 * The camera view: opens the rear camera, decodes a frame every ~100 ms with jsQR and reports the
 * first QR text it reads. The camera is released as soon as a code is read or the view closes.
 */
export function Scanner({ onText, onClose }: { onText: (text: string) => void; onClose: () => void }) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const [ready, setReady] = useState(false);
  const report = useRef(onText);
  report.current = onText;

  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setInterval> | undefined;
    let stopped = false;
    let decoder: QrDecoder | null = null;
    const canvas = document.createElement('canvas');
    const stop = () => {
      stopped = true;
      decoder?.close();
      if (timer !== undefined) clearInterval(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
      stream = null;
    };
    (async () => {
      if (!navigator.mediaDevices?.getUserMedia) {
        setProblem('scan.error.cameraUnavailable');
        return;
      }
      try {
        decoder = createQrDecoder();
        const media = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: 'environment', width: { ideal: 1920 }, height: { ideal: 1080 } },
          audio: false,
        });
        stream = media;
        if (stopped || video.current === null) {
          stop();
          return;
        }
        const element = video.current;
        element.srcObject = media;
        await element.play().catch(() => undefined);
        setReady(true);
        let busy = false;
        let tick = 0;
        timer = setInterval(async () => {
          if (busy || stopped || element.readyState < element.HAVE_CURRENT_DATA || element.videoWidth === 0) return;
          busy = true;
          try {
            const { videoWidth: w, videoHeight: h } = element;
            const whole = tick++ % 2 === 1;
            const pixels = whole
              ? pixelsOf(element, { x: 0, y: 0, width: w, height: h }, WHOLE_MAX_SIDE, canvas)
              : pixelsOf(element, centreSquare(w, h), CENTRE_MAX_SIDE, canvas);
            const text = pixels && decoder ? await decoder.decode(pixels, 'dontInvert') : null;
            if (text !== null && !stopped) {
              stop();
              report.current(text);
            }
          } finally {
            busy = false;
          }
        }, FRAME_EVERY_MS);
      } catch (error) {
        stop();
        setProblem(cameraProblem(error));
      }
    })();
    return stop;
  }, []);

  return (
    <section class="scanner" data-testid="scanner" aria-label={t('scan.cameraTitle')}>
      {problem === null ? (
        <>
          <div class="scanner-frame">
            <video
              ref={video}
              data-testid="scanner-video"
              muted
              playsInline
              autoPlay
              aria-label={t('scan.cameraTitle')}
            />
            <div class="scanner-target" aria-hidden="true" />
          </div>
          <p class="muted" role="status">
            {ready ? t('scan.pointCamera') : t('scan.startingCamera')}
          </p>
        </>
      ) : (
        <p class="notice notice-warn" role="alert" data-testid="scanner-error">
          {t(problem)}
        </p>
      )}
      <button type="button" class="button button-secondary" data-testid="scanner-cancel" onClick={onClose}>
        {t('scan.stopCamera')}
      </button>
    </section>
  );
}
