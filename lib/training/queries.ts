import { and, asc, desc, eq, gt, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { adhesions, enti, trainingRegistrations, trainingSessions, users, type TrainingSession } from '@/db/schema';

export type SessionState = 'programmata' | 'in_corso' | 'svolta' | 'annullata';

export const SESSION_STATE_LABELS: Record<SessionState, string> = {
  programmata: 'Programmata',
  in_corso: 'In corso',
  svolta: 'Svolta',
  annullata: 'Annullata',
};

/** Where a session stands at `now`. */
export function sessionState(
  session: Pick<TrainingSession, 'startsAt' | 'durationMinutes' | 'cancelledAt'>,
  now = new Date(),
): SessionState {
  if (session.cancelledAt) return 'annullata';
  if (session.startsAt.getTime() > now.getTime()) return 'programmata';
  return session.startsAt.getTime() + session.durationMinutes * 60_000 > now.getTime() ? 'in_corso' : 'svolta';
}

/** Attendance of one registration: recorded present, recorded absent, or not recorded yet. */
export type Attendance = 'presente' | 'assente' | 'da_registrare';

export const ATTENDANCE_LABELS: Record<Attendance, string> = { presente: 'Presente', assente: 'Assente', da_registrare: 'Da registrare' };

const attendanceOf = (r: { attendedAt: Date | null; recordedBy: string | null }): Attendance =>
  r.attendedAt ? 'presente' : r.recordedBy ? 'assente' : 'da_registrare';

const registeredCount = sql<number>`(select count(*) from ${trainingRegistrations} where ${trainingRegistrations.sessionId} = ${trainingSessions.id})::int`;
const attendedCount = sql<number>`(select count(*) from ${trainingRegistrations} where ${trainingRegistrations.sessionId} = ${trainingSessions.id} and ${trainingRegistrations.attendedAt} is not null)::int`;

/** Every session for the CIT, newest first, with how many registered and attended. */
export async function listSessionsForCit(db: Database) {
  return db
    .select({ session: trainingSessions, registered: registeredCount, attended: attendedCount })
    .from(trainingSessions)
    .orderBy(desc(trainingSessions.startsAt));
}

/** One session for the CIT with its registrations: who, of which Ente, whether referente, attendance. */
export async function sessionForCit(db: Database, sessionId: string) {
  const [session] = await db.select().from(trainingSessions).where(eq(trainingSessions.id, sessionId));
  if (!session) return undefined;
  const rows = await db
    .select({
      userId: trainingRegistrations.userId,
      fullName: users.fullName,
      email: users.email,
      enteName: enti.name,
      registeredAt: trainingRegistrations.registeredAt,
      attendedAt: trainingRegistrations.attendedAt,
      recordedBy: trainingRegistrations.recordedBy,
      referenteUserId: adhesions.referenteUserId,
      stepSessionId: adhesions.trainingSessionId,
    })
    .from(trainingRegistrations)
    .innerJoin(users, eq(users.id, trainingRegistrations.userId))
    .innerJoin(enti, eq(enti.id, trainingRegistrations.enteId))
    .leftJoin(adhesions, eq(adhesions.enteId, trainingRegistrations.enteId))
    .where(eq(trainingRegistrations.sessionId, sessionId))
    .orderBy(asc(enti.name), asc(users.fullName));
  return {
    session,
    registrations: rows.map((r) => ({
      userId: r.userId,
      fullName: r.fullName,
      email: r.email,
      enteName: r.enteName,
      registeredAt: r.registeredAt,
      attendance: attendanceOf(r),
      isReferente: r.referenteUserId === r.userId,
      completesStep:
        r.stepSessionId === sessionId && r.attendedAt !== null && (r.referenteUserId === null || r.referenteUserId === r.userId),
    })),
  };
}

/** Sessions an Ente's admin may still register to, with seats left and who of this Ente is registered. */
export async function upcomingSessionsForEnte(db: Database, enteId: string, userId: string, now = new Date()) {
  const sessions = await db
    .select({ session: trainingSessions, registered: registeredCount })
    .from(trainingSessions)
    .where(and(isNull(trainingSessions.cancelledAt), gt(trainingSessions.startsAt, now)))
    .orderBy(asc(trainingSessions.startsAt));
  const mine = await db
    .select({ sessionId: trainingRegistrations.sessionId, userId: trainingRegistrations.userId, fullName: users.fullName })
    .from(trainingRegistrations)
    .innerJoin(users, eq(users.id, trainingRegistrations.userId))
    .innerJoin(trainingSessions, eq(trainingSessions.id, trainingRegistrations.sessionId))
    .where(and(eq(trainingRegistrations.enteId, enteId), gt(trainingSessions.startsAt, now)));
  return sessions.map(({ session, registered }) => {
    const ours = mine.filter((m) => m.sessionId === session.id);
    return {
      session,
      seatsLeft: Math.max(0, session.seats - registered),
      registered: ours.some((m) => m.userId === userId),
      colleagues: ours.filter((m) => m.userId !== userId).map((m) => m.fullName),
    };
  });
}

/** The Ente's registrations to sessions already started or cancelled, newest first, and its onboarding step. */
export async function enteTrainingHistory(db: Database, enteId: string, now = new Date()) {
  const rows = await db
    .select({
      session: trainingSessions,
      userId: trainingRegistrations.userId,
      fullName: users.fullName,
      attendedAt: trainingRegistrations.attendedAt,
      recordedBy: trainingRegistrations.recordedBy,
    })
    .from(trainingRegistrations)
    .innerJoin(trainingSessions, eq(trainingSessions.id, trainingRegistrations.sessionId))
    .innerJoin(users, eq(users.id, trainingRegistrations.userId))
    .where(and(eq(trainingRegistrations.enteId, enteId), or(lte(trainingSessions.startsAt, now), isNotNull(trainingSessions.cancelledAt))))
    .orderBy(desc(trainingSessions.startsAt), asc(users.fullName));
  const [step] = await db
    .select({ completedAt: adhesions.trainingCompletedAt, title: trainingSessions.title })
    .from(adhesions)
    .leftJoin(trainingSessions, eq(trainingSessions.id, adhesions.trainingSessionId))
    .where(eq(adhesions.enteId, enteId));
  return {
    rows: rows.map((r) => ({ session: r.session, userId: r.userId, fullName: r.fullName, attendance: attendanceOf(r) })),
    step: step?.completedAt ? { completedAt: step.completedAt, title: step.title } : undefined,
  };
}
