'use server';

import { z } from 'zod';
import { ActionError } from '@/lib/actions/result';
import { staffAction } from '@/lib/actions/wrapper';
import { uuidSchema } from '@/lib/validation/ids';
import { retryMessage } from './queries';
import { saveNotificationSettings } from './settings';
import { notificationSettingsInput } from './settings-schema';

/** Staff who handle positions send a failed or dead message again; viewers only look. */
export const retryNotificationAction = staffAction(
  'retryNotification',
  ['ente_admin', 'ente_operator'],
  z.object({ id: uuidSchema }),
  async ({ id }, ctx) => {
    if (!(await retryMessage(ctx.db, ctx.ente.id, ctx.staff, id))) throw new ActionError('Messaggio non trovato o non da reinviare.');
    return { retried: true };
  },
);

/** An admin chooses what the Ente sends to citizens, and from which address. */
export const updateNotificationSettingsAction = staffAction(
  'updateNotificationSettings',
  ['ente_admin'],
  notificationSettingsInput,
  async (data, ctx) => {
    await saveNotificationSettings(ctx.db, { enteId: ctx.ente.id, userId: ctx.staff.userId, address: ctx.clientAddress }, data);
    return { saved: true };
  },
);
