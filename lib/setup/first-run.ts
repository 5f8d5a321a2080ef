import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db';
import { auditLog, providerProfile, users } from '@/db/schema';
import { issuePasswordReset } from '@/lib/auth/password-reset';
import { isValidPersonFiscalCode } from '@/lib/pagopa/fiscal-code';
import { saveProviderProfile } from '@/lib/provider/profile';
import type { ProviderProfileData } from '@/lib/provider/schemas';

export const firstAdminSchema = z.object({
  fiscalCode: z
    .string()
    .trim()
    .transform((v) => v.toUpperCase())
    .refine(isValidPersonFiscalCode, 'codice fiscale della persona non valido'),
  fullName: z.string().trim().min(3, 'almeno 3 caratteri').max(140),
  email: z
    .union([z.literal(''), z.email({ message: 'indirizzo e-mail non valido' }).max(254)])
    .optional()
    .transform((v) => (v ? v.toLowerCase() : undefined)),
});

export type FirstAdmin = z.output<typeof firstAdminSchema>;

export type SetupOutcome =
  | { kind: 'installed'; adminId: string; passwordToken?: string }
  | { kind: 'admin-added'; adminId: string; passwordToken?: string }
  | { kind: 'refused'; reason: string };

export interface SetupRequest {
  /** Required for a first run; ignored when adding an admin to an installation. */
  provider?: ProviderProfileData;
  admin: FirstAdmin;
  /** Add another CIT admin to an installation that has its provider already. */
  addAdmin: boolean;
  /** STAFF_PASSWORD_LOGIN: also issue a one-time link to set a password, when the admin has an e-mail to log in with. */
  passwordLogin: boolean;
  now: Date;
}

/**
 * `npm run setup`: creates the provider's identity and the first CIT admin (by fiscal code: they sign in
 * with SPID/CIE), or adds one more admin when asked. Refuses a second first run and a demo database.
 */
export async function runSetup(db: Database, request: SetupRequest): Promise<SetupOutcome> {
  const [profile] = await db.select({ isDemo: providerProfile.isDemo }).from(providerProfile);
  if (profile?.isDemo)
    return { kind: 'refused', reason: 'il database contiene i dati dimostrativi: usa un database vuoto per l’installazione reale' };
  if (profile && !request.addAdmin) {
    return { kind: 'refused', reason: 'il portale è già configurato; per aggiungere un amministratore usa --add-admin' };
  }
  if (!profile && request.addAdmin)
    return { kind: 'refused', reason: 'il portale non è ancora configurato: esegui prima setup senza --add-admin' };
  if (!profile && !request.provider) return { kind: 'refused', reason: 'mancano i dati dell’ente gestore' };

  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(users).where(eq(users.fiscalCode, request.admin.fiscalCode)).for('update');
    if (existing?.platformRole === 'cit_admin') return { kind: 'refused', reason: 'questa persona è già amministratore' } as const;
    if (!profile) await saveProviderProfile(tx, request.provider!, { userId: null });
    const [admin] = existing
      ? await tx
          .update(users)
          .set({ platformRole: 'cit_admin', disabledAt: null })
          .where(eq(users.id, existing.id))
          .returning({ id: users.id })
      : await tx
          .insert(users)
          .values({
            fiscalCode: request.admin.fiscalCode,
            fullName: request.admin.fullName,
            email: request.admin.email,
            platformRole: 'cit_admin',
          })
          .returning({ id: users.id });
    await tx.insert(auditLog).values({
      enteId: null,
      actorUserId: null,
      action: 'amministratore_gestore_creato',
      targetType: 'user',
      targetId: admin!.id,
      details: { fiscalCode: request.admin.fiscalCode, by: 'npm run setup' },
    });
    const passwordToken = request.passwordLogin && request.admin.email ? await issuePasswordReset(tx, admin!.id, request.now) : undefined;
    return { kind: profile ? 'admin-added' : 'installed', adminId: admin!.id, passwordToken } as const;
  });
}
