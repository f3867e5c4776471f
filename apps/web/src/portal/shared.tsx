import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ActorParty, OrgParty } from '../api/clearledgerApi.ts';
import type { RequestOptions } from '../api/client.ts';
import { isApiError } from '../api/client.ts';
import { useI18n } from '../app/context.ts';
import { Loading } from '../app/loading.tsx';
import { hrefOf, type Route } from '../app/routes.ts';
import type { MessageKey } from '../i18n/index.ts';

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

const isAbort = (error: unknown) => (error as { name?: string }).name === 'AbortError';
const signalOption = (signal?: AbortSignal): RequestOptions => (signal === undefined ? {} : { signal });

/** A list the node hands out a page at a time (newest first): the pages so far, and how to get the next. */
export type PagedList<T> = {
  items: T[] | null;
  next: string | null;
  problem: string | null;
  loading: boolean;
  more(): void;
};

/** Loads the first page when the screen opens (cancelled if it closes first); `more()` appends the next. */
export function usePagedList<T>(
  listPage: (query: { before?: string }, options: RequestOptions) => Promise<{ items: T[]; next: string | null }>,
): PagedList<T> {
  const errorText = useErrorText();
  const [items, setItems] = useState<T[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = async (before: string | null, signal?: AbortSignal) => {
    setLoading(true);
    setProblem(null);
    try {
      const page = await listPage(before === null ? {} : { before }, signalOption(signal));
      setItems((previous) => (before === null ? page.items : [...(previous ?? []), ...page.items]));
      setNext(page.next);
    } catch (error) {
      if (!isAbort(error)) setProblem(errorText(error));
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    const controller = new AbortController();
    void load(null, controller.signal);
    return () => controller.abort();
  }, []);
  return { items, next, problem, loading, more: () => void load(next) };
}

/**
 * A paged list's problem, loading line, empty text, the items (as `children` draws them) and the
 * "more" button; the test ids are `<testId>-error`, `-empty` and `-more`.
 */
export function PagedListView<T>({
  list,
  testId,
  empty,
  children,
}: {
  list: PagedList<T>;
  testId: string;
  empty: MessageKey;
  children: (items: T[]) => ComponentChildren;
}) {
  const { t } = useI18n();
  const { items, problem } = list;
  return (
    <>
      {problem !== null && (
        <p class="notice notice-warn" role="alert" data-testid={`${testId}-error`}>
          {problem}
        </p>
      )}
      {items === null && problem === null && <Loading />}
      {items !== null && (items.length === 0 ? <p data-testid={`${testId}-empty`}>{t(empty)}</p> : children(items))}
      {list.next !== null && (
        <button
          type="button"
          class="button button-secondary"
          data-testid={`${testId}-more`}
          disabled={list.loading}
          onClick={list.more}
        >
          {t('claims.more')}
        </button>
      )}
    </>
  );
}

/**
 * One item of the node by id, loaded again when the id changes (the earlier load cancelled); a 404
 * is shown as `notFound`. `reload()` fetches it again, keeping what is shown until it answers.
 */
export function useItem<T>(
  id: string,
  get: (id: string, options: RequestOptions) => Promise<T>,
  notFound: MessageKey,
): { item: T | null; setItem(item: T): void; problem: string | null; reload(): void } {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [item, setItem] = useState<T | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const load = async (signal?: AbortSignal) => {
    try {
      setItem(await get(id, signalOption(signal)));
    } catch (error) {
      if (isAbort(error)) return;
      setProblem(isApiError(error) && error.status === 404 ? t(notFound) : errorText(error));
    }
  };
  useEffect(() => {
    const controller = new AbortController();
    setItem(null);
    setProblem(null);
    void load(controller.signal);
    return () => controller.abort();
  }, [id]);
  return { item, setItem, problem, reload: () => void load() };
}

/** Why an item could not be shown, and the way back to its list. */
export function ItemProblem({
  problem,
  testId,
  back,
  backLabel,
}: {
  problem: string;
  testId: string;
  back: Route;
  backLabel: MessageKey;
}) {
  const { t } = useI18n();
  return (
    <section class="stack">
      <p class="notice notice-warn" role="alert" data-testid={testId}>
        {problem}
      </p>
      <p>
        <a href={hrefOf(back)}>{t(backLabel)}</a>
      </p>
    </section>
  );
}

/**
 * An action a form or button runs: `busy` while it runs, and its problem (the error's text, or what
 * `describe` makes of it) when it fails.
 */
export function useAction(): {
  busy: boolean;
  problem: string | null;
  setProblem(problem: string | null): void;
  run(work: () => Promise<void>, describe?: (error: unknown) => string): Promise<void>;
} {
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const run = async (work: () => Promise<void>, describe: (error: unknown) => string = errorText) => {
    setBusy(true);
    setProblem(null);
    try {
      await work();
    } catch (error) {
      setProblem(describe(error));
    } finally {
      setBusy(false);
    }
  };
  return { busy, problem, setProblem, run };
}

/** A form's problem, announced when it appears. */
export function FormProblem({ problem, testId }: { problem: string | null; testId: string }) {
  if (problem === null) return null;
  return (
    <p class="field-error" role="alert" data-testid={testId}>
      {problem}
    </p>
  );
}

/** A form's submit button and a cancel button that closes it. */
export function SubmitOrCancel({
  label,
  testId,
  busy,
  onCancel,
}: {
  label: MessageKey;
  testId: string;
  busy: boolean;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  return (
    <div class="actions">
      <button type="submit" class="button button-primary" data-testid={testId} disabled={busy}>
        {t(label)}
      </button>
      <button type="button" class="button button-secondary" onClick={onCancel}>
        {t('common.cancel')}
      </button>
    </div>
  );
}

/**
 * An organisation by name, its id (DID) on a secondary line. Without a name from the node (an
 * organisation it does not know, or an older answer) it says so rather than showing the bare id.
 */
export function PartyName({
  party,
  id,
  testId = 'party',
}: {
  party?: OrgParty | null | undefined;
  id: string;
  testId?: string;
}) {
  const { t } = useI18n();
  const name = party?.name ?? null;
  return (
    <span class="party-name" data-testid={testId} data-id={id}>
      <span class="party-label">{name ?? t('party.unknown')}</span>
      <span class="party-id mono-wrap">{id}</span>
    </span>
  );
}

/** Who acted: the person and their organisation, the organisation alone, or the node's automatic step. */
export function ActorName({ actor, orgId }: { actor?: ActorParty | undefined; orgId: string }) {
  const { t } = useI18n();
  if (actor?.system === true)
    return (
      <span class="party-name" data-testid="actor">
        <span class="party-label">{t('claim.bySystem')}</span>
      </span>
    );
  const person = actor?.person?.name ?? null;
  const org = actor?.org.name ?? null;
  return (
    <span class="party-name" data-testid="actor" data-id={orgId}>
      <span class="party-label">
        {person === null ? (org ?? t('party.unknown')) : t('party.personAt', { person, org: org ?? orgId })}
      </span>
      {org === null && <span class="party-id mono-wrap">{orgId}</span>}
    </span>
  );
}
