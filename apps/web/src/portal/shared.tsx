import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../app/context.ts';

/** A problem as shown: its text, the agreement rule it applies (CO-xx) if any, and its language when not the page's. */
export type ProblemView = { text: string; rule?: string; lang?: string };

/** A problem's rule (as a badge) and text. Core's and the node's messages are in English: marked as such. */
export function ProblemText({ problem }: { problem: ProblemView }) {
  const { t } = useI18n();
  return (
    <>
      {problem.rule !== undefined && (
        <>
          <span class="rule-badge" data-testid="problem-rule">
            <span class="visually-hidden">{t('common.rule')} </span>
            {problem.rule}
          </span>{' '}
        </>
      )}
      <span lang={problem.lang}>{problem.text}</span>
    </>
  );
}

/**
 * An object URL for text to download (a JSON file), revoked when the text changes or the component
 * goes; null for no text.
 */
export function useDownload(text: string | null, type: string): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (text === null) {
      setUrl(null);
      return;
    }
    const next = URL.createObjectURL(new Blob([text], { type }));
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [text, type]);
  return url;
}

/** Saves a blob under a name through a temporary link (downloads from the node with the token). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** An error's text for people: the node cannot be reached, or its message. */
export function useErrorText(): (error: unknown) => string {
  const { t } = useI18n();
  return (error) => {
    const e = error as { code?: string; message?: string } | null;
    if (e?.code === 'NETWORK') return t('portal.offline');
    return e?.message ?? String(error);
  };
}
