import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { auditLog, supportAttachments, supportMessages, supportRequests, users } from '@/db/schema';
import type { CheckedAttachment } from './attachments';
import type { SupportCategory, SupportStatus } from './labels';

/*
 * The helpdesk's changes. Every one is scoped (an Ente's staff reach only their Ente's requests; the CIT
 * reaches all) and audited. A request not found in the scope is `not_found`, whether it does not exist
 * or belongs to another Ente: the caller answers 404 either way.
 */
export type SupportScope = { kind: 'ente'; enteId: string } | { kind: 'cit' };

export interface Actor {
  userId: string;
  address: string;
}

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

function inScope(scope: SupportScope, id: string) {
  return scope.kind === 'ente' ? and(eq(supportRequests.id, id), eq(supportRequests.enteId, scope.enteId)) : eq(supportRequests.id, id);
}

async function lockRequest(tx: Tx, scope: SupportScope, id: string) {
  const [found] = await tx
    .select({ id: supportRequests.id, enteId: supportRequests.enteId, status: supportRequests.status, number: supportRequests.number })
    .from(supportRequests)
    .where(inScope(scope, id))
    .for('update');
  return found;
}

async function insertMessage(tx: Tx, requestId: string, fromCit: boolean, body: string, files: readonly CheckedAttachment[], actor: Actor) {
  const [message] = await tx
    .insert(supportMessages)
    .values({ requestId, authorUserId: actor.userId, fromCit, body })
    .returning({ id: supportMessages.id });
  if (files.length > 0)
    await tx.insert(supportAttachments).values(
      files.map((f) => ({
        requestId,
        messageId: message!.id,
        filename: f.filename,
        mime: f.mime,
        size: f.bytes.length,
        data: Buffer.from(f.bytes),
      })),
    );
  return message!.id;
}

function audit(tx: Tx, enteId: string, actor: Actor, action: string, requestId: string, details: Record<string, unknown>) {
  return tx.insert(auditLog).values({
    enteId,
    actorUserId: actor.userId,
    action,
    targetType: 'richiesta_assistenza',
    targetId: requestId,
    details,
    ip: actor.address.slice(0, 45),
  });
}

/** The columns that change with the state: a closed request remembers when it was closed. */
function stateChange(status: SupportStatus) {
  return { status, updatedAt: new Date(), closedAt: status === 'chiusa' ? sql`coalesce(${supportRequests.closedAt}, now())` : null };
}

/** An Ente's staff member opens a request: its first message carries the text and the attachments. */
export async function openSupportRequest(
  db: Database,
  input: { enteId: string; category: SupportCategory; subject: string; body: string; files: readonly CheckedAttachment[] },
  actor: Actor,
): Promise<{ id: string; number: number }> {
  return db.transaction(async (tx) => {
    const [request] = await tx
      .insert(supportRequests)
      .values({ enteId: input.enteId, openedBy: actor.userId, category: input.category, subject: input.subject })
      .returning({ id: supportRequests.id, number: supportRequests.number });
    await insertMessage(tx, request!.id, false, input.body, input.files, actor);
    await audit(tx, input.enteId, actor, 'assistenza_aperta', request!.id, {
      number: request!.number,
      category: input.category,
      attachments: input.files.length,
    });
    return request!;
  });
}

export type MessageOutcome = 'ok' | 'not_found' | 'closed';

/**
 * A message in the thread. The Ente's reply puts a request waiting for it back in the CIT's queue
 * (aperta); a closed request must be reopened first. The CIT's answer sets the state it chooses.
 */
export async function postSupportMessage(
  db: Database,
  scope: SupportScope,
  input: { requestId: string; body: string; files: readonly CheckedAttachment[]; status?: SupportStatus },
  actor: Actor,
): Promise<MessageOutcome> {
  return db.transaction(async (tx) => {
    const found = await lockRequest(tx, scope, input.requestId);
    if (!found) return 'not_found';
    const fromCit = scope.kind === 'cit';
    if (!fromCit && found.status === 'chiusa') return 'closed';
    const status: SupportStatus = fromCit
      ? (input.status ?? 'in_attesa_ente')
      : found.status === 'in_attesa_ente'
        ? 'aperta'
        : found.status;
    await insertMessage(tx, found.id, fromCit, input.body, input.files, actor);
    await tx.update(supportRequests).set(stateChange(status)).where(eq(supportRequests.id, found.id));
    await audit(tx, found.enteId, actor, fromCit ? 'assistenza_risposta' : 'assistenza_messaggio', found.id, {
      number: found.number,
      attachments: input.files.length,
      ...(status !== found.status ? { from: found.status, to: status } : {}),
    });
    return 'ok';
  });
}

/** The CIT sets any state; the Ente may only close its request or reopen a closed one. */
export async function changeSupportStatus(
  db: Database,
  scope: SupportScope,
  input: { requestId: string; status: SupportStatus },
  actor: Actor,
): Promise<'ok' | 'unchanged' | 'not_found' | 'not_allowed'> {
  return db.transaction(async (tx) => {
    const found = await lockRequest(tx, scope, input.requestId);
    if (!found) return 'not_found';
    if (found.status === input.status) return 'unchanged';
    if (scope.kind === 'ente' && input.status !== 'chiusa' && !(input.status === 'aperta' && found.status === 'chiusa'))
      return 'not_allowed';
    await tx.update(supportRequests).set(stateChange(input.status)).where(eq(supportRequests.id, found.id));
    await audit(tx, found.enteId, actor, 'assistenza_stato', found.id, { number: found.number, from: found.status, to: input.status });
    return 'ok';
  });
}

/** Assigns a request to an active CIT user, or to nobody. */
export async function assignSupportRequest(
  db: Database,
  input: { requestId: string; assigneeId: string | null },
  actor: Actor,
): Promise<'ok' | 'not_found' | 'not_cit_staff'> {
  return db.transaction(async (tx) => {
    if (input.assigneeId) {
      const [assignee] = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.id, input.assigneeId), sql`${users.platformRole} is not null`, sql`${users.disabledAt} is null`));
      if (!assignee) return 'not_cit_staff';
    }
    const found = await lockRequest(tx, { kind: 'cit' }, input.requestId);
    if (!found) return 'not_found';
    await tx.update(supportRequests).set({ assignedTo: input.assigneeId, updatedAt: new Date() }).where(eq(supportRequests.id, found.id));
    await audit(tx, found.enteId, actor, 'assistenza_assegnata', found.id, { number: found.number, assignee: input.assigneeId });
    return 'ok';
  });
}
