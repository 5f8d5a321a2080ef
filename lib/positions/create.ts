import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { positions, services, type Ente, type Position, type PositionTransfer, type ReceiptSubject, type Service } from '@/db/schema';
import { enqueue, retryDelayMs } from '@/lib/jobs/queue';
import { queueNoticeMessages } from '@/lib/notifications/outbox';
import { logger } from '@/lib/logger';
import { partnerContext, type PartnerResolver } from '@/lib/partners/registry';
import { PartnerUnavailableError } from '@/lib/partners/types';
import { readConfig } from '@/lib/config';
import { enqueueInvalidations } from './invalidate';
import { allocateNoticeNumber } from './iuv';
import { isPayable } from './lifecycle';
import { positionForPartner, type EnteForPartner, type ServiceForPartner } from './partner-position';
import { transfersOf, transfersProblem } from './transfers';

export const REGISTER_QUEUE = 'positions.register';

export interface NewPosition {
  /** The service as the caller read it: its title is copied, like causale, amount, taxonomy and IBAN. */
  service: Pick<Service, 'id' | 'title'> | null;
  debtor: ReceiptSubject | null;
  causale: string;
  amountCents: number;
  dueDate: string | null;
  /** The first transfer's taxonomy and IBAN, also kept as columns. */
  taxonomyCode: string;
  iban: string;
  /** The transfers (lib/positions/transfers.ts serviceAccounting); without them, the one transfer taxonomyCode and iban describe. */
  transfers?: PositionTransfer[];
  formData: Record<string, unknown>;
  /** The Ente's own id (API, import): unique per Ente, so a second position with it fails on positions_ente_external_key. */
  externalId?: string;
  /** Who creates it: 'citizen' (a service page; expires unpaid after SPONTANEOUS_TTL_HOURS), 'staff', 'api'. */
  channel: 'citizen' | 'staff' | 'api';
}

type EnteForPositions = Pick<Ente, 'id' | 'fiscalCode' | 'segregationCode' | 'name' | 'partner'>;

/** Creates a valid position with a fresh notice number. Not yet known to the partner: see registerPosition. */
export async function createPosition(db: Database, ente: EnteForPositions, input: NewPosition): Promise<Position> {
  if (!ente.segregationCode) throw new Error(`L'Ente ${ente.name} non ha un codice di segregazione`);
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents < 1) throw new RangeError('Importo non valido');
  const transfers =
    input.transfers ??
    transfersOf(
      {
        transfers: null,
        amountCents: input.amountCents,
        creditorFiscalCode: ente.fiscalCode,
        iban: input.iban,
        taxonomyCode: input.taxonomyCode,
        causale: input.causale,
      },
      ente.name,
    );
  const problem = transfersProblem(transfers, input.amountCents);
  if (problem) throw new RangeError(problem);
  return db.transaction(async (tx) => {
    const { noticeNumber, iuv } = await allocateNoticeNumber(tx, ente.id, ente.segregationCode!);
    const [row] = await tx
      .insert(positions)
      .values({
        enteId: ente.id,
        serviceId: input.service?.id ?? null,
        serviceTitle: input.service?.title ?? null,
        creditorFiscalCode: ente.fiscalCode,
        noticeNumber,
        iuv,
        debtorType: input.debtor?.type,
        debtorFiscalCode: input.debtor?.fiscalCode,
        debtorName: input.debtor?.fullName,
        debtorEmail: input.debtor?.email,
        causale: input.causale,
        amountCents: input.amountCents,
        dueDate: input.dueDate,
        taxonomyCode: input.taxonomyCode,
        iban: input.iban,
        transfers,
        formData: input.formData,
        externalId: input.externalId,
        channel: input.channel,
      })
      .returning();
    // A citizen who starts a payment from a service page is paying now: the notice e-mail is for debts issued to them.
    if (input.channel !== 'citizen') await queueNoticeMessages(tx, ente.id, [row!.id]);
    return row!;
  });
}

/**
 * Tells the Ente's partner about a position. When the partner cannot be reached the position stays
 * `pending` and a job retries with backoff: the citizen's position is never lost. A position that is no
 * longer payable (cancelled or expired before the partner heard of it) is never registered.
 * `service`: the position's service as the partner names it, when the caller already has it (a batch
 * loads them with its positions); looked up otherwise.
 */
export async function registerPosition(
  db: Database,
  ente: EnteForPositions & EnteForPartner,
  position: Position,
  resolvePartner: PartnerResolver,
  service?: ServiceForPartner | null,
): Promise<'registered' | 'pending' | 'not_payable'> {
  if (position.registrationStatus === 'registered') return 'registered';
  if (!isPayable(position)) return 'not_payable';
  try {
    const [looked] =
      service === undefined && position.serviceId
        ? await db
            .select({ code: services.code, partnerServiceCode: services.partnerServiceCode })
            .from(services)
            .where(and(eq(services.enteId, ente.id), eq(services.id, position.serviceId)))
        : [];
    const forPartner = positionForPartner(position, ente, service ?? looked ?? null, {
      now: new Date(),
      defaultValidityDays: readConfig().DEFAULT_VALIDITY_DAYS,
    });
    await (await resolvePartner(ente)).registerPosition(partnerContext(ente), forPartner);
    const [now] = await db
      .update(positions)
      .set({ registrationStatus: 'registered', registeredAt: new Date(), registrationError: null, updatedAt: new Date() })
      .where(eq(positions.id, position.id))
      .returning({ status: positions.status });
    // Cancelled or expired while the partner was registering it: the cancellation found it still
    // pending and queued nothing, so withdraw it from the partner now.
    if (now && !isPayable(now)) await enqueueInvalidations(db, ente.id, [position.id]);
    return 'registered';
  } catch (error) {
    if (!(error instanceof PartnerUnavailableError)) throw error;
    const [updated] = await db
      .update(positions)
      .set({
        registrationAttempts: sql`${positions.registrationAttempts} + 1`,
        registrationError: error.message.slice(0, 500),
        updatedAt: new Date(),
      })
      .where(eq(positions.id, position.id))
      .returning({ attempts: positions.registrationAttempts });
    await enqueue(
      db,
      REGISTER_QUEUE,
      { positionId: position.id, enteId: ente.id },
      {
        singletonKey: position.id,
        runAt: new Date(Date.now() + retryDelayMs(updated?.attempts ?? 1)),
        maxAttempts: 50,
      },
    );
    logger.warn({ positionId: position.id, err: error.message }, 'partner non raggiungibile: registrazione rimandata');
    return 'pending';
  }
}
