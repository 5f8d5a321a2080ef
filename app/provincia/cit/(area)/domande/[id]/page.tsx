import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { QuestionAnswerForm } from '@/app/_components/questions/answer-form';
import { getDb } from '@/db';
import { requireCitStaff } from '@/lib/auth/guards';
import { formatDateTime } from '@/lib/format/date';
import { currentProvider } from '@/lib/provider/current';
import { findQuestion } from '@/lib/questions/questions';
import { SUPPORT_CIT_ROLES } from '@/lib/support/roles';
import { uuidSchema } from '@/lib/validation/ids';

export const metadata: Metadata = { title: 'Domanda dal sito' };

const STATUS_LABELS = { nuova: 'Nuova', risposta: 'Con risposta', archiviata: 'Archiviata' } as const;

/** One question: read it, write the answer (kept here), send it from the CIT's mailbox, archive it. */
export default async function CitQuestionPage({ params }: { params: Promise<{ id: string }> }) {
  await requireCitStaff(SUPPORT_CIT_ROLES);
  const { id } = await params;
  const question = uuidSchema.safeParse(id).success ? await findQuestion(await getDb(), id) : undefined;
  if (!question) notFound();
  const provider = await currentProvider();
  const mailto =
    `mailto:${encodeURIComponent(question.email)}?subject=${encodeURIComponent('Risposta alla sua domanda sul portale dei pagamenti')}` +
    `&body=${encodeURIComponent(`Gentile ${question.name},\n\n${question.answer ?? ''}\n\n${provider.serviceCentreName}\n\n---\nLa sua domanda:\n${question.question}`)}`;
  return (
    <>
      <p>
        <a href="/cit/domande">Tutte le domande</a>
      </p>
      <h1 className="mt-2 text-3xl font-bold break-words">Domanda di {question.name}</h1>
      <dl className="mt-4 grid max-w-3xl gap-x-6 gap-y-1 sm:grid-cols-[max-content_1fr]">
        <dt className="font-semibold">E-mail</dt>
        <dd className="break-all">{question.email}</dd>
        <dt className="font-semibold">Ente</dt>
        <dd>{question.enteName ?? 'Non indicato'}</dd>
        <dt className="font-semibold">Ricevuta il</dt>
        <dd>{formatDateTime(question.createdAt)}</dd>
        <dt className="font-semibold">Consenso privacy</dt>
        <dd>
          dato il {formatDateTime(question.consentAt)}, testo versione {question.consentVersion}
        </dd>
        <dt className="font-semibold">Stato</dt>
        <dd>{STATUS_LABELS[question.status]}</dd>
        {question.answeredAt && (
          <>
            <dt className="font-semibold">Risposta</dt>
            <dd>
              salvata da {question.answeredByName ?? 'utente rimosso'} il {formatDateTime(question.answeredAt)}
            </dd>
          </>
        )}
      </dl>
      <section aria-labelledby="testo-domanda" className="mt-8 max-w-3xl">
        <h2 id="testo-domanda" className="text-2xl font-bold">
          La domanda
        </h2>
        <p className="mt-3 rounded bg-surface p-4 whitespace-pre-wrap break-words">{question.question}</p>
      </section>
      <section aria-labelledby="la-risposta" className="mt-8 max-w-3xl">
        <h2 id="la-risposta" className="text-2xl font-bold">
          La risposta
        </h2>
        <p className="mt-3 rounded border-l-4 border-warning bg-amber-50 px-4 py-3">
          Il portale per ora non invia e-mail: la risposta resta salvata qui, ma va spedita dalla casella del centro servizi.{' '}
          {question.answer ? (
            <a href={mailto} className="font-semibold">
              Scrivi a {question.email} con la risposta già pronta
            </a>
          ) : (
            'Salva la risposta: comparirà il collegamento per inviarla.'
          )}
        </p>
        <QuestionAnswerForm id={question.id} answer={question.answer ?? ''} archived={question.status === 'archiviata'} />
      </section>
    </>
  );
}
