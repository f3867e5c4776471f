import { isApiError } from '../../api/client.ts';
import { useI18n } from '../../app/context.ts';

/** An action's failure as shown: the node's message and its code (never a stack). */
export type ActionProblem = { message: string; code: string };

/** What the node said of a failed call: its message and `CL_*` code, or that it could not be reached. */
export function useActionProblem(): (error: unknown) => ActionProblem {
  const { t } = useI18n();
  return (error) => {
    if (isApiError(error))
      return error.code === 'NETWORK'
        ? { message: t('portal.offline'), code: error.code }
        : { message: error.message, code: error.code };
    return { message: t('instrument.failed'), code: 'UNKNOWN' };
  };
}

/** A failed action, announced: the node's message, then its code. */
export function ActionProblemText({ problem, testId }: { problem: ActionProblem | null; testId: string }) {
  const { lang } = useI18n();
  if (problem === null) return null;
  return (
    <p class="notice notice-warn" role="alert" data-testid={testId} data-code={problem.code}>
      <span lang={lang === 'en' || problem.code === 'NETWORK' ? undefined : 'en'}>{problem.message}</span>{' '}
      <span class="mono">({problem.code})</span>
    </p>
  );
}
