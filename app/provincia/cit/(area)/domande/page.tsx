import type { Metadata } from 'next';
import { getDb } from '@/db';
import { requireCitStaff } from '@/lib/auth/guards';
import { formatDateTime } from '@/lib/format/date';
import { singleParam, type SearchParams } from '@/lib/http/search-params';
import { listQuestions } from '@/lib/questions/questions';
import { QUESTION_VIEWS } from '@/lib/questions/schemas';
import { SUPPORT_CIT_ROLES } from '@/lib/support/roles';

export const metadata: Metadata = { title: 'Domande dal sito' };

const VIEW_LABELS: Record<(typeof QUESTION_VIEWS)[number], string> = { nuove: 'Nuove', risposte: 'Con risposta', archiviate: 'Archiviate' };

/** The questions sent with «Domande?» on the provincial site, newest first. */
export default async function CitQuestionsPage({ searchParams }: { searchParams: SearchParams }) {
  await requireCitStaff(SUPPORT_CIT_ROLES);
  const query = await searchParams;
  const asked = singleParam(query.vista);
  const view = QUESTION_VIEWS.find((v) => v === asked) ?? 'nuove';
  const page = await listQuestions(await getDb(), view, singleParam(query.dopo));
  return (
    <>
      <h1 className="text-3xl font-bold">Domande dal sito</h1>
      <p className="mt-3 max-w-3xl text-lg">
        Le domande inviate con il modulo «Domande?» della pagina pubblica del portale, dalla più recente.
      </p>
      <nav aria-label="Filtra le domande" className="mt-6 flex flex-wrap gap-2">
        {QUESTION_VIEWS.map((v) => (
          <a
            key={v}
            href={`/cit/domande?vista=${v}`}
            aria-current={v === view ? 'page' : undefined}
            className="btn-outline aria-[current=page]:bg-primary-light"
          >
            {VIEW_LABELS[v]}
          </a>
        ))}
      </nav>
      {page.lines.length === 0 ? (
        <p className="mt-6 text-lg">Nessuna domanda.</p>
      ) : (
        <ul className="mt-6 max-w-3xl space-y-4">
          {page.lines.map((q) => (
            <li key={q.id} className="rounded border border-line p-4">
              <h2 className="text-xl font-bold">
                <a href={`/cit/domande/${q.id}`}>
                  {q.name}
                  {q.enteName ? ` (${q.enteName})` : ''}
                </a>
              </h2>
              <p className="text-sm">Ricevuta il {formatDateTime(q.createdAt)}</p>
              <p className="mt-2 line-clamp-3 whitespace-pre-wrap break-words">{q.question}</p>
            </li>
          ))}
        </ul>
      )}
      {page.nextCursor && (
        <p className="mt-4">
          <a href={`/cit/domande?vista=${view}&dopo=${page.nextCursor}`}>Domande meno recenti</a>
        </p>
      )}
    </>
  );
}
