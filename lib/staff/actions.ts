'use server';

import { staffAction } from '@/lib/actions/wrapper';
import { inviteStaff, removeStaff, updateStaff } from './manage';
import { inviteStaffInput, removeStaffInput, updateStaffInput } from './schemas';

/** An admin adds a person to the Ente's staff by fiscal code. */
export const inviteStaffMember = staffAction('inviteStaffMember', ['ente_admin'], inviteStaffInput, async (input, ctx) => {
  return inviteStaff(ctx.db, { enteId: ctx.ente.id, userId: ctx.staff.userId, address: ctx.clientAddress }, input);
});

/** An admin changes a member's role and, for an operator, the services they are limited to. */
export const updateStaffMember = staffAction('updateStaffMember', ['ente_admin'], updateStaffInput, async (input, ctx) => {
  await updateStaff(ctx.db, { enteId: ctx.ente.id, userId: ctx.staff.userId, address: ctx.clientAddress }, input);
  return { saved: true };
});

/** An admin removes a member from the Ente's staff. */
export const removeStaffMember = staffAction('removeStaffMember', ['ente_admin'], removeStaffInput, async (input, ctx) => {
  await removeStaff(ctx.db, { enteId: ctx.ente.id, userId: ctx.staff.userId, address: ctx.clientAddress }, input);
  return { removed: true };
});
