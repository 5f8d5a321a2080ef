import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { auditLog, positions, services, type Ente } from '@/db/schema';
import { ActionError } from '@/lib/actions/result';
import { buildPaymentFormSchema, computeAmountCents } from '@/lib/catalogue/service-form';
import { signLink } from '@/lib/documents/links';
import { fieldErrorsOf } from '@/lib/validation/field-errors';
import type { PartnerResolver } from '@/lib/partners/registry';
import { createPosition, registerPosition } from './create';
import type { CounterPosition } from './counter-schema';
import { accountingFor } from './transfers';
import type { StaffActor } from './staff-scope';

const TODAY_IN_ROME = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date());

/**
 * Creates a position for a debtor at the counter on an active service the clerk may manage, with the
 * amount the service's rule allows (the citizen form's own check), registers it at the partner (or leaves
 * it pending for the retry job) and answers with the signed link to its avviso, to print at once.
 */
export async function createCounterPosition(
  db: Database,
  ente: Ente,
  by: StaffActor,
  input: CounterPosition,
  resolvePartner: PartnerResolver,
): Promise<{ positionId: string; noticeNumber: string; avvisoUrl: string }> {
  const [service] = await db
    .select()
    .from(services)
    .where(and(eq(services.enteId, ente.id), eq(services.id, input.serviceId), eq(services.active, true)));
  if (!service || (by.serviceIds !== null && !by.serviceIds.includes(service.id)))
    throw new ActionError('Scegli uno dei servizi attivi che puoi gestire.', { serviceId: 'Servizio non disponibile' });
  if (input.dueDate !== '' && input.dueDate < TODAY_IN_ROME())
    throw new ActionError('Alcuni dati non sono corretti: controlla i campi segnalati.', {
      dueDate: 'La scadenza non può essere nel passato',
    });
  const amountCheck = buildPaymentFormSchema({ formDefinition: [], amountRule: service.amountRule, allowAnonymous: false }).safeParse({
    fields: {},
    debtorFiscalCode: input.debtorFiscalCode,
    debtorName: input.debtorName,
    debtorEmail: input.debtorEmail,
    amount: input.amount,
    quantity: input.quantity,
  });
  if (!amountCheck.success)
    throw new ActionError('Alcuni dati non sono corretti: controlla i campi segnalati.', fieldErrorsOf(amountCheck.error));
  const amountCents = computeAmountCents(service.amountRule, amountCheck.data);
  const accounting = accountingFor(ente, service, { causale: input.causale, amountCents, dueDate: input.dueDate || null });
  if (!accounting.ok)
    throw new ActionError(accounting.message, { [accounting.cause === 'amount' ? 'amount' : 'serviceId']: accounting.message });
  const outcome = await db.transaction(async (tx) => {
    // One request id, one position: a second copy waits for the first and then finds what it created.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`counter:${ente.id}:${input.requestId}`}))`);
    const [earlier] = await tx
      .select({ position: positions })
      .from(auditLog)
      .innerJoin(positions, and(eq(positions.enteId, ente.id), sql`${positions.id}::text = ${auditLog.targetId}`))
      .where(
        and(
          eq(auditLog.enteId, ente.id),
          eq(auditLog.action, 'posizione_creata_sportello'),
          sql`${auditLog.details}->>'requestId' = ${input.requestId}`,
          sql`${auditLog.createdAt} > now() - interval '1 day'`,
        ),
      );
    if (earlier) return { position: earlier.position, replay: true };
    const position = await createPosition(tx, ente, {
      channel: 'staff',
      service,
      debtor: {
        type: input.debtorType,
        fiscalCode: input.debtorFiscalCode,
        fullName: input.debtorName,
        email: input.debtorEmail || undefined,
      },
      causale: input.causale,
      amountCents,
      dueDate: input.dueDate || null,
      ...accounting.accounting,
      formData: {},
    });
    await tx.insert(auditLog).values({
      enteId: ente.id,
      actorUserId: by.userId,
      action: 'posizione_creata_sportello',
      targetType: 'position',
      targetId: position.id,
      details: { requestId: input.requestId, service: service.code, amountCents, noticeNumber: position.noticeNumber },
      ip: by.address.slice(0, 45),
    });
    return { position, replay: false };
  });
  const position = outcome.position;
  if (!outcome.replay) await registerPosition(db, ente, position, resolvePartner);
  return {
    positionId: position.id,
    noticeNumber: position.noticeNumber,
    avvisoUrl: `/avvisi/${position.noticeNumber}?t=${signLink('notice', ente.id, position.noticeNumber)}`,
  };
}
