import type { Metadata } from 'next';
import { QuestionForm } from '@/app/_components/questions/question-form';
import { getDb } from '@/db';
import { listActiveEnti } from '@/lib/enti/queries';
import { sendQuestion } from '@/lib/questions/actions';
import { CONSENT_TEXT } from '@/lib/questions/consent';
import { QUESTION_FORM_PURPOSE } from '@/lib/questions/schemas';
import { currentProvider } from '@/lib/provider/current';
import { issueFormToken } from '@/lib/security/form-token';
import { requireProvinciaHost } from '@/lib/tenancy/current-site';

export const metadata: Metadata = { title: 'Domande sul servizio' };

/** «Domande?» of the service page: anyone (an Ente thinking of joining, a referente) asks the CIT. */
export default async function QuestionsPage() {
  await requireProvinciaHost();
  const [enti, provider] = await Promise.all([listActiveEnti(await getDb()), currentProvider()]);
  return (
    <div className="container-page py-10">
      <h1 className="text-3xl font-bold sm:text-4xl">Domande?</h1>
      <p className="mt-3 max-w-3xl text-lg">
        Per informazioni sul servizio o sull’adesione del tuo Ente al portale dei pagamenti scrivi al centro servizi
        {provider.configured ? ` di ${provider.name}` : ''}. Se sei un cittadino e devi pagare, scegli il tuo Ente dalla{' '}
        <a href="/">pagina iniziale</a>.
      </p>
      <QuestionForm
        send={sendQuestion}
        token={issueFormToken(QUESTION_FORM_PURPOSE)}
        enti={enti.map((e) => ({ slug: e.slug, name: e.name }))}
        consentText={CONSENT_TEXT}
      />
    </div>
  );
}
