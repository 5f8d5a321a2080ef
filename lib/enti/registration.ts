import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db';
import { adhesions, auditLog, enti, memberships, users, type Ente } from '@/db/schema';
import { openAdhesionFile } from '@/lib/onboarding/adhesion';
import { isValidNumericFiscalCode, isValidPersonFiscalCode } from '@/lib/pagopa/fiscal-code';
import { isValidSlug } from '@/lib/tenancy/host';

/** Subdomains that name the portal's own parts, or that people would mistake for them. */
export const RESERVED_SLUGS = new Set([
  'www',
  'admin',
  'cit',
  'api',
  'app',
  'spid',
  'cie',
  'oidc',
  'accedi',
  'sandbox',
  'static',
  'assets',
  'mail',
  'pagamenti',
]);

export const enteRegistrationSchema = z.object({
  name: z.string().trim().min(3, 'almeno 3 caratteri').max(200),
  kind: z.enum(['comune', 'unione', 'comunita_montana', 'altro'], { message: 'tipo: comune, unione, comunita_montana o altro' }),
  fiscalCode: z.string().trim().refine(isValidNumericFiscalCode, 'codice fiscale dell’Ente non valido (11 cifre con cifra di controllo)'),
  ipaCode: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_]{1,16}$/, 'codice IPA non valido'),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .refine(isValidSlug, 'sottodominio non valido: lettere minuscole, cifre e trattini, fino a 63 caratteri')
    .refine((slug) => !RESERVED_SLUGS.has(slug), 'sottodominio riservato al portale'),
  population2013: z.coerce.number().int().min(0).optional(),
  parentSlug: z.string().trim().toLowerCase().optional(),
  /** The multi-ente condition of the fee schedule (lib/fees.ts). */
  sharedReferente: z.boolean().default(false),
  activate: z.boolean().default(false),
  /** The referente operativo, appointed at once as first admin; the CIT's form appoints them later, on the adhesion page. */
  admin: z
    .object({
      fiscalCode: z
        .string()
        .trim()
        .transform((v) => v.toUpperCase())
        .refine(isValidPersonFiscalCode, 'codice fiscale del referente non valido'),
      fullName: z.string().trim().min(3).max(140),
    })
    .optional(),
});

export type EnteRegistration = z.output<typeof enteRegistrationSchema>;

export type RegistrationOutcome = { ok: true; ente: Ente } | { ok: false; reason: string };

/**
 * Registers an Ente with its adhesion file and first event and, when given, its first administrator (the
 * referente, by fiscal code: they sign in with SPID/CIE). It starts `richiesta` (no public site) unless
 * activated; the catalogue and the partner come later.
 */
export async function registerEnte(db: Database, input: EnteRegistration, actorUserId: string | null): Promise<RegistrationOutcome> {
  return db.transaction(async (tx) => {
    for (const [column, value, label] of [
      [enti.slug, input.slug, 'sottodominio'],
      [enti.fiscalCode, input.fiscalCode, 'codice fiscale'],
      [enti.ipaCode, input.ipaCode, 'codice IPA'],
    ] as const) {
      const [taken] = await tx.select({ id: enti.id }).from(enti).where(eq(column, value));
      if (taken) return { ok: false, reason: `esiste già un Ente con questo ${label}` };
    }
    let parentId: string | undefined;
    if (input.parentSlug) {
      const [parent] = await tx.select({ id: enti.id, kind: enti.kind }).from(enti).where(eq(enti.slug, input.parentSlug));
      if (!parent || (parent.kind !== 'unione' && parent.kind !== 'comunita_montana')) {
        return { ok: false, reason: 'l’Ente di appartenenza deve essere un’Unione o una Comunità Montana già registrata' };
      }
      parentId = parent.id;
    }
    const [ente] = await tx
      .insert(enti)
      .values({
        name: input.name,
        kind: input.kind,
        fiscalCode: input.fiscalCode,
        ipaCode: input.ipaCode,
        slug: input.slug,
        population2013: input.population2013,
        parentId,
        sharedReferente: input.sharedReferente,
        adhesionStatus: input.activate ? 'attivo' : 'richiesta',
        activatedAt: input.activate ? new Date() : null,
      })
      .returning();
    await openAdhesionFile(tx, ente!.id, ente!.adhesionStatus, actorUserId, 'Registrazione dell’Ente');
    if (input.admin) {
      const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.fiscalCode, input.admin.fiscalCode));
      const adminId =
        existing?.id ??
        (
          await tx.insert(users).values({ fiscalCode: input.admin.fiscalCode, fullName: input.admin.fullName }).returning({ id: users.id })
        )[0]!.id;
      await tx.insert(memberships).values({ userId: adminId, enteId: ente!.id, role: 'ente_admin' });
      await tx
        .update(adhesions)
        .set({
          referenteName: input.admin.fullName,
          referenteFiscalCode: input.admin.fiscalCode,
          referenteUserId: adminId,
          referenteAppointedAt: new Date(),
        })
        .where(eq(adhesions.enteId, ente!.id));
    }
    await tx.insert(auditLog).values({
      enteId: ente!.id,
      actorUserId,
      action: 'ente_registrato',
      targetType: 'ente',
      targetId: ente!.id,
      details: { slug: input.slug, admin: input.admin?.fiscalCode ?? null, activated: input.activate },
    });
    return { ok: true, ente: ente! };
  });
}
