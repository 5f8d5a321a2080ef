import type { Metadata } from 'next';
import { CursorPager } from '@/app/_components/cursor-pager';
import { Figure } from '@/app/_components/figure';
import { getReadDb } from '@/db';
import { requireEnteStaff } from '@/lib/auth/guards';
import { conservazioneStateFilter, STATES_BY_URGENCY } from '@/lib/conservazione/filters';
import { CONSERVATORE_LABELS, CONSERVAZIONE_STATE_LABELS, runSummaryText } from '@/lib/conservazione/labels';
import { CONSERVAZIONE_VIEW_ROLES } from '@/lib/conservazione/roles';
import { conservazioneSummary, listConservazioneReceipts } from '@/lib/conservazione/queries';
import { DAILY_RUN_TIME } from '@/lib/conservazione/schedule';
import { formatDateTime } from '@/lib/format/date';
import { formatEuro } from '@/lib/format/money';
import { singleParam, type SearchParams } from '@/lib/http/search-params';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { ConservazioneNav } from './conservazione-nav';
import { ConservazioneActionButton } from './action-button';

export const metadata: Metadata = { title: 'Conservazione' };

const PAGE_SIZE = 50;
const number = (n: number) => n.toLocaleString('it-IT');

/**
 * The Ente's conservazione at a glance: its configuration and whether the conservatore accepts it, the receipts
 * per state, the last run, and the receipts' list by state (newest first, keyset pages).
 */
export default async function ConservazionePage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: SearchParams;
}) {
  const ente = await requireBackOfficeEnte((await params).slug);
  const staff = await requireEnteStaff(ente, CONSERVAZIONE_VIEW_ROLES);
  const query = await searchParams;
  const state = conservazioneStateFilter(singleParam(query.stato));
  const after = singleParam(query.dopo);
  const db = await getReadDb();
  const [summary, page] = await Promise.all([
    conservazioneSummary(db, ente.id),
    listConservazioneReceipts(db, ente.id, { state, after, limit: PAGE_SIZE }),
  ]);
  const { config } = summary;
  const active = config !== null && config.enabled && config.conservatore !== 'none';
  const listHref = (extra: Record<string, string> = {}) => {
    const q = new URLSearchParams({ ...(state ? { stato: state } : {}), ...extra });
    return q.size > 0 ? `/admin/conservazione?${q}` : '/admin/conservazione';
  };

  return (
    <>
      <h1 className="text-3xl font-bold">Conservazione</h1>
      <p className="mt-2 max-w-3xl text-lg">
        Il versamento delle ricevute al conservatore: ogni giorno dalle {DAILY_RUN_TIME} il portale invia a ParER quelle non ancora
        conservate, nell’ordine in cui sono arrivate, oppure prepara il pacchetto UNI SInCRO del giorno prima per il conservatore dell’Ente.
      </p>
      <ConservazioneNav current="/admin/conservazione" admin={staff.role === 'ente_admin'} />

      <section aria-labelledby="configurazione" className="mt-8">
        <h2 id="configurazione" className="text-2xl font-bold">
          Configurazione
        </h2>
        {config?.configError && (
          <div role="alert" className="mt-4 max-w-3xl rounded border-l-4 border-danger bg-red-50 px-4 py-3">
            <p className="font-semibold text-danger">Il conservatore ha rifiutato la configurazione: il versamento è fermo.</p>
            <p className="mt-1">
              {formatDateTime(config.configError.at)}: <span className="font-mono">{config.configError.code}</span>{' '}
              {config.configError.message}
            </p>
            <p className="mt-1">
              Correggi le impostazioni (credenziali, Struttura, registro o tipologia secondo quanto indica il conservatore) e salvale: le
              ricevute rifiutate tornano da inviare.
            </p>
          </div>
        )}
        <dl className="mt-4 grid gap-x-6 gap-y-3 sm:grid-cols-[max-content_1fr]">
          <dt className="font-semibold">Conservatore</dt>
          <dd>{config ? CONSERVATORE_LABELS[config.conservatore] : CONSERVATORE_LABELS.none}</dd>
          <dt className="font-semibold">Stato</dt>
          <dd>
            {!config || config.conservatore === 'none'
              ? 'Non configurata: le ricevute restano nel portale, nella catena delle ricevute.'
              : config.configError
                ? 'Ferma per un errore di configurazione'
                : active
                  ? 'Attiva'
                  : 'Configurata ma non attiva'}
          </dd>
          <dt className="font-semibold">Ultimo versamento</dt>
          <dd>
            {summary.lastRun.startedAt ? formatDateTime(summary.lastRun.startedAt) : 'Nessuno finora'}
            {summary.running ? ' (in corso)' : summary.queued ? ' · un versamento è in coda' : ''}
          </dd>
          <dt className="font-semibold">Esito dell’ultimo versamento</dt>
          <dd>{summary.lastRun.summary ? runSummaryText(summary.lastRun.summary) : '—'}</dd>
          {config?.conservatore === 'parer' && (
            <>
              <dt className="font-semibold">Ultima ricevuta conservata</dt>
              <dd>{summary.lastPreservedAt ? formatDateTime(summary.lastPreservedAt) : 'Nessuna finora'}</dd>
            </>
          )}
        </dl>
        {staff.role === 'ente_admin' && (
          <div className="mt-4 flex flex-wrap items-center gap-3">
            <a className="btn-outline" href="/admin/conservazione/impostazioni">
              {config && config.conservatore !== 'none' ? 'Modifica le impostazioni' : 'Configura la conservazione'}
            </a>
            {active && <ConservazioneActionButton action="run" />}
          </div>
        )}
      </section>

      <section aria-labelledby="conteggi" className="mt-8">
        <h2 id="conteggi" className="text-2xl font-bold">
          Ricevute per stato
        </h2>
        <dl className="mt-4 grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-6">
          {STATES_BY_URGENCY.map((s) => (
            <Figure
              key={s}
              label={CONSERVAZIONE_STATE_LABELS[s]}
              value={number(summary.counts[s])}
              href={summary.counts[s] > 0 ? `/admin/conservazione?stato=${s}#ricevute` : undefined}
            />
          ))}
        </dl>
        {active && summary.notEnrolled > 0 && (
          <p className="mt-3 max-w-3xl">
            Altre {number(summary.notEnrolled)} ricevute non sono ancora state prese in carico: entrano al prossimo versamento.
          </p>
        )}
      </section>

      <section aria-labelledby="ricevute" className="mt-8">
        <h2 id="ricevute" className="text-2xl font-bold">
          {state ? `Ricevute: ${CONSERVAZIONE_STATE_LABELS[state].toLowerCase()}` : 'Tutte le ricevute prese in carico'}
        </h2>
        <nav aria-label="Filtra per stato" className="mt-4 flex flex-wrap gap-2">
          {[undefined, ...STATES_BY_URGENCY].map((s) => (
            <a
              key={s ?? 'tutte'}
              href={s ? `/admin/conservazione?stato=${s}#ricevute` : '/admin/conservazione#ricevute'}
              aria-current={s === state ? 'page' : undefined}
              className="btn-outline aria-[current=page]:bg-primary-light"
            >
              {s ? CONSERVAZIONE_STATE_LABELS[s] : 'Tutte'}
            </a>
          ))}
        </nav>
        {page.lines.length === 0 ? (
          <p className="mt-4 text-lg">Nessuna ricevuta in questo stato.</p>
        ) : (
          <div className="mt-4 overflow-x-auto" role="region" aria-labelledby="ricevute" tabIndex={0}>
            <table className="w-full min-w-[48rem] border-collapse text-left">
              <caption className="sr-only">Ricevute e loro conservazione, dalla più recente</caption>
              <thead>
                <tr className="border-b-2 border-line">
                  <th scope="col" className="p-2">
                    N.
                  </th>
                  <th scope="col" className="p-2">
                    Codice avviso
                  </th>
                  <th scope="col" className="p-2 text-right">
                    Importo
                  </th>
                  <th scope="col" className="p-2">
                    Stato
                  </th>
                  <th scope="col" className="p-2">
                    Ultimo tentativo
                  </th>
                  <th scope="col" className="p-2">
                    Esito
                  </th>
                </tr>
              </thead>
              <tbody>
                {page.lines.map((line) => (
                  <tr key={line.receiptRowId} className="border-b border-line align-top">
                    <td className="p-2">{line.seq}</td>
                    <td className="p-2 font-mono whitespace-nowrap">
                      <a href={`/admin/conservazione/${line.receiptRowId}`}>{formatNoticeNumber(line.noticeNumber)}</a>
                    </td>
                    <td className="p-2 text-right whitespace-nowrap">{formatEuro(line.amountCents)}</td>
                    <td className="p-2">{CONSERVAZIONE_STATE_LABELS[line.state]}</td>
                    <td className="p-2 whitespace-nowrap">{line.lastAttemptAt ? formatDateTime(line.lastAttemptAt) : '—'}</td>
                    <td className="p-2 break-words">
                      {line.outcomeCode ? (
                        <>
                          <span className="font-mono">{line.outcomeCode}</span> {line.outcomeMessage}
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <CursorPager
          label="Pagine delle ricevute"
          first={after ? { href: `${listHref()}#ricevute`, text: 'Torna alle più recenti' } : null}
          next={page.nextCursor ? { href: `${listHref({ dopo: page.nextCursor })}#ricevute`, text: 'Ricevute precedenti' } : null}
        />
      </section>
    </>
  );
}
