import type { EmbeddedChain } from '@clearledger/ledger';
import type { FastifyInstance } from 'fastify';
import { operatorAuthorizer } from '../http/operatorAuth.ts';

/**
 * Test and operations controls of the embedded chain, for the node operator only (bearer token).
 * Registered only when the composition root enables them (`CLEARLEDGER_TEST_CONTROLS=1`):
 *
 * - `POST /admin/chain/pause` halts the chain: transactions are refused (`chain halted`), reads go
 *   on, issuance keeps answering and credentials stay pending/sealed — a halted network, on demand.
 * - `POST /admin/chain/resume` ends the halt; the anchor worker catches up on its next pass.
 *
 * Both answer `{ paused, blockNumber }` once the change is in effect.
 */
export async function chainControlRoutes(
  app: FastifyInstance,
  { chain, operatorToken }: { chain: EmbeddedChain; operatorToken: string },
): Promise<void> {
  const authorize = operatorAuthorizer(operatorToken);
  const state = () => {
    const { paused, blockNumber } = chain.stats();
    return { paused, blockNumber };
  };
  app.post('/admin/chain/pause', async (request) => {
    authorize(request);
    chain.pause();
    return state();
  });
  app.post('/admin/chain/resume', async (request) => {
    authorize(request);
    chain.resume();
    return state();
  });
}
