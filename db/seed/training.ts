import { inArray } from 'drizzle-orm';
import { syncTrainingStep } from '@/lib/training/onboarding-step';
import type { Tx } from '@/lib/training/audit';
import { trainingRegistrations, trainingSessions, users } from '../schema';

const DAY = 86_400_000;

/** At 10:00 in Italy (09:00 UTC in winter: close enough for demo data), `days` from `now`. */
const at10 = (now: Date, days: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days, 9));

/**
 * The demo's training calendar: a session held last month, attended by the admins of Comune Demo and Valmora
 * (which completes their onboarding step), and two ahead, one with Pratolungo's admin (still in activation) registered.
 */
export async function seedTraining(tx: Tx, idsBySlug: ReadonlyMap<string, string>, now = new Date()): Promise<void> {
  const people = await tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(
      inArray(users.email, [
        'cit.operatore@provincia.example.it',
        'admin@comune-demo.example.it',
        'admin@valmora.example.it',
        'admin@pratolungo.example.it',
      ]),
    );
  const idOf = (email: string) => people.find((p) => p.email === email)!.id;
  const trainer = idOf('cit.operatore@provincia.example.it');
  const [held, online] = await tx
    .insert(trainingSessions)
    .values([
      {
        title: 'Il portale pagamenti: primi passi per il referente',
        startsAt: at10(now, -30),
        durationMinutes: 180,
        place: 'Provincia di Brescia, Sala CIT, via Musei 32, Brescia',
        seats: 25,
        notes: 'Porta il tuo portatile: useremo il back office del tuo Ente.',
        createdBy: trainer,
      },
      {
        title: 'Il portale pagamenti: primi passi per il referente',
        startsAt: at10(now, 20),
        durationMinutes: 120,
        link: 'https://videoconferenza.example.it/cit-formazione',
        seats: 30,
        notes: 'A distanza: il collegamento è attivo dieci minuti prima.',
        createdBy: trainer,
      },
      {
        title: 'Importazioni e stampa degli avvisi in blocco',
        startsAt: at10(now, 45),
        durationMinutes: 90,
        place: 'Provincia di Brescia, Sala CIT, via Musei 32, Brescia',
        seats: 15,
        createdBy: trainer,
      },
    ])
    .returning({ id: trainingSessions.id });
  await tx.insert(trainingRegistrations).values([
    ...(['comune-demo', 'valmora'] as const).map((slug) => ({
      sessionId: held!.id,
      userId: idOf(`admin@${slug}.example.it`),
      enteId: idsBySlug.get(slug)!,
      registeredAt: new Date(now.getTime() - 40 * DAY),
      attendedAt: at10(now, -30),
      recordedBy: trainer,
    })),
    {
      sessionId: online!.id,
      userId: idOf('admin@pratolungo.example.it'),
      enteId: idsBySlug.get('pratolungo')!,
      registeredAt: new Date(now.getTime() - 2 * DAY),
    },
  ]);
  for (const slug of ['comune-demo', 'valmora']) await syncTrainingStep(tx, idsBySlug.get(slug)!);
}
