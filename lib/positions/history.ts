import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { auditLog, cartItems, carts, positions, receipts, services, users, type Position, type Receipt } from '@/db/schema';
import { ANOMALY_KIND_LABELS } from '@/lib/anomalies/labels';
import { formatEuro } from '@/lib/format/money';
import { positionServiceTitle } from './service-title';
import { positionsInScope, type StaffScope } from './staff-scope';

export interface HistoryEvent {
  at: Date;
  title: string;
  detail?: string;
}

export interface PositionDetail {
  position: Position;
  serviceTitle: string | null;
  cancelledByName: string | null;
  receipts: Receipt[];
  history: HistoryEvent[];
}

const CART_OUTCOMES: Record<(typeof carts.$inferSelect)['status'], string> = {
  open: 'carrello aperto, pagamento non avviato',
  started: 'in corso presso il PSP',
  paid: 'pagamento completato',
  cancelled: 'annullato dal pagatore',
  failed: 'non riuscito',
  expired: 'scaduto senza esito',
};

/** Audit entries about a position that the history shows by these titles. */
const AUDIT_TITLES: Record<string, string> = {
  posizione_creata_sportello: 'Creata allo sportello',
  posizione_creata_api: "Creata dal sistema dell'Ente (API)",
  posizione_modificata_api: "Modificata dal sistema dell'Ente (API)",
  posizione_invalidazione_rifiutata: 'Annullamento presso il partner tecnologico non riuscito',
  posizione_scaduta: 'Scaduta: pagamento spontaneo non concluso',
  posizione_annullata_partner: 'Annullata presso il partner tecnologico',
  posizione_scaduta_partner: 'Scaduta presso il partner tecnologico',
};

/** Its cancellation already has its own event. */
const CANCEL_ACTIONS = new Set(['posizione_annullata', 'posizione_annullata_api', 'posizione_annullata_partner']);

/**
 * One position as staff see it, with its history rebuilt from what the database keeps: creation, the
 * partner's registration (or its last error), every payment attempt (a cart holding it), each receipt,
 * the cancellation, and what the audit log recorded about it. Out of the Ente or of the operator's
 * services it does not exist.
 */
export async function findPositionDetail(db: Database, enteId: string, scope: StaffScope, id: string): Promise<PositionDetail | undefined> {
  const [found] = await db
    .select({ position: positions, serviceTitle: positionServiceTitle, cancelledByName: users.fullName })
    .from(positions)
    .leftJoin(services, eq(services.id, positions.serviceId))
    .leftJoin(users, eq(users.id, positions.cancelledBy))
    .where(and(positionsInScope(enteId, scope), eq(positions.id, id)));
  if (!found) return undefined;
  const p = found.position;
  const [attempts, paid, audited] = await Promise.all([
    db
      .select({ cart: carts, addedAt: cartItems.addedAt })
      .from(cartItems)
      .innerJoin(carts, eq(carts.id, cartItems.cartId))
      .where(and(eq(cartItems.enteId, enteId), eq(cartItems.positionId, id)))
      .orderBy(asc(cartItems.addedAt)),
    db
      .select()
      .from(receipts)
      .where(and(eq(receipts.enteId, enteId), eq(receipts.positionId, id)))
      .orderBy(asc(receipts.paymentDateTime)),
    db
      .select({
        at: auditLog.createdAt,
        action: auditLog.action,
        actor: users.fullName,
        apiKey: sql<string | null>`${auditLog.details}->'apiKey'->>'label'`,
        note: sql<string | null>`${auditLog.details}->>'note'`,
      })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorUserId))
      .where(and(eq(auditLog.enteId, enteId), eq(auditLog.targetType, 'position'), eq(auditLog.targetId, id)))
      .orderBy(asc(auditLog.createdAt)),
  ]);

  const history: HistoryEvent[] = [
    { at: p.createdAt, title: 'Posizione creata', detail: `${formatEuro(p.amountCents)}${p.importId ? ', da importazione' : ''}` },
  ];
  if (p.registeredAt) history.push({ at: p.registeredAt, title: 'Registrata presso il partner tecnologico' });
  else if (p.registrationError)
    history.push({
      at: p.updatedAt,
      title: 'Registrazione presso il partner non riuscita',
      detail: `${p.registrationAttempts} ${p.registrationAttempts === 1 ? 'tentativo' : 'tentativi'}, ultimo errore: ${p.registrationError}. Il sistema riprova da solo.`,
    });
  for (const { cart, addedAt } of attempts) {
    history.push(
      cart.startedAt
        ? { at: cart.startedAt, title: 'Pagamento avviato presso il PSP', detail: cart.closedAt ? undefined : CART_OUTCOMES[cart.status] }
        : { at: addedAt, title: 'Aggiunta a un carrello', detail: cart.closedAt ? undefined : CART_OUTCOMES[cart.status] },
    );
    if (cart.closedAt) history.push({ at: cart.closedAt, title: 'Tentativo di pagamento concluso', detail: CART_OUTCOMES[cart.status] });
  }
  for (const r of paid)
    history.push({
      at: r.paymentDateTime,
      // A second payment or a wrong amount is in the chain too, and paid nothing: staff see which.
      title: r.anomaly ? `Ricevuta in anomalia: ${ANOMALY_KIND_LABELS[r.anomaly].toLowerCase()}` : 'Ricevuta di pagamento',
      detail: `${formatEuro(r.amountCents)} tramite ${r.pspName}, ricevuta ${r.receiptId}`,
    });
  if (p.cancelledAt)
    history.push({
      at: p.cancelledAt,
      title: 'Posizione annullata',
      detail: `${found.cancelledByName ? `da ${found.cancelledByName}: ` : ''}${p.cancelReason ?? ''}`,
    });
  if (p.partnerInvalidatedAt)
    history.push({ at: p.partnerInvalidatedAt, title: 'Ritirata presso il partner tecnologico: non più pagabile' });
  for (const entry of audited)
    if (!CANCEL_ACTIONS.has(entry.action))
      history.push({
        at: entry.at,
        title: AUDIT_TITLES[entry.action] ?? entry.action,
        detail: entry.actor ?? (entry.apiKey ? `chiave API «${entry.apiKey}»` : (entry.note ?? undefined)),
      });
  history.sort((a, b) => a.at.getTime() - b.at.getTime());
  return { position: p, serviceTitle: found.serviceTitle, cancelledByName: found.cancelledByName, receipts: paid, history };
}
