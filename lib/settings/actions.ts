'use server';

import { z } from 'zod';
import { ActionError } from '@/lib/actions/result';
import { staffAction, type StaffActionContext } from '@/lib/actions/wrapper';
import { invalidatePages } from '@/lib/cache/invalidate';
import { pageChanges } from '@/lib/cache/tags';
import { createApiKey, revokeApiKey } from '@/lib/api/keys';
import { createApiKeyInput, revokeApiKeyInput } from '@/lib/api/key-schemas';
import { removeEnteLogo, replacePartnerSecret, saveEnteLogo, saveEnteProfile, type SettingsActor } from './ente-settings';
import { MAX_LOGO_BYTES } from './logo-image';
import { enteProfileInput, logoInput, partnerSecretInput } from './schemas';

const actorOf = (ctx: StaffActionContext): SettingsActor => ({ enteId: ctx.ente.id, userId: ctx.staff.userId, address: ctx.clientAddress });

/** An admin edits the Ente's profile shown on its portal and avvisi. */
export const updateEnteProfile = staffAction('updateEnteProfile', ['ente_admin'], enteProfileInput, async (data, ctx) => {
  await saveEnteProfile(ctx.db, actorOf(ctx), data);
  invalidatePages(pageChanges.enteChanged(ctx.ente.id));
  return { saved: true };
});

/** An admin uploads the Ente's logo (PNG or JPEG up to 200 KB, checked by content). */
export const uploadEnteLogo = staffAction('uploadEnteLogo', ['ente_admin'], logoInput, async ({ logo }, ctx) => {
  // Checked before reading, so that a huge upload is not copied into memory twice.
  if (logo.size > MAX_LOGO_BYTES) throw new ActionError('Il logo supera i 200 KB: riducilo e riprova.', { logo: 'File troppo grande' });
  const saved = await saveEnteLogo(ctx.db, actorOf(ctx), Buffer.from(await logo.arrayBuffer()));
  invalidatePages(pageChanges.enteChanged(ctx.ente.id));
  return saved;
});

export const deleteEnteLogo = staffAction('deleteEnteLogo', ['ente_admin'], z.object({}), async (_input, ctx) => {
  await removeEnteLogo(ctx.db, actorOf(ctx));
  invalidatePages(pageChanges.enteChanged(ctx.ente.id));
  return { removed: true };
});

/** An admin replaces the partner callback secret; the answer never contains it. */
export const replaceEntePartnerSecret = staffAction(
  'replaceEntePartnerSecret',
  ['ente_admin'],
  partnerSecretInput,
  async ({ secret }, ctx) => {
    await replacePartnerSecret(ctx.db, actorOf(ctx), secret);
    return { replaced: true };
  },
);

/** An admin creates a key for the Ente's systems: the answer is the only time the key is shown. */
export const createEnteApiKey = staffAction('createEnteApiKey', ['ente_admin'], createApiKeyInput, async ({ label, scopes }, ctx) => {
  const { key, prefix } = await createApiKey(ctx.db, { enteId: ctx.ente.id, label, scopes, createdBy: ctx.staff.userId });
  return { key, prefix };
});

export const revokeEnteApiKey = staffAction('revokeEnteApiKey', ['ente_admin'], revokeApiKeyInput, async ({ id }, ctx) => {
  if (!(await revokeApiKey(ctx.db, ctx.ente.id, id, ctx.staff.userId))) throw new ActionError('Chiave non trovata o già revocata.');
  return { revoked: true };
});
