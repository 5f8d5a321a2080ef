import type { Metadata } from 'next';
import { CursorPager } from '@/app/_components/cursor-pager';
import { getDb } from '@/db';
import { requireCitStaff } from '@/lib/auth/guards';
import {
  actionLabel,
  auditFilterInputOf,
  detailLabel,
  auditFiltersSchema,
  auditFiltersToQuery,
  type AuditFilters,
} from '@/lib/cit/audit-filters';
import { auditActions, auditEnti, searchAuditLog, type AuditLine } from '@/lib/cit/audit-log';
import { formatDateTime } from '@/lib/format/date';
import { singleParam, type SearchParams } from '@/lib/http/search-params';
import { requireProvinciaHost } from '@/lib/tenancy/current-site';
import { fieldErrorsOf } from '@/lib/validation/field-errors';
import { AuditFiltersForm } from './audit-filters-form';

export const metadata: Metadata = { title: 'Registro attività' };

const PAGE_SIZE = 50;

/** A detail's value as people read it: text as it is, yes/no, lists joined, anything else as compact JSON. */
function detailValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'sì' : 'no';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.join(', ');
  return JSON.stringify(value);
}

function Details({ line }: { line: AuditLine }) {
  const entries = Object.entries(line.details ?? {});
  const target = line.targetType ? `${line.targetType}${line.targetId ? ` ${line.targetId}` : ''}` : null;
  if (entries.length === 0 && !target && !line.ip) return <>—</>;
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-3 text-sm">
      {target && (
        <div className="contents">
          <dt className="font-semibold">Oggetto</dt>
          <dd className="break-all">{target}</dd>
        </div>
      )}
      {entries.map(([key, value]) => (
        <div key={key} className="contents">
          <dt className="font-semibold">{detailLabel(key)}</dt>
          <dd className="break-all">{detailValue(value)}</dd>
        </div>
      ))}
      {line.ip && (
        <div className="contents">
          <dt className="font-semibold">IP</dt>
          <dd>{line.ip}</dd>
        </div>
      )}
    </dl>
  );
}

/** The audit register for CIT admins: who did what, where and when, filtered, newest first, exportable. */
export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  await requireProvinciaHost();
  await requireCitStaff(['cit_admin']);
  const query = await searchParams;
  const input = auditFilterInputOf((key) => singleParam(query[key], 300));
  const parsed = auditFiltersSchema.safeParse(input);
  const filters: AuditFilters = parsed.success ? parsed.data : {};
  const after = singleParam(query.dopo);
  const db = await getDb();
  const [page, enti, actions] = await Promise.all([
    parsed.success ? searchAuditLog(db, filters, { after, limit: PAGE_SIZE }) : { lines: [], nextCursor: null },
    auditEnti(db),
    auditActions(db),
  ]);
  const filterQuery = auditFiltersToQuery(filters).toString();
  const withQuery = (path: string, extra?: Record<string, string>) => {
    const q = new URLSearchParams(filterQuery);
    for (const [k, v] of Object.entries(extra ?? {})) q.set(k, v);
    return q.size > 0 ? `${path}?${q}` : path;
  };
  return (
    <>
      <h1 className="text-3xl font-bold">Registro attività</h1>
      <p className="mt-2 max-w-3xl text-lg">
        Le operazioni del personale degli Enti e del centro servizi, gli accessi negati e le esportazioni, dalla più recente.
      </p>
      <div className="mt-6">
        <AuditFiltersForm values={input} errors={parsed.success ? {} : fieldErrorsOf(parsed.error)} enti={enti} actions={actions} />
      </div>
      {parsed.success && (
        <p className="mt-4 flex flex-wrap gap-3">
          <a className="btn-outline" href={withQuery('/cit/registro/export.csv')} download>
            Esporta in CSV
          </a>
          <span className="self-center text-sm text-muted">L&apos;esportazione contiene tutte le voci che corrispondono ai filtri.</span>
        </p>
      )}
      <section aria-labelledby="voci" className="mt-8">
        <h2 id="voci" className="text-2xl font-bold">
          Voci
        </h2>
        {!parsed.success ? (
          <p className="mt-4 text-lg">Correggi i filtri segnalati per vedere il registro.</p>
        ) : page.lines.length === 0 ? (
          <p className="mt-4 text-lg">Nessuna voce corrisponde ai filtri.</p>
        ) : (
          <div className="mt-4 overflow-x-auto" role="region" aria-labelledby="voci" tabIndex={0}>
            <table className="w-full min-w-[56rem] border-collapse text-left">
              <caption className="sr-only">Voci del registro, dalla più recente</caption>
              <thead>
                <tr className="border-b-2 border-line">
                  <th scope="col" className="p-2">
                    Data e ora
                  </th>
                  <th scope="col" className="p-2">
                    Ente
                  </th>
                  <th scope="col" className="p-2">
                    Utente
                  </th>
                  <th scope="col" className="p-2">
                    Azione
                  </th>
                  <th scope="col" className="p-2">
                    Dettagli
                  </th>
                </tr>
              </thead>
              <tbody>
                {page.lines.map((line) => (
                  <tr key={line.id} className="border-b border-line align-top">
                    <td className="p-2 whitespace-nowrap">{formatDateTime(line.createdAt)}</td>
                    <td className="p-2">{line.enteName ?? 'Piattaforma'}</td>
                    <td className="p-2">
                      {line.actorName ?? '—'}
                      {line.actorEmail && <span className="block text-sm break-all text-muted">{line.actorEmail}</span>}
                    </td>
                    <td className="p-2">{actionLabel(line.action)}</td>
                    <td className="p-2">
                      <Details line={line} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <CursorPager
          label="Pagine del registro"
          first={after ? { href: withQuery('/cit/registro'), text: 'Torna alle più recenti' } : null}
          next={page.nextCursor ? { href: withQuery('/cit/registro', { dopo: page.nextCursor }), text: 'Voci precedenti' } : null}
        />
      </section>
    </>
  );
}
