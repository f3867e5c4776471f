import { useI18n, useServices } from '../../app/context.ts';
import { Loading } from '../../app/loading.tsx';
import { hrefOf } from '../../app/routes.ts';
import { ActionProblemText } from '../../officer/instruments/actionProblem.tsx';
import { CarnetFacts, CarnetItems, CarnetVouchers, useWord } from '../../officer/instruments/InstrumentFacts.tsx';
import { useInstrumentList } from '../instrumentList.ts';
import { ItemProblem, PartyName, useItem } from '../shared.tsx';

/** ATA carnets the organisation takes part in: holder by name, items abroad and overdue. */
export function CarnetsScreen() {
  const { api } = useServices();
  const { t, date } = useI18n();
  const word = useWord();
  const list = useInstrumentList((options) => api.listCarnets(options).then((r) => r.carnets));
  return (
    <section class="stack" aria-labelledby="carnets-title">
      <h1 id="carnets-title">{t('carnets.title')}</h1>
      <ActionProblemText problem={list.problem} testId="carnets-error" />
      {list.items === null && list.problem === null && <Loading />}
      {list.items !== null &&
        (list.items.length === 0 ? (
          <p data-testid="carnets-empty">{t('carnets.empty')}</p>
        ) : (
          <div class="table-wrap">
            <table class="cards" data-testid="carnets-table">
              <caption class="visually-hidden">{t('carnets.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('carnet.number')}</th>
                  <th scope="col">{t('carnet.holder')}</th>
                  <th scope="col">{t('carnet.validUntil')}</th>
                  <th scope="col">{t('carnet.overdue')}</th>
                  <th scope="col">{t('carnet.state')}</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((c) => (
                  <tr key={c.id} data-testid="carnet-row" data-id={c.id}>
                    <td class="cell-main">
                      <a href={hrefOf({ name: 'carnet', id: c.id })}>{c.carnetNumber}</a>
                    </td>
                    <td class="cell-wide" data-label={t('carnet.holder')}>
                      <PartyName party={c.holderParty} id={c.holder} />
                    </td>
                    <td class="cell-wide" data-label={t('carnet.validUntil')}>
                      {date(c.validUntil)}
                    </td>
                    <td class="cell-wide" data-label={t('carnet.overdue')}>
                      {c.overdue.length === 0 ? t('carnet.noneOverdue') : c.overdue.join(', ')}
                    </td>
                    <td class="cell-status">{word('carnet.state', c.state)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}

/** One carnet: its facts, every item's place and the vouchers. */
export function CarnetScreen({ id }: { id: string }) {
  const { api } = useServices();
  const { t } = useI18n();
  const { item: carnet, problem } = useItem(id, (x, options) => api.getCarnet(x, options), 'carnets.notFound');
  if (problem !== null)
    return <ItemProblem problem={problem} testId="carnet-error" back={{ name: 'carnets' }} backLabel="carnets.back" />;
  if (carnet === null) return <Loading />;
  return (
    <section class="stack" aria-labelledby="carnet-title">
      <p>
        <a href={hrefOf({ name: 'carnets' })}>{t('carnets.back')}</a>
      </p>
      <h1 id="carnet-title">{t('carnet.titleOf', { number: carnet.carnetNumber })}</h1>
      <section class="card">
        <CarnetFacts carnet={carnet} />
      </section>
      <section class="card" aria-labelledby="carnet-items-title">
        <h2 id="carnet-items-title">{t('carnet.items')}</h2>
        <CarnetItems carnet={carnet} />
      </section>
      <section class="card" aria-labelledby="carnet-vouchers-title">
        <h2 id="carnet-vouchers-title">{t('carnet.vouchers')}</h2>
        <CarnetVouchers carnet={carnet} />
      </section>
    </section>
  );
}
