import { eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { carts, enti, jobs, partnerCredentials, type Ente, type Position } from '@/db/schema';
import type { PartnerReceipt } from '@/lib/partners/types';
import { jobHandlers } from '@/lib/jobs/handlers';
import { runDueJobs } from '@/lib/jobs/queue';
import { receiveSandboxCallback } from '@/lib/payments/callbacks';
import { startCheckout } from '@/lib/payments/checkout';
import type { PartnerResolver } from '@/lib/partners/registry';
import { createSandboxPartner } from '@/lib/partners/sandbox/partner';
import type { SandboxFault } from '@/lib/partners/sandbox/faults';
import { PartnerUnavailableError } from '@/lib/partners/types';
import { signPayload } from '@/lib/partners/signature';
import { createPosition } from '@/lib/positions/create';
import { drainSequencer } from './pipeline';

export function sandboxResolver(db: Database, faults: SandboxFault[] = []): PartnerResolver {
  const sandbox = createSandboxPartner({ db, checkoutBaseUrl: 'http://localhost:3000/sandbox/checkout', faults });
  return () => sandbox;
}

/**
 * Runs the job queues as the worker would, delivering sandbox callbacks straight to our handler, then
 * the receipt sequencer, as the endpoint's kick would. `advanceSeconds` lets time pass first: pending
 * jobs become due earlier, keeping their order.
 */
export async function drainJobs(db: Database, resolvePartner: PartnerResolver, advanceSeconds = 0): Promise<number> {
  if (advanceSeconds > 0) {
    await db
      .update(jobs)
      .set({ runAt: sql`${jobs.runAt} - make_interval(secs => ${advanceSeconds})` })
      .where(isNull(jobs.doneAt));
  }
  const handlers = jobHandlers({
    resolvePartner,
    sandboxTransport: async (raw, signature) => (await receiveSandboxCallback(db, raw, signature)).status,
  });
  let total = 0;
  for (let ran = await runDueJobs(db, handlers); ran > 0; ran = await runDueJobs(db, handlers)) total += ran;
  await drainSequencer(db);
  return total;
}

export async function enteBySlug(db: Database, slug: string): Promise<Ente> {
  const [ente] = await db.select().from(enti).where(eq(enti.slug, slug));
  if (!ente) throw new Error(`ente ${slug} assente`);
  return ente;
}

export async function sandboxSecret(db: Database, enteId: string): Promise<string> {
  const [row] = await db.select().from(partnerCredentials).where(eq(partnerCredentials.enteId, enteId));
  return row!.callbackSecret;
}

export function newPosition(db: Database, ente: Ente, amountCents = 2221) {
  return createPosition(db, ente, {
    channel: 'staff',
    service: null,
    debtor: { type: 'F', fiscalCode: 'RCCMNL83S18D969H', fullName: 'Emanuele Rocca', email: 'emanuele@example.it' },
    causale: 'CIE - Emanuele Rocca',
    amountCents,
    dueDate: null,
    taxonomyCode: '9/0104100TS/',
    iban: ente.iban!,
    formData: {},
  });
}

/** A successful receipt for a position (or a made-up notice), as the sandbox would send it. */
export function receiptFor(
  ente: Ente,
  position: Pick<Position, 'noticeNumber' | 'amountCents'>,
  receiptId: string,
  amountCents = position.amountCents,
): PartnerReceipt {
  return {
    receiptId,
    noticeNumber: position.noticeNumber,
    creditorFiscalCode: ente.fiscalCode,
    outcome: 'OK',
    creditorReferenceId: position.noticeNumber.slice(1),
    amountCents,
    description: 'CIE - Emanuele Rocca',
    companyName: ente.name,
    transfers: [
      {
        idTransfer: 1,
        amountCents,
        fiscalCodePA: ente.fiscalCode,
        iban: ente.iban!,
        remittanceInformation: 'CIE',
        transferCategory: '9/0104100TS/',
      },
    ],
    idPsp: 'BCITITMM',
    pspName: 'Intesa Sanpaolo S.p.A.',
    idChannel: 'BCITITMM_01',
    paymentDateTime: new Date().toISOString(),
  };
}

/** The sandbox callback body carrying one receipt. */
export function callbackBody(ente: Ente, receipt: PartnerReceipt): string {
  return JSON.stringify({ type: 'receipt', creditorFiscalCode: ente.fiscalCode, receipt });
}

/** Sends `receipt` as the sandbox's signed callback, expects it acknowledged, and lets the sequencer chain it. */
export async function pushSandboxReceipt(db: Database, ente: Ente, receipt: PartnerReceipt): Promise<void> {
  const body = callbackBody(ente, receipt);
  const secret = await sandboxSecret(db, ente.id);
  const answer = await receiveSandboxCallback(db, body, signPayload(secret, body, Math.floor(Date.now() / 1000)));
  expect(answer.status).toBe(200);
  await drainSequencer(db);
}

/**
 * The sandbox partner, counting the notices it is asked about; those in `unreachableFor` get a
 * transient error instead of an answer.
 */
export function countingResolver(
  db: Database,
  unreachableFor: ReadonlySet<string> = new Set(),
): { resolvePartner: PartnerResolver; asked: string[] } {
  const sandbox = createSandboxPartner({ db, checkoutBaseUrl: 'http://localhost:3000/sandbox/checkout', faults: [] });
  const asked: string[] = [];
  const partner = {
    ...sandbox,
    fetchNoticeStatus: async (ctx: Parameters<typeof sandbox.fetchNoticeStatus>[0], noticeNumber: string) => {
      asked.push(noticeNumber);
      if (unreachableFor.has(noticeNumber)) throw new PartnerUnavailableError('Sandbox: servizio non raggiungibile (guasto simulato)');
      return sandbox.fetchNoticeStatus(ctx, noticeNumber);
    },
  };
  return { resolvePartner: () => partner, asked };
}

/** A checkout of one new position started through the sandbox, dated `startedAt`; the payer has not decided yet. */
export async function startedCart(db: Database, ente: Ente, startedAt: Date, amountCents = 2221) {
  const position = await newPosition(db, ente, amountCents);
  const { cartId, redirectUrl } = await startCheckout(db, ente, [position.id], sandboxResolver(db));
  await db.update(carts).set({ startedAt }).where(eq(carts.id, cartId));
  return { cartId, position, sessionId: redirectUrl.split('/').pop()! };
}
