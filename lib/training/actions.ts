'use server';

import { revalidatePath } from 'next/cache';
import { citAction, staffAction } from '@/lib/actions/wrapper';
import { registerToSession, unregisterFromSession } from './registrations';
import { attendanceInput, scheduleSessionInput, sessionIdInput, updateSessionInput } from './schemas';
import { cancelSession, recordAttendance, scheduleSession, updateSession } from './sessions';

// Scheduling and attendance are the CIT's daily work: operators do them as well as admins.
const CIT_TRAINERS = ['cit_admin', 'cit_operator'] as const;

/** The CIT schedules a training session. */
export const scheduleTrainingSession = citAction('scheduleTrainingSession', CIT_TRAINERS, scheduleSessionInput, async (data, ctx) => {
  const created = await scheduleSession(ctx.db, { userId: ctx.staff.userId, address: ctx.clientAddress }, data);
  revalidatePath('/cit/formazione');
  return created;
});

/** The CIT edits a session (not below the people already registered). */
export const updateTrainingSession = citAction('updateTrainingSession', CIT_TRAINERS, updateSessionInput, async (input, ctx) => {
  await updateSession(ctx.db, { userId: ctx.staff.userId, address: ctx.clientAddress }, input);
  revalidatePath('/cit/formazione');
  return { saved: true };
});

/** The CIT cancels a session that has not started. */
export const cancelTrainingSession = citAction('cancelTrainingSession', CIT_TRAINERS, sessionIdInput, async ({ sessionId }, ctx) => {
  await cancelSession(ctx.db, { userId: ctx.staff.userId, address: ctx.clientAddress }, sessionId);
  revalidatePath('/cit/formazione');
  return { cancelled: true };
});

/** The CIT records a registered person present or absent; the referente's presence completes the onboarding step. */
export const recordTrainingAttendance = citAction('recordTrainingAttendance', CIT_TRAINERS, attendanceInput, async (input, ctx) => {
  const outcome = await recordAttendance(ctx.db, { userId: ctx.staff.userId, address: ctx.clientAddress }, input);
  revalidatePath('/cit/formazione');
  return outcome;
});

/** An Ente's admin registers themselves to a session. */
export const registerForTraining = staffAction('registerForTraining', ['ente_admin'], sessionIdInput, async ({ sessionId }, ctx) => {
  await registerToSession(ctx.db, { userId: ctx.staff.userId, enteId: ctx.ente.id, address: ctx.clientAddress }, sessionId);
  revalidatePath('/admin/formazione');
  return { registered: true };
});

/** An Ente's admin withdraws their own registration. */
export const unregisterFromTraining = staffAction('unregisterFromTraining', ['ente_admin'], sessionIdInput, async ({ sessionId }, ctx) => {
  await unregisterFromSession(ctx.db, { userId: ctx.staff.userId, enteId: ctx.ente.id, address: ctx.clientAddress }, sessionId);
  revalidatePath('/admin/formazione');
  return { registered: false };
});
