import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db';
import { auditLog, publicQuestions, users } from '@/db/schema';
import { findActiveEnteBySlug } from '@/lib/enti/queries';
import { decodeKeysetCursor, keysetPage } from '@/lib/pagination/keyset';
import { checkFormToken } from '@/lib/security/form-token';
import { hitRateLimit, type RateLimitRule } from '@/lib/security/rate-limit';
import { CONSENT_VERSION } from './consent';
import { FORM_TOKEN_FIELD, HONEYPOT_FIELD, QUESTION_FORM_PURPOSE, type QuestionInput, type QUESTION_VIEWS } from './schemas';

/** No person reads, fills in and sends the form in under 3 seconds; a page left open half a day is reloaded. */
export const QUESTION_FILL_SECONDS = { minSeconds: 3, maxSeconds: 6 * 3600 };
export const QUESTIONS_PER_ADDRESS: RateLimitRule = { name: 'domande-indirizzo', limit: 5, windowSeconds: 3600 };
export const QUESTIONS_PER_EMAIL: RateLimitRule = { name: 'domande-email', limit: 3, windowSeconds: 3600 };

export type SubmitOutcome =
  | { kind: 'stored'; id: string }
  | { kind: 'spam' }
  | { kind: 'too_fast' }
  | { kind: 'expired' }
  | { kind: 'rate_limited'; retryAfterSeconds: number };

/**
 * Stores a visitor's question with the consent they gave (when, and which text version). Refused: a
 * filled honeypot or a forged token (spam), a form sent too fast or loaded too long ago, and more than a
 * few questions an hour from one address or for one e-mail (counted in PostgreSQL, shared by all instances).
 */
export async function submitQuestion(db: Database, input: QuestionInput, request: { address: string; now?: Date }): Promise<SubmitOutcome> {
  const now = request.now ?? new Date();
  if (input[HONEYPOT_FIELD] !== '') return { kind: 'spam' };
  const token = checkFormToken(QUESTION_FORM_PURPOSE, input[FORM_TOKEN_FIELD], QUESTION_FILL_SECONDS, now.getTime());
  if (token === 'invalid') return { kind: 'spam' };
  if (token !== 'ok') return { kind: token };
  for (const [rule, key] of [
    [QUESTIONS_PER_ADDRESS, request.address],
    [QUESTIONS_PER_EMAIL, input.email],
  ] as const) {
    const limited = await hitRateLimit(db, rule, key, now);
    if (!limited.ok) return { kind: 'rate_limited', retryAfterSeconds: limited.retryAfterSeconds };
  }
  const ente = input.enteScelto ? await findActiveEnteBySlug(db, input.enteScelto) : undefined;
  const [stored] = await db
    .insert(publicQuestions)
    .values({
      name: input.nome,
      email: input.email,
      enteName: input.ente || ente?.name || null,
      enteId: ente?.id ?? null,
      question: input.domanda,
      consentAt: now,
      consentVersion: CONSENT_VERSION,
    })
    .returning({ id: publicQuestions.id });
  return { kind: 'stored', id: stored!.id };
}

const VIEW_STATUS = { nuove: 'nuova', risposte: 'risposta', archiviate: 'archiviata' } as const;

/** The questions of one view (new, answered, archived), newest first, keyset-paginated on (created_at, id). */
export async function listQuestions(db: Database, view: (typeof QUESTION_VIEWS)[number], after?: string, limit = 50) {
  const where: SQL[] = [eq(publicQuestions.status, VIEW_STATUS[view])];
  const cursor = decodeKeysetCursor(after);
  if (cursor) where.push(sql`(${publicQuestions.createdAt}, ${publicQuestions.id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`);
  const rows = await db
    .select({
      id: publicQuestions.id,
      name: publicQuestions.name,
      email: publicQuestions.email,
      enteName: publicQuestions.enteName,
      question: publicQuestions.question,
      status: publicQuestions.status,
      createdAt: publicQuestions.createdAt,
      cursorAt: sql<string>`${publicQuestions.createdAt}::text`,
    })
    .from(publicQuestions)
    .where(and(...where))
    .orderBy(desc(publicQuestions.createdAt), desc(publicQuestions.id))
    .limit(limit + 1);
  return keysetPage(rows, limit);
}

export async function findQuestion(db: Database, id: string) {
  const [found] = await db
    .select({
      id: publicQuestions.id,
      name: publicQuestions.name,
      email: publicQuestions.email,
      enteName: publicQuestions.enteName,
      question: publicQuestions.question,
      consentAt: publicQuestions.consentAt,
      consentVersion: publicQuestions.consentVersion,
      status: publicQuestions.status,
      answer: publicQuestions.answer,
      answeredAt: publicQuestions.answeredAt,
      answeredByName: users.fullName,
      createdAt: publicQuestions.createdAt,
    })
    .from(publicQuestions)
    .leftJoin(users, eq(users.id, publicQuestions.answeredBy))
    .where(eq(publicQuestions.id, id));
  return found;
}

interface Actor {
  userId: string;
  address: string;
}

async function changeQuestion(
  db: Database,
  id: string,
  values: Partial<typeof publicQuestions.$inferInsert>,
  actor: Actor,
  action: string,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [changed] = await tx.update(publicQuestions).set(values).where(eq(publicQuestions.id, id)).returning({ id: publicQuestions.id });
    if (!changed) return false;
    await tx.insert(auditLog).values({
      enteId: null,
      actorUserId: actor.userId,
      action,
      targetType: 'domanda',
      targetId: id,
      details: { status: values.status },
      ip: actor.address.slice(0, 45),
    });
    return true;
  });
}

/** Stores the CIT's answer (sending it is for now the CIT's own e-mail: see the page). */
export function answerQuestion(db: Database, input: { id: string; answer: string }, actor: Actor): Promise<boolean> {
  return changeQuestion(
    db,
    input.id,
    { answer: input.answer, answeredBy: actor.userId, answeredAt: new Date(), status: 'risposta' },
    actor,
    'domanda_risposta',
  );
}

export function archiveQuestion(db: Database, id: string, actor: Actor): Promise<boolean> {
  return changeQuestion(db, id, { status: 'archiviata' }, actor, 'domanda_archiviata');
}
