import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { auditLog, conservazioneConfigs, conservazioneReceipts, type ConservazioneConfig } from '@/db/schema';
import { ActionError } from '@/lib/actions/result';
import { decryptSecrets, encryptSecrets } from '@/lib/partners/secrets';
import { conservazioneConfigSchema, type ConservatoreKind, type ConservazioneConfigInput } from './config-schema';
import { parerSecretsSchema, parerSettingsSchema, type ParerSecrets, type ParerSettings } from './parer/settings';
import { requestConservazioneRun } from './schedule';
import { conservazioneSettingsSchema, type ConservazioneSettings } from './settings';

/*
 * An Ente's conservazione configuration: read for the settings page (never the password), saved through
 * one validated, audited function, and loaded with the password decrypted only for the daily job.
 */

export interface ConservazioneActor {
  userId: string;
  address: string;
  /** Who acts: the Ente's own admin or the CIT on its behalf (said in the audit). */
  via: 'ente' | 'cit';
}

/** What the settings page shows: the stored configuration, with only whether a password is stored. */
export interface ConservazioneConfigView {
  conservatore: ConservatoreKind;
  enabled: boolean;
  settings: ConservazioneSettings | null;
  parer: ParerSettings | null;
  parerPasswordStored: boolean;
  /** The configuration refusal that stopped the last run; null when none. */
  configError: { code: string; message: string; at: Date } | null;
  updatedAt: Date;
  updatedBy: string | null;
}

export const CONFIG_SAVED = 'conservazione_configurata';

/** The Ente's configuration as stored; null when it has never been configured (conservatore: none). */
export async function loadConservazioneConfig(db: Database, enteId: string): Promise<ConservazioneConfigView | null> {
  const [row] = await db.select().from(conservazioneConfigs).where(eq(conservazioneConfigs.enteId, enteId));
  return row ? viewOf(row) : null;
}

export function viewOf(row: ConservazioneConfig): ConservazioneConfigView {
  return {
    conservatore: row.conservatore,
    enabled: row.enabled,
    settings: row.settings ? conservazioneSettingsSchema.parse(row.settings) : null,
    parer: row.parerSettings ? parerSettingsSchema.parse(row.parerSettings) : null,
    parerPasswordStored: row.parerSecretsCiphertext !== null,
    configError: row.configError ? { ...row.configError, at: new Date(row.configError.at) } : null,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

export interface SaveOutcome {
  /** Rejected (or stuck failed) receipts put back to be sent, since their cause may be what changed. */
  requeued: number;
}

/**
 * Saves the Ente's configuration, validated with the form's schema. The ParER password is encrypted bound
 * to the Ente; empty keeps the stored one, and switching away from ParER drops it. A save clears the last
 * configuration error and puts the rejected receipts back to pending; when conservazione is on, a run is
 * queued at once to try them again.
 * Audited with before/after (never the password: only whether it was set).
 */
export async function saveConservazioneConfig(
  db: Database,
  actor: ConservazioneActor,
  enteId: string,
  input: ConservazioneConfigInput,
): Promise<SaveOutcome> {
  const data = conservazioneConfigSchema.parse(input);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(conservazioneConfigs).where(eq(conservazioneConfigs.enteId, enteId)).for('update');
    const newPassword = data.conservatore === 'parer' && data.parerPassword ? data.parerPassword : null;
    const keptCiphertext = data.conservatore === 'parer' ? (before?.parerSecretsCiphertext ?? null) : null;
    const ciphertext = newPassword ? encryptSecrets(enteId, { password: newPassword }) : keptCiphertext;
    if (data.conservatore === 'parer' && data.enabled && !ciphertext) {
      throw new ActionError('Inserisci la password dell’utente versatore di ParER.', {
        parerPassword: 'Obbligatoria per attivare la conservazione presso ParER',
      });
    }
    const values = {
      conservatore: data.conservatore,
      enabled: data.enabled,
      settings: data.conservatore === 'none' ? null : (data.settings as Record<string, unknown>),
      parerSettings: data.conservatore === 'parer' ? (data.parer as Record<string, unknown>) : null,
      parerSecretsCiphertext: ciphertext,
      configError: null,
      updatedAt: new Date(),
      updatedBy: actor.userId,
    };
    await tx
      .insert(conservazioneConfigs)
      .values({ enteId, ...values })
      .onConflictDoUpdate({ target: conservazioneConfigs.enteId, set: values });
    const requeued = await tx
      .update(conservazioneReceipts)
      .set({ state: 'pending', attempts: 0, nextAttemptAt: null, updatedAt: new Date() })
      .where(
        and(
          eq(conservazioneReceipts.enteId, enteId),
          inArray(conservazioneReceipts.state, ['rejected', 'failed']),
          // Failed receipts still within their backoff keep it; only those out of attempts come back.
          sql`(${conservazioneReceipts.state} = 'rejected' or ${conservazioneReceipts.nextAttemptAt} is null)`,
        ),
      )
      .returning({ id: conservazioneReceipts.receiptRowId });
    await tx.insert(auditLog).values({
      enteId,
      actorUserId: actor.userId,
      action: CONFIG_SAVED,
      targetType: 'conservazione',
      targetId: enteId,
      details: {
        before: before ? auditedSettings(before) : null,
        after: auditedSettings(values),
        passwordSet: newPassword !== null,
        requeued: requeued.length,
        tramite: actor.via,
      },
      ip: actor.address.slice(0, 45),
    });
    if (data.enabled) await requestConservazioneRun(tx as Database, enteId);
    return { requeued: requeued.length };
  });
}

function auditedSettings(row: Pick<ConservazioneConfig, 'conservatore' | 'enabled' | 'settings' | 'parerSettings'>) {
  return { conservatore: row.conservatore, enabled: row.enabled, settings: row.settings, parer: row.parerSettings };
}

/** What the job needs to send: the configuration parsed again, the password decrypted. */
export type RunnableConfig =
  | { conservatore: 'parer'; settings: ConservazioneSettings; parer: ParerSettings; secrets: ParerSecrets }
  | { conservatore: 'export'; settings: ConservazioneSettings };

/**
 * The configuration the job runs with, or why it cannot run: not configured, switched off, or a stored value
 * that no longer parses or decrypts (PARTNER_SECRETS_KEY changed, a ciphertext copied from another Ente).
 */
export function runnableConfig(row: ConservazioneConfig): RunnableConfig | { problem: string } {
  if (row.conservatore === 'none' || !row.enabled) return { problem: 'Conservazione non attiva' };
  const settings = conservazioneSettingsSchema.safeParse(row.settings);
  if (!settings.success) return { problem: 'Impostazioni di conservazione non valide: vanno salvate di nuovo' };
  if (row.conservatore === 'export') return { conservatore: 'export', settings: settings.data };
  const parer = parerSettingsSchema.safeParse(row.parerSettings);
  if (!parer.success) return { problem: 'Impostazioni di ParER non valide: vanno salvate di nuovo' };
  if (!row.parerSecretsCiphertext) return { problem: 'Password di ParER non inserita' };
  try {
    const secrets = parerSecretsSchema.parse(decryptSecrets(row.enteId, row.parerSecretsCiphertext));
    return { conservatore: 'parer', settings: settings.data, parer: parer.data, secrets };
  } catch {
    return { problem: 'Password di ParER illeggibile: va inserita di nuovo' };
  }
}
