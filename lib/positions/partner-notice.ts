import { z } from 'zod';
import type { Database } from '@/db';
import { positions, type Ente, type Position } from '@/db/schema';
import { logger } from '@/lib/logger';
import { partnerContext, type PartnerResolver } from '@/lib/partners/registry';
import type { PartnerNotice } from '@/lib/partners/types';
import { findPositionByNotice } from './queries';

/*
 * Notices of this Ente that the partner created outside the portal (its own TARI run, for example) and
 * that a citizen brings to «Paga un avviso». The partner is asked only when the notice is not ours and
 * its adapter can look notices up ('find_notice'); a payable one becomes a local position of origin
 * 'partner', already registered, so that the cart, the checkout and recordReceipt treat it like ours.
 */

export type EnteForPartnerLookup = Pick<Ente, 'id' | 'fiscalCode' | 'name' | 'partner'>;

export interface PartnerLookup {
  ente: EnteForPartnerLookup;
  resolvePartner: PartnerResolver;
}

/** PostgreSQL text cannot hold NUL: such an answer is malformed, not something to store. */
const text = z.string().refine((value) => !value.includes('\u0000'));

/** The partner's answer as we accept it: what does not fit our columns is not a notice we can take. */
const partnerNoticeSchema = z.object({
  noticeNumber: z.string().regex(/^[0-9]{18}$/),
  iuv: z.string().regex(/^[0-9A-Za-z]{1,35}$/),
  amountCents: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  description: text.pipe(z.string().trim().min(1)),
  dueDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}/)
    .transform((d) => d.slice(0, 10))
    .nullable(),
  debtor: z
    .object({
      type: z.enum(['F', 'G']),
      fiscalCode: text.transform((cf) => cf.trim().toUpperCase()),
      fullName: text,
      email: text.pipe(z.string().max(254)).optional(),
    })
    .nullable(),
  payable: z.boolean(),
});

export type FoundAtPartner = z.output<typeof partnerNoticeSchema>;

/**
 * The partner's notice with this number, or null when it has none, cannot look notices up, answers
 * something that is not this notice, or cannot be reached (logged: the citizen gets the not-found answer).
 */
export async function findAtPartner(lookup: PartnerLookup, noticeNumber: string): Promise<FoundAtPartner | null> {
  let answer: PartnerNotice | null;
  try {
    const partner = await lookup.resolvePartner(lookup.ente);
    if (!partner.capabilities.has('find_notice') || !partner.findNotice) return null;
    answer = await partner.findNotice(partnerContext(lookup.ente), noticeNumber);
  } catch (error) {
    logger.warn(
      { enteId: lookup.ente.id, err: error instanceof Error ? error.message : String(error) },
      'ricerca dell’avviso presso il partner non riuscita',
    );
    return null;
  }
  if (!answer) return null;
  const parsed = partnerNoticeSchema.safeParse(answer);
  if (!parsed.success || parsed.data.noticeNumber !== noticeNumber) {
    logger.warn({ enteId: lookup.ente.id }, 'il partner ha risposto con un avviso non valido o diverso da quello chiesto');
    return null;
  }
  return parsed.data;
}

/**
 * Takes the partner's payable notice as a local position (unique per Ente and notice number: a second
 * lookup, even a concurrent one, finds the same row). Undefined only if the number is taken otherwise.
 */
export async function adoptPartnerNotice(db: Database, ente: EnteForPartnerLookup, notice: FoundAtPartner): Promise<Position | undefined> {
  const now = new Date();
  await db
    .insert(positions)
    .values({
      enteId: ente.id,
      creditorFiscalCode: ente.fiscalCode,
      noticeNumber: notice.noticeNumber,
      iuv: notice.iuv,
      debtorType: notice.debtor?.type,
      debtorFiscalCode: notice.debtor?.fiscalCode.slice(0, 16),
      debtorName: notice.debtor?.fullName.slice(0, 140),
      debtorEmail: notice.debtor?.email,
      causale: notice.description.slice(0, 140),
      amountCents: notice.amountCents,
      dueDate: notice.dueDate,
      formData: {},
      origin: 'partner',
      registrationStatus: 'registered',
      registeredAt: now,
    })
    .onConflictDoNothing();
  return findPositionByNotice(db, ente.id, notice.noticeNumber);
}
