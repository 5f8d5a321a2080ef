import type { Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translate';
import type { Database } from '@/db';
import type { Position } from '@/db/schema';
import { serviceTitleOf } from './service-title';
import { hitRateLimit, peekRateLimit, type RateLimitRule } from '@/lib/security/rate-limit';
import { adoptPartnerNotice, findAtPartner, type PartnerLookup } from './partner-notice';
import { findPositionByNotice } from './queries';
import type { NoticeClaim } from './schemas';

/**
 * Finding an existing notice. Notice numbers are sequential, so a number alone proves nothing: the
 * debtor's fiscal code must match too, and a wrong pair answers exactly like an unknown notice. Lookups
 * are limited per client address, and failures per notice (across addresses), in PostgreSQL.
 */
export const NOTICE_LOOKUP_LIMITS = {
  perAddress: { name: 'notice-lookup:address', limit: 30, windowSeconds: 15 * 60 },
  failuresPerNotice: { name: 'notice-lookup:notice', limit: 10, windowSeconds: 60 * 60 },
} satisfies Record<string, RateLimitRule>;

/** The one answer to a wrong pair and to an unknown notice alike. */
export function noticeNotFoundMessage(enteName: string, locale: Locale = 'it'): string {
  return translate(locale, 'Notices')('notFound', { ente: enteName });
}

/** To the debtor only (the fiscal code matched): the partner has the notice, but it cannot be paid any more. */
export function noticeNotPayableMessage(enteName: string, locale: Locale = 'it'): string {
  return translate(locale, 'Notices')('notPayable', { ente: enteName });
}

/** Too many lookups from this address or for this notice (lookup limits above). */
export function noticeLookupLimitMessage(retryAfterSeconds: number, locale: Locale): string {
  return translate(locale, 'Notices')('tooMany', { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) });
}

export type ClaimResult =
  | { kind: 'found'; position: Position }
  | { kind: 'not_found' }
  | { kind: 'not_payable' }
  | { kind: 'rate_limited'; retryAfterSeconds: number };

const sameDebtor = (fiscalCode: string | null | undefined, claim: NoticeClaim) => fiscalCode?.toUpperCase() === claim.codiceFiscale;

/**
 * With `partner`, a notice that is not ours is looked up at the Ente's partner (partner-notice.ts). A
 * local notice with the wrong fiscal code asks the partner too, its answer unused: "not found" and
 * "wrong fiscal code" then both cost one partner call and cannot be told apart by their timing. A partner
 * that cannot be reached gives the same not-found answer (a note saying so would tell that the number is
 * not one of ours, without the fiscal code).
 */
export async function claimNotice(
  db: Database,
  enteId: string,
  claim: NoticeClaim,
  clientAddress: string,
  partner?: PartnerLookup,
): Promise<ClaimResult> {
  if (partner && partner.ente.id !== enteId) throw new Error('Ente della ricerca presso il partner diverso da quello della richiesta');
  const byAddress = await hitRateLimit(db, NOTICE_LOOKUP_LIMITS.perAddress, clientAddress);
  if (!byAddress.ok) return { kind: 'rate_limited', retryAfterSeconds: byAddress.retryAfterSeconds };
  const noticeKey = `${enteId}:${claim.codice}`;
  const byNotice = await peekRateLimit(db, NOTICE_LOOKUP_LIMITS.failuresPerNotice, noticeKey);
  if (!byNotice.ok) return { kind: 'rate_limited', retryAfterSeconds: byNotice.retryAfterSeconds };
  const position = await findPositionByNotice(db, enteId, claim.codice);
  if (position && sameDebtor(position.debtorFiscalCode, claim)) return { kind: 'found', position };
  const elsewhere = partner ? await findAtPartner(partner, claim.codice) : null;
  if (!position && elsewhere && sameDebtor(elsewhere.debtor?.fiscalCode, claim)) {
    if (!elsewhere.payable) return { kind: 'not_payable' };
    const adopted = await adoptPartnerNotice(db, partner!.ente, elsewhere);
    if (adopted && sameDebtor(adopted.debtorFiscalCode, claim)) return { kind: 'found', position: adopted };
  }
  await hitRateLimit(db, NOTICE_LOOKUP_LIMITS.failuresPerNotice, noticeKey);
  return { kind: 'not_found' };
}

/** What the person who proved possession sees of a notice. */
export interface NoticeView {
  noticeNumber: string;
  title: string;
  causale: string;
  amountCents: number;
  dueDate: string | null;
  status: Position['status'];
  debtorInitials: string;
}

/** Initials only: the page never needs to print back the debtor's full name. */
export function initialsOf(name: string | null): string {
  if (!name) return 'non indicato';
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => `${w[0]!.toUpperCase()}.`)
    .join(' ');
}

export async function noticeView(db: Database, position: Position): Promise<NoticeView> {
  return {
    noticeNumber: position.noticeNumber,
    title: (await serviceTitleOf(db, position)) ?? 'Avviso di pagamento',
    causale: position.causale,
    amountCents: position.amountCents,
    dueDate: position.dueDate,
    status: position.status,
    debtorInitials: initialsOf(position.debtorName),
  };
}
