import { inArray } from 'drizzle-orm';
import type { Database } from '../client';
import { CONSENT_VERSION } from '@/lib/questions/consent';
import { enti, publicQuestions, supportMessages, supportRequests, users } from '../schema';
import { DEMO_CIT_STAFF, DEMO_ENTE_STAFF } from './enti';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

const DAY = 86_400_000;

/** A few helpdesk requests and «Domande?» for the local demo: one waiting for the Ente, one open, one closed. */
export async function seedHelpdesk(tx: Tx, now = new Date()): Promise<void> {
  const people = await tx.select({ id: users.id, fiscalCode: users.fiscalCode }).from(users);
  const idOf = (fiscalCode: string) => people.find((p) => p.fiscalCode === fiscalCode)!.id;
  const laura = idOf(DEMO_CIT_STAFF.find((s) => s.platformRole === 'cit_admin')!.fiscalCode);
  const adminOf = (slug: string) => idOf(DEMO_ENTE_STAFF.find((s) => s.slug === slug && s.role === 'ente_admin')!.fiscalCode);
  const ids = await tx
    .select({ id: enti.id, slug: enti.slug })
    .from(enti)
    .where(inArray(enti.slug, ['valmora', 'comune-demo']));
  const enteOf = (slug: string) => ids.find((e) => e.slug === slug)!.id;
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY);

  const threads: {
    slug: string;
    category: (typeof supportRequests.$inferInsert)['category'];
    subject: string;
    status: (typeof supportRequests.$inferInsert)['status'];
    messages: [fromCit: boolean, body: string, daysAgo: number][];
  }[] = [
    {
      slug: 'valmora',
      category: 'importazioni',
      subject: 'Importazione TARI: righe scartate per codice fiscale',
      status: 'in_attesa_ente',
      messages: [
        [
          false,
          'Nell’importazione della TARI 2026 sono state scartate 12 righe con «codice fiscale non valido», ma i codici sembrano giusti.',
          3,
        ],
        [true, 'Le righe scartate hanno uno spazio finale nel codice fiscale: lo tolga nel foglio e ricarichi solo quelle righe.', 2],
      ],
    },
    {
      slug: 'valmora',
      category: 'pagamenti',
      subject: 'Ricevuta non ancora disponibile',
      status: 'aperta',
      messages: [[false, 'Un cittadino ha pagato la mensa stamattina ma la posizione risulta ancora da pagare.', 0.1]],
    },
    {
      slug: 'comune-demo',
      category: 'accesso',
      subject: 'Aggiungere un operatore dell’ufficio tributi',
      status: 'chiusa',
      messages: [
        [false, 'Come si aggiunge un collega che deve vedere solo i servizi dei tributi?', 10],
        [true, 'Da «Personale» lo aggiunga come operatore e scelga i servizi che può gestire.', 9],
      ],
    },
  ];
  for (const thread of threads) {
    const last = thread.messages.at(-1)![2];
    const [request] = await tx
      .insert(supportRequests)
      .values({
        enteId: enteOf(thread.slug),
        openedBy: adminOf(thread.slug),
        category: thread.category,
        subject: thread.subject,
        status: thread.status,
        assignedTo: thread.messages.some(([fromCit]) => fromCit) ? laura : null,
        createdAt: at(thread.messages[0]![2]),
        updatedAt: at(last),
        closedAt: thread.status === 'chiusa' ? at(last) : null,
      })
      .returning({ id: supportRequests.id });
    await tx.insert(supportMessages).values(
      thread.messages.map(([fromCit, body, daysAgo]) => ({
        requestId: request!.id,
        authorUserId: fromCit ? laura : adminOf(thread.slug),
        fromCit,
        body,
        createdAt: at(daysAgo),
      })),
    );
  }

  await tx.insert(publicQuestions).values([
    {
      name: 'Giovanni Lana',
      email: 'segreteria@comune-borgonuovo.example.it',
      enteName: 'Comune di Borgo Nuovo',
      question: 'Il nostro Comune ha 2.000 abitanti: quanto costa aderire e quali documenti servono?',
      consentAt: at(1),
      consentVersion: CONSENT_VERSION,
      createdAt: at(1),
    },
    {
      name: 'Elisa Moro',
      email: 'ragioneria@unione-valli.example.it',
      enteName: 'Unione dei Comuni delle Valli',
      question: 'Se l’Unione condivide il referente con i Comuni, il canone annuo cambia?',
      consentAt: at(5),
      consentVersion: CONSENT_VERSION,
      status: 'risposta',
      answer: 'Sì: l’Unione paga € 1.000 l’anno senza attivazione, ogni Comune € 400 di attivazione e il 70% del canone della sua fascia.',
      answeredBy: laura,
      answeredAt: at(4),
      createdAt: at(5),
    },
  ]);
}
