import { and, eq } from 'drizzle-orm';
import type { Database } from '../client';
import { enti, services, type Ente } from '../schema';
import { DEMO_IDENTITIES } from '@/lib/auth/saml/demo-idp/identities';
import { DELIVERY_QUEUE, completeSandboxCheckout } from '@/lib/partners/sandbox/checkout';
import { sandboxDeliveryHandler } from '@/lib/partners/sandbox/delivery';
import { recordingResolver } from '@/lib/partners/call-stats';
import { createSandboxPartner } from '@/lib/partners/sandbox/partner';
import { receiveSandboxCallback } from '@/lib/payments/callbacks';
import { drainPendingReceipts } from '@/lib/receipts-pipeline/trigger';
import { startCheckout } from '@/lib/payments/checkout';
import { runDueJobs } from '@/lib/jobs/queue';
import { createPosition, registerPosition } from '@/lib/positions/create';
import { accountingFor } from '@/lib/positions/transfers';
import { provinciaBaseUrl } from '@/lib/tenancy/urls';

/** A debt of a demo citizen, due `dueInDays` after the seed (null: no due date). */
interface DemoDebt {
  citizen: string;
  slug: string;
  service: string;
  causale: string;
  amountCents: number;
  dueInDays: number | null;
  formData: Record<string, string>;
  /** Paid through the sandbox checkout while seeding, so that a receipt exists. */
  paid?: boolean;
}

const year = () => new Date().getFullYear();

/** What the demo IdP's citizens owe (their descriptions in lib/auth/saml/demo-idp/identities.ts say so). */
function demoDebts(): DemoDebt[] {
  const tari = { anno: String(year()), codice_utenza: 'U004512' };
  return [
    {
      citizen: 'mario',
      slug: 'comune-demo',
      service: 'tari',
      causale: `TARI ${year()} - utenza U004512 - rata 1 di 2`,
      amountCents: 9_850,
      dueInDays: -20,
      formData: tari,
      paid: true,
    },
    {
      citizen: 'mario',
      slug: 'comune-demo',
      service: 'tari',
      causale: `TARI ${year()} - utenza U004512 - rata 2 di 2`,
      amountCents: 9_850,
      dueInDays: 45,
      formData: tari,
    },
    {
      citizen: 'mario',
      slug: 'comune-demo',
      service: 'mensa',
      causale: 'Mensa scolastica - Sofia Rossi - ricarica 10 buoni',
      amountCents: 5_200,
      dueInDays: 15,
      formData: { alunno: 'Sofia Rossi' },
    },
    {
      citizen: 'mario',
      slug: 'valmora',
      service: 'tari',
      causale: `TARI ${year()} - utenza VM0318 (seconda casa)`,
      amountCents: 6_420,
      dueInDays: 60,
      formData: { anno: String(year()), codice_utenza: 'VM0318' },
    },
    {
      citizen: 'mario',
      slug: 'valmora',
      service: 'lampade-votive',
      causale: 'Lampade votive - Giovanni Rossi - canone annuale',
      amountCents: 1_800,
      dueInDays: null,
      formData: { defunto: 'Giovanni Rossi' },
    },
    {
      citizen: 'giulia',
      slug: 'comune-demo',
      service: 'canone-unico',
      causale: 'Canone unico - passo carrabile - aut. 2019/114',
      amountCents: 4_500,
      dueInDays: 30,
      formData: { tipo: 'passo carrabile', autorizzazione: '2019/114' },
    },
  ];
}

function isoDate(daysFromNow: number): string {
  return new Date(Date.now() + daysFromNow * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Positions of the demo citizens, made the way the portal makes them: createPosition, registered with the
 * sandbox partner, so that they are payable at once. The one marked paid goes through the sandbox
 * checkout and its signed callback into the receipt sequencer, so its receipt joins the hash chain like any other.
 * The partner's calls are counted as the application counts them, so the CIT's health page has figures.
 */
export async function seedCitizenPositions(db: Database): Promise<void> {
  const sandbox = createSandboxPartner({ db, checkoutBaseUrl: `${provinciaBaseUrl()}/sandbox/checkout`, faults: [] });
  const resolvePartner = recordingResolver(db, () => sandbox);
  const enteBySlug = new Map<string, Ente>();
  for (const debt of demoDebts()) {
    const person = DEMO_IDENTITIES.find((i) => i.key === debt.citizen)!;
    const ente = enteBySlug.get(debt.slug) ?? (await db.select().from(enti).where(eq(enti.slug, debt.slug)))[0]!;
    enteBySlug.set(debt.slug, ente);
    const [service] = await db
      .select()
      .from(services)
      .where(and(eq(services.enteId, ente.id), eq(services.code, debt.service)));
    if (!service) throw new Error(`Seed: servizio ${debt.service} mancante per ${debt.slug}`);
    const dueDate = debt.dueInDays === null ? null : isoDate(debt.dueInDays);
    const accounting = accountingFor(ente, service, {
      causale: debt.causale,
      amountCents: debt.amountCents,
      dueDate,
      formData: debt.formData,
    });
    if (!accounting.ok) throw new Error(`Seed: ${accounting.message}`);
    const position = await createPosition(db, ente, {
      channel: 'staff',
      service,
      debtor: { type: 'F', fiscalCode: person.fiscalNumber, fullName: `${person.name} ${person.familyName}`, email: person.email },
      causale: debt.causale,
      amountCents: debt.amountCents,
      dueDate,
      ...accounting.accounting,
      formData: debt.formData,
    });
    await registerPosition(db, ente, position, resolvePartner);
    if (!debt.paid) continue;
    const { redirectUrl } = await startCheckout(db, ente, [position.id], resolvePartner, { payerEmail: person.email });
    await completeSandboxCheckout(db, redirectUrl.split('/').pop()!, 'pay', 'BCITITMM', []);
  }
}

/**
 * Runs the sandbox's queued callbacks once, in process rather than over HTTP (the app is not listening
 * yet), and sequences the receipts they carry, so that the seeded payment has its receipt at once. Called
 * after the seed's transaction commits: inside it `now()` stands still and the jobs would not be due. A
 * callback that fails here stays queued, a receipt left pending stays pending, and the worker finishes
 * them later, as it would any other.
 */
export async function deliverSeededCallbacks(db: Database): Promise<void> {
  const deliver = sandboxDeliveryHandler(async (body, signature) => (await receiveSandboxCallback(db, body, signature)).status);
  await runDueJobs(db, { [DELIVERY_QUEUE]: deliver });
  await drainPendingReceipts(db);
}
