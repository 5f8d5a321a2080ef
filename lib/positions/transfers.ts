import type { Ente, Position, PositionTransfer, Service, TransferShare } from '@/db/schema';
import { isTariCode, isValidTaxonomyCode, tariCodeFor } from '@/lib/catalogue/taxonomy';

/*
 * The transfers of a position as pagoPA defines them (GPD `transfer[]`, GovPay `voci`): 1 to 5, each with
 * its beneficiary, IBAN, causale and taxonomy, summing exactly to the amount. The first is always the
 * Ente's own; the others are the service's split (multi-beneficiario, e.g. the Province's TEFA on TARI).
 *
 * Rounding rule: a percentage share is rounded DOWN to the cent and every remainder stays with the Ente's
 * own transfer, so the other beneficiaries never get more than their share and the sum is always exact.
 * A percentage share that rounds to 0 cents is left out (pagoPA refuses a transfer of 0); the Ente's own
 * part must stay at least 1 cent, or the position cannot be created.
 */

export const MAX_TRANSFERS = 5;
/** The Ente keeps the first transfer: at most four other beneficiaries. */
export const MAX_SHARES = MAX_TRANSFERS - 1;

/** What each share takes of `amountCents` (0 for a percentage too small to reach a cent). */
export function shareAmounts(shares: readonly TransferShare[], amountCents: number): number[] {
  return shares.map((share) =>
    share.fixedCents !== undefined ? share.fixedCents : Math.floor((amountCents * (share.basisPoints ?? 0)) / 10_000),
  );
}

/** Why this split cannot apply to this amount, in Italian; null when it can. */
export function splitProblem(shares: readonly TransferShare[], amountCents: number): string | null {
  if (shares.length > MAX_SHARES) return `Al massimo ${MAX_SHARES} altri beneficiari: pagoPA ammette 5 versamenti per avviso`;
  const taken = shareAmounts(shares, amountCents).reduce((sum, cents) => sum + cents, 0);
  if (amountCents - taken < 1) return "Le quote degli altri beneficiari non lasciano nulla all'Ente: riduci le quote o aumenta l'importo";
  return null;
}

export interface AccountingInput {
  ente: Pick<Ente, 'fiscalCode' | 'name' | 'iban'>;
  service: Pick<Service, 'taxonomyCode' | 'ibanOverride' | 'transferSplit'>;
  causale: string;
  amountCents: number;
  /** The year the debt refers to: it picks the TARI code (referenceYearOf). */
  referenceYear: number;
  currentYear: number;
}

/** What a position copies from its service when created: the first transfer's taxonomy and IBAN (kept as columns) and the transfers. */
export interface Accounting {
  taxonomyCode: string;
  iban: string;
  transfers: PositionTransfer[];
}

/** A failure names its cause: the service's split does not fit this amount, or the service's taxonomy is invalid. */
export type AccountingOutcome = { ok: true; accounting: Accounting } | { ok: false; cause: 'amount' | 'service'; message: string };

/** The transfers of a new position of `service` for `amountCents`. */
export function serviceAccounting(input: AccountingInput): AccountingOutcome {
  const { ente, service, causale, amountCents } = input;
  const shares = service.transferSplit ?? [];
  const problem = splitProblem(shares, amountCents);
  if (problem) return { ok: false, cause: 'amount', message: problem };
  const category = isTariCode(service.taxonomyCode) ? tariCodeFor(input.referenceYear, input.currentYear) : service.taxonomyCode;
  const categories = [category, ...shares.map((s) => s.category)];
  if (!categories.every(isValidTaxonomyCode))
    return {
      ok: false,
      cause: 'service',
      message: 'Il servizio ha un codice tassonomia non valido: correggilo nel catalogo prima di emettere avvisi',
    };
  const iban = service.ibanOverride ?? ente.iban ?? '';
  const amounts = shareAmounts(shares, amountCents);
  const others = shares
    .map((share, i) => ({ share, cents: amounts[i]! }))
    .filter(({ cents }) => cents > 0)
    .map(({ share, cents }): Omit<PositionTransfer, 'idTransfer'> => ({
      amountCents: cents,
      fiscalCodePA: share.fiscalCodePA,
      companyName: share.companyName,
      iban: share.iban,
      remittanceInformation: share.remittanceInformation ?? causale,
      category: share.category,
    }));
  const own: Omit<PositionTransfer, 'idTransfer'> = {
    amountCents: amountCents - others.reduce((sum, t) => sum + t.amountCents, 0),
    fiscalCodePA: ente.fiscalCode,
    companyName: ente.name,
    ...(iban ? { iban } : {}),
    remittanceInformation: causale,
    category,
  };
  const transfers = [own, ...others].map((t, i) => ({ idTransfer: i + 1, ...t }));
  return { ok: true, accounting: { taxonomyCode: category, iban, transfers } };
}

/** Why these transfers cannot be a position's of `amountCents`; null when they can. */
export function transfersProblem(transfers: readonly PositionTransfer[], amountCents: number): string | null {
  if (transfers.length < 1 || transfers.length > MAX_TRANSFERS) return `Da 1 a ${MAX_TRANSFERS} versamenti per posizione`;
  if (transfers.some((t, i) => t.idTransfer !== i + 1)) return 'Versamenti numerati da 1 in ordine';
  if (transfers.some((t) => !Number.isSafeInteger(t.amountCents) || t.amountCents < 1)) return 'Ogni versamento vale almeno 1 centesimo';
  const sum = transfers.reduce((total, t) => total + t.amountCents, 0);
  if (sum !== amountCents) return `I versamenti sommano ${sum} centesimi invece di ${amountCents}`;
  return null;
}

/** The year in Rome today. */
export function currentYearInRome(now: Date): number {
  return Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric' }).format(now));
}

/**
 * The year a debt refers to: the form's «anno» field when the service asks for it (a TARI service for
 * arrears), otherwise the due date's year, otherwise this year in Rome.
 */
export function referenceYearOf(input: { formData?: Record<string, unknown>; dueDate: string | null }, now: Date): number {
  const declared = input.formData?.anno;
  if (typeof declared === 'string' && /^\d{4}$/.test(declared.trim())) return Number(declared.trim());
  if (input.dueDate) return Number(input.dueDate.slice(0, 4));
  return currentYearInRome(now);
}

/**
 * A position's transfers: as stored, or for a position written before multi-beneficiary support (null
 * `transfers`) the one transfer its IBAN and taxonomy describe.
 */
export function transfersOf(
  position: Pick<Position, 'transfers' | 'amountCents' | 'creditorFiscalCode' | 'iban' | 'taxonomyCode' | 'causale'>,
  companyName: string,
): PositionTransfer[] {
  if (position.transfers && position.transfers.length > 0) return position.transfers;
  return [
    {
      idTransfer: 1,
      amountCents: position.amountCents,
      fiscalCodePA: position.creditorFiscalCode,
      companyName,
      ...(position.iban ? { iban: position.iban } : {}),
      remittanceInformation: position.causale,
      category: position.taxonomyCode ?? '',
    },
  ];
}

/** serviceAccounting for a new (or re-issued) position, its reference year taken from its form data and due date. */
export function accountingFor(
  ente: AccountingInput['ente'],
  service: AccountingInput['service'],
  position: { causale: string; amountCents: number; dueDate: string | null; formData?: Record<string, unknown> },
  now = new Date(),
): AccountingOutcome {
  return serviceAccounting({
    ente,
    service,
    causale: position.causale,
    amountCents: position.amountCents,
    referenceYear: referenceYearOf(position, now),
    currentYear: currentYearInRome(now),
  });
}
