import { useI18n, useServices } from '../../app/context.ts';
import { Loading } from '../../app/loading.tsx';
import { hrefOf } from '../../app/routes.ts';
import { ActionProblemText } from '../../officer/instruments/actionProblem.tsx';
import { InBondFacts, InBondTimeline, StateBadge, useWord } from '../../officer/instruments/InstrumentFacts.tsx';
import { inBondTone } from '../../officer/instruments/instrumentView.ts';
import { useInstrumentList } from '../instrumentList.ts';
import { ItemProblem, PartyName, useItem } from '../shared.tsx';

/** In-bond movements the organisation takes part in: route, carrier by name, state, deadline. */
export function InBondsScreen() {
  const { api } = useServices();
  const { t, date } = useI18n();
  const word = useWord();
  const list = useInstrumentList((options) => api.listInBond(options).then((r) => r.movements));
  return (
    <section class="stack" aria-labelledby="inbonds-title">
      <h1 id="inbonds-title">{t('inBonds.title')}</h1>
      <ActionProblemText problem={list.problem} testId="inbonds-error" />
      {list.items === null && list.problem === null && <Loading />}
      {list.items !== null &&
        (list.items.length === 0 ? (
          <p data-testid="inbonds-empty">{t('inBonds.empty')}</p>
        ) : (
          <div class="table-wrap">
            <table class="cards" data-testid="inbonds-table">
              <caption class="visually-hidden">{t('inBonds.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('inBond.number')}</th>
                  <th scope="col">{t('inBond.route')}</th>
                  <th scope="col">{t('inBond.carrier')}</th>
                  <th scope="col">{t('inBond.deliverBy')}</th>
                  <th scope="col">{t('inBond.state')}</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((m) => (
                  <tr key={m.id} data-testid="inbond-row" data-id={m.id} data-state={m.state}>
                    <td class="cell-main">
                      <a href={hrefOf({ name: 'inBond', id: m.id })}>{m.inBondNumber}</a>
                    </td>
                    <td class="cell-wide" data-label={t('inBond.route')}>
                      {t('inBond.routeOf', { from: m.originPort, to: m.destinationPort })}
                    </td>
                    <td class="cell-wide" data-label={t('inBond.carrier')}>
                      <PartyName party={m.liableCarrierParty} id={m.liableCarrier} />
                    </td>
                    <td class="cell-wide" data-label={t('inBond.deliverBy')}>
                      {m.deadlines.deliverBy === null ? '—' : date(m.deadlines.deliverBy)}
                    </td>
                    <td class="cell-status">
                      <StateBadge
                        tone={inBondTone(m)}
                        label={word('inBond.state', m.state)}
                        state={m.state}
                        testId="inbond-row-state"
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}

/** One in-bond movement: facts, deadlines, violations and its timeline with who and when. */
export function InBondScreen({ id }: { id: string }) {
  const { api } = useServices();
  const { t } = useI18n();
  const { item: movement, problem } = useItem(id, (x, options) => api.getInBond(x, options), 'inBonds.notFound');
  if (problem !== null)
    return <ItemProblem problem={problem} testId="inbond-error" back={{ name: 'inBonds' }} backLabel="inBonds.back" />;
  if (movement === null) return <Loading />;
  return (
    <section class="stack" aria-labelledby="inbond-title">
      <p>
        <a href={hrefOf({ name: 'inBonds' })}>{t('inBonds.back')}</a>
      </p>
      <h1 id="inbond-title">{t('inBond.titleOf', { number: movement.inBondNumber })}</h1>
      <section class="card">
        <InBondFacts movement={movement} />
      </section>
      <section class="card" aria-labelledby="inbond-timeline-title">
        <h2 id="inbond-timeline-title">{t('inBond.timeline')}</h2>
        <InBondTimeline movement={movement} />
      </section>
    </section>
  );
}
