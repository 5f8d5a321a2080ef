import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { auditLog, enti, partners, type Partner } from '@/db/schema';
import type { PartnerContactsData, PartnerStatusData } from './directory-schemas';

export type PartnerCode = Partner['code'];

export interface PartnerEntry extends Partner {
  /** The Enti whose current partner this is, by name. */
  enti: { slug: string; name: string; adhesionStatus: string }[];
}

/** The registry of partner tecnologici with the Enti using each, compatible ones first. */
export async function listPartners(db: Database): Promise<PartnerEntry[]> {
  const [rows, users] = await Promise.all([
    db.select().from(partners).orderBy(asc(partners.name)),
    db
      .select({ partner: enti.partner, slug: enti.slug, name: enti.name, adhesionStatus: enti.adhesionStatus })
      .from(enti)
      .orderBy(asc(enti.name)),
  ]);
  return rows
    .map((partner) => ({ ...partner, enti: users.filter((u) => u.partner === partner.code).map(({ partner: _p, ...ente }) => ente) }))
    .sort((a, b) => Number(b.compatible) - Number(a.compatible));
}

export async function findPartner(db: Database, code: PartnerCode): Promise<Partner | undefined> {
  const [row] = await db.select().from(partners).where(eq(partners.code, code));
  return row;
}

/** The partners an Ente may be assigned: only those the CIT confirmed compatible (the service page's condition). */
export async function compatiblePartners(db: Database): Promise<Pick<Partner, 'code' | 'name' | 'protocol'>[]> {
  return db
    .select({ code: partners.code, name: partners.name, protocol: partners.protocol })
    .from(partners)
    .where(eq(partners.compatible, true))
    .orderBy(asc(partners.name));
}

/** Whether `code` may be assigned to an Ente now. */
export async function isAssignablePartner(db: Database, code: PartnerCode): Promise<boolean> {
  const [row] = await db
    .select({ code: partners.code })
    .from(partners)
    .where(and(eq(partners.code, code), eq(partners.compatible, true)));
  return Boolean(row);
}

type Actor = { userId: string; address: string };

async function updateAudited(
  db: Database,
  code: PartnerCode,
  values: Partial<Partner>,
  action: 'partner_contatti_modificati' | 'partner_stato_modificato',
  actor: Actor,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(partners).where(eq(partners.code, code)).for('update');
    if (!before) return false;
    await tx
      .update(partners)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(partners.code, code));
    const changed = Object.fromEntries(
      Object.entries(values)
        .filter(([key, value]) => before[key as keyof Partner] !== value)
        .map(([key, value]) => [key, { before: before[key as keyof Partner], after: value }]),
    );
    await tx.insert(auditLog).values({
      enteId: null,
      actorUserId: actor.userId,
      action,
      targetType: 'partner',
      targetId: code,
      details: changed,
      ip: actor.address.slice(0, 45),
    });
    return true;
  });
}

/** Contacts, technical referent, website and notes: any CIT staff keeps them current. */
export function updatePartnerContacts(db: Database, code: PartnerCode, data: PartnerContactsData, actor: Actor): Promise<boolean> {
  return updateAudited(db, code, data, 'partner_contatti_modificati', actor);
}

/**
 * Compatibility and protocol: a CIT admin's decision. A partner no longer compatible cannot be assigned to
 * new Enti; those already using it keep it until they change partner (the registry lists them).
 */
export function updatePartnerStatus(db: Database, code: PartnerCode, data: PartnerStatusData, actor: Actor): Promise<boolean> {
  return updateAudited(db, code, data, 'partner_stato_modificato', actor);
}
