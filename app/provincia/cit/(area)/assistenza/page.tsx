import type { Metadata } from 'next';
import { LabelledField } from '@/app/_components/labelled-field';
import { SupportRequestsTable } from '@/app/_components/support/requests-table';
import { getDb } from '@/db';
import { requireCitStaff } from '@/lib/auth/guards';
import { singleParam, type SearchParams } from '@/lib/http/search-params';
import { SUPPORT_CATEGORY_LABELS, SUPPORT_STATUS_LABELS } from '@/lib/support/labels';
import { listEntiWithRequests, listSupportRequests } from '@/lib/support/queries';
import { SUPPORT_CIT_ROLES } from '@/lib/support/roles';
import { citFiltersSchema } from '@/lib/support/schemas';

export const metadata: Metadata = { title: 'Assistenza agli Enti' };

const SELECT = 'min-h-12 w-full rounded border-2 border-muted bg-white px-3 text-lg';

/** Every Ente's helpdesk requests, filtered with a plain GET form (a URL to share, works without JavaScript). */
export default async function CitSupportPage({ searchParams }: { searchParams: SearchParams }) {
  const staff = await requireCitStaff(SUPPORT_CIT_ROLES);
  const query = await searchParams;
  const filters = citFiltersSchema.parse(
    Object.fromEntries(['stato', 'categoria', 'ente', 'assegnate', 'dopo'].map((k) => [k, singleParam(query[k])])),
  );
  const db = await getDb();
  const [page, enti] = await Promise.all([
    listSupportRequests(db, { kind: 'cit' }, { ...filters, after: filters.dopo, me: staff.userId }),
    listEntiWithRequests(db),
  ]);
  const kept = Object.entries({ ...filters, dopo: undefined }).filter((e): e is [string, string] => typeof e[1] === 'string');
  const next = page.nextCursor && `/cit/assistenza?${new URLSearchParams([...kept, ['dopo', page.nextCursor]]).toString()}`;
  const select = (id: string, label: string, all: string, options: [string, string][], value?: string) => (
    <LabelledField id={id} label={label} required={false}>
      <select id={id} name={id} defaultValue={value ?? ''} className={SELECT}>
        <option value="">{all}</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </LabelledField>
  );
  return (
    <>
      <h1 className="text-3xl font-bold">Assistenza agli Enti</h1>
      <p className="mt-3 max-w-3xl text-lg">
        Le richieste aperte dal personale degli Enti. Rispondendo, la richiesta passa «in attesa dell’Ente» finché l’Ente non scrive di
        nuovo.
      </p>
      <form method="get" action="/cit/assistenza" aria-labelledby="filtri" className="mt-6 rounded bg-surface p-4">
        <h2 id="filtri" className="text-xl font-bold">
          Filtra
        </h2>
        <div className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {select('stato', 'Stato', 'Tutti gli stati', Object.entries(SUPPORT_STATUS_LABELS), filters.stato)}
          {select(
            'ente',
            'Ente',
            'Tutti gli Enti',
            enti.map((e) => [e.id, e.name]),
            filters.ente,
          )}
          {select(
            'assegnate',
            'Assegnate',
            'A chiunque',
            [
              ['mie', 'A me'],
              ['nessuno', 'A nessuno'],
            ],
            filters.assegnate,
          )}
          {select('categoria', 'Argomento', 'Tutti gli argomenti', Object.entries(SUPPORT_CATEGORY_LABELS), filters.categoria)}
        </div>
        <div className="mt-4 flex flex-wrap gap-3">
          <button type="submit" className="btn-primary">
            Applica i filtri
          </button>
          <a href="/cit/assistenza" className="btn-outline">
            Azzera i filtri
          </a>
        </div>
      </form>
      <section aria-labelledby="elenco" className="mt-8">
        <h2 id="elenco" className="text-2xl font-bold">
          Richieste
        </h2>
        {page.lines.length === 0 ? (
          <p className="mt-3">Nessuna richiesta con questi filtri.</p>
        ) : (
          <SupportRequestsTable lines={page.lines} base="/cit/assistenza" cit />
        )}
        {next && (
          <p className="mt-4">
            <a href={next}>Richieste meno recenti</a>
          </p>
        )}
      </section>
    </>
  );
}
