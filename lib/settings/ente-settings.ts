import { randomBytes } from 'node:crypto';
import { and, eq, ne } from 'drizzle-orm';
import type { Database } from '@/db';
import { auditLog, enti, partnerCredentials, type Ente } from '@/db/schema';
import { ActionError } from '@/lib/actions/result';
import { checkLogo } from './logo-image';
import type { EnteProfileData } from './schemas';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface SettingsActor {
  enteId: string;
  userId: string;
  address?: string;
}

const PROFILE_COLUMNS = {
  name: enti.name,
  ipaCode: enti.ipaCode,
  cbill: enti.cbill,
  sector: enti.sector,
  primaryColor: enti.primaryColor,
  address: enti.address,
  email: enti.email,
  pec: enti.pec,
  phone: enti.phone,
  website: enti.website,
  officeHours: enti.officeHours,
  iban: enti.iban,
  postalAccountNumber: enti.postalAccountNumber,
  postalAccountHolder: enti.postalAccountHolder,
  postalAuthorization: enti.postalAuthorization,
};

/** One audit row for a change of the Ente's settings, in the transaction of the change. */
export async function auditSettings(tx: Tx, actor: SettingsActor, action: string, details: Record<string, unknown>) {
  await tx.insert(auditLog).values({
    enteId: actor.enteId,
    actorUserId: actor.userId,
    action,
    targetType: 'ente',
    targetId: actor.enteId,
    details,
    ip: actor.address?.slice(0, 45) ?? null,
  });
}

/** Saves the Ente's profile (portal and avvisi show it from the next request), auditing before and after. */
export async function saveEnteProfile(db: Database, actor: SettingsActor, data: EnteProfileData): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.select(PROFILE_COLUMNS).from(enti).where(eq(enti.id, actor.enteId)).for('update');
    if (!before) throw new ActionError('Ente non trovato.');
    const [clash] = await tx
      .select({ id: enti.id })
      .from(enti)
      .where(and(eq(enti.ipaCode, data.ipaCode), ne(enti.id, actor.enteId)))
      .limit(1);
    if (clash) throw new ActionError('Alcuni dati non sono corretti.', { ipaCode: 'Questo codice IPA è già di un altro Ente.' });
    await tx
      .update(enti)
      .set({ ...data, updatedAt: new Date() })
      .where(eq(enti.id, actor.enteId));
    const changed = Object.keys(data).filter((k) => before[k as keyof EnteProfileData] !== data[k as keyof EnteProfileData]);
    await auditSettings(tx, actor, 'profilo_ente_modificato', {
      before: Object.fromEntries(changed.map((k) => [k, before[k as keyof EnteProfileData]])),
      after: Object.fromEntries(changed.map((k) => [k, data[k as keyof EnteProfileData]])),
    });
  });
}

/** Replaces the Ente's logo with these bytes, if they are an acceptable PNG or JPEG. */
export async function saveEnteLogo(db: Database, actor: SettingsActor, bytes: Buffer): Promise<{ mime: string }> {
  const checked = checkLogo(bytes);
  if (!checked.ok) throw new ActionError(checked.reason, { logo: checked.reason });
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ mime: enti.logoMime }).from(enti).where(eq(enti.id, actor.enteId)).for('update');
    await tx.update(enti).set({ logoData: bytes, logoMime: checked.mime, updatedAt: new Date() }).where(eq(enti.id, actor.enteId));
    await auditSettings(tx, actor, 'logo_ente_modificato', {
      before: { logoMime: before?.mime ?? null },
      after: { logoMime: checked.mime, bytes: bytes.length, width: checked.width, height: checked.height },
    });
  });
  return { mime: checked.mime };
}

/** Removes the uploaded logo: the portal falls back to the configured image or the initials. */
export async function removeEnteLogo(db: Database, actor: SettingsActor): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ mime: enti.logoMime }).from(enti).where(eq(enti.id, actor.enteId)).for('update');
    if (!before?.mime) return;
    await tx.update(enti).set({ logoData: null, logoMime: null, updatedAt: new Date() }).where(eq(enti.id, actor.enteId));
    await auditSettings(tx, actor, 'logo_ente_rimosso', { before: { logoMime: before.mime }, after: { logoMime: null } });
  });
}

/** The uploaded logo of an Ente, for the /logo route. */
export async function findEnteLogo(db: Database, enteId: string): Promise<{ data: Buffer; mime: string; updatedAt: Date } | undefined> {
  const [row] = await db
    .select({ data: enti.logoData, mime: enti.logoMime, updatedAt: enti.updatedAt })
    .from(enti)
    .where(eq(enti.id, enteId));
  return row?.data && row.mime ? { data: row.data, mime: row.mime, updatedAt: row.updatedAt } : undefined;
}

/** When the Ente's callback secret with its partner was last set; never the secret itself. */
export async function partnerSecretSetAt(db: Database, ente: Pick<Ente, 'id' | 'partner'>): Promise<Date | null> {
  if (!ente.partner) return null;
  const [row] = await db
    .select({ createdAt: partnerCredentials.createdAt })
    .from(partnerCredentials)
    .where(and(eq(partnerCredentials.enteId, ente.id), eq(partnerCredentials.partner, ente.partner)));
  return row?.createdAt ?? null;
}

/**
 * Sets the secret that signs the partner's callbacks: the one the partner gave, or a new random one (the
 * built-in sandbox reads it from here). It is write-only: nothing ever shows it back, the audit included.
 */
export async function replacePartnerSecret(db: Database, actor: SettingsActor, secret: string | null): Promise<void> {
  await db.transaction(async (tx) => {
    const [ente] = await tx.select({ partner: enti.partner }).from(enti).where(eq(enti.id, actor.enteId)).for('update');
    if (!ente?.partner) throw new ActionError('L’Ente non ha ancora un partner tecnologico: lo assegna il centro servizi.');
    const callbackSecret = secret ?? randomBytes(32).toString('hex');
    const now = new Date();
    await tx
      .insert(partnerCredentials)
      .values({ enteId: actor.enteId, partner: ente.partner, callbackSecret, createdAt: now })
      .onConflictDoUpdate({ target: [partnerCredentials.enteId, partnerCredentials.partner], set: { callbackSecret, createdAt: now } });
    await auditSettings(tx, actor, 'segreto_partner_sostituito', {
      partner: ente.partner,
      generated: secret === null,
      before: { callbackSecret: '[omesso]' },
      after: { callbackSecret: '[omesso]' },
    });
  });
}
