import { useEffect, useState } from 'preact/hooks';
import type { RequestOptions } from '../api/client.ts';
import { type ActionProblem, useActionProblem } from '../officer/instruments/actionProblem.tsx';

/** A list of instruments loaded once when the screen opens (cancelled if it closes first). */
export function useInstrumentList<T>(load: (options: RequestOptions) => Promise<T[]>): {
  items: T[] | null;
  problem: ActionProblem | null;
} {
  const toProblem = useActionProblem();
  const [items, setItems] = useState<T[] | null>(null);
  const [problem, setProblem] = useState<ActionProblem | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    load({ signal: controller.signal }).then(setItems, (error) => {
      if ((error as { name?: string }).name !== 'AbortError') setProblem(toProblem(error));
    });
    return () => controller.abort();
  }, []);
  return { items, problem };
}
