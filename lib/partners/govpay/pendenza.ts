import { z } from 'zod';
import type { PositionTransfer, ReceiptSubject } from '@/db/schema';
import { ANONYMOUS_DEBTOR } from '@/lib/positions/partner-position';
import type { GovpaySettings } from '../connection-settings';
import { PartnerRejectedError, type PartnerContext, type PartnerNotice, type PositionForPartner } from '../types';

/*
 * Our position as GovPay's `NuovaPendenza` (API Pendenze v2, reference partners.md §1.2 and pagopa.md
 * §6.1), and GovPay's `Pendenza` read back. GovPay speaks euro as JSON numbers: the conversion from and to
 * integer cents happens here and only here, through the decimal text, never by float arithmetic.
 */

const ID_PENDENZA = /^[a-zA-Z0-9\-_]{1,35}$/;
const ID_TIPO_PENDENZA = /^[a-zA-Z0-9\-_.]{1,35}$/;

/** The one placeholder debtor of the portal (lib/positions/partner-position.ts) in GovPay's words. */
export const ANONYMOUS_SOGGETTO = {
  tipo: ANONYMOUS_DEBTOR.type,
  identificativo: ANONYMOUS_DEBTOR.fiscalCode,
  anagrafica: ANONYMOUS_DEBTOR.fullName,
} as const;

/** Our UUID is 36 characters with hyphens; GovPay's idPendenza allows 35, so the hyphens go. */
export function govpayIdPendenza(positionId: string): string {
  const id = positionId.replace(/-/g, '');
  if (!ID_PENDENZA.test(id)) throw new RangeError(`Identificativo della posizione non utilizzabile come idPendenza: ${id.slice(0, 40)}`);
  return id;
}

/** Cents to a euro number whose JSON text is the exact decimal (4501 → 45.01). */
export function centsToEuro(cents: number): number {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError(`Importo non valido: ${cents}`);
  return Number(`${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`);
}

/** A euro number from GovPay to cents, refusing anything with more than two decimals. */
export function euroToCentsExact(euro: number): number {
  const match = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(String(euro));
  if (!match) throw new PartnerRejectedError(`GovPay: importo non valido (${String(euro).slice(0, 20)})`);
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** GovPay's codifica of tipoContabilita (CtPaymentPABuilder: codifica + "/" + codiceContabilita). */
const TIPO_CONTABILITA: Record<string, 'CAPITOLO' | 'SPECIALE' | 'SIOPE' | 'ALTRO'> = {
  '0': 'CAPITOLO',
  '1': 'SPECIALE',
  '2': 'SIOPE',
  '9': 'ALTRO',
};

/** `9/0101101IM/` → ALTRO + `0101101IM/`. Prefixes GovPay cannot express (6/, 7/, 8/) are refused. */
export function contabilitaOf(category: string): { tipoContabilita: string; codiceContabilita: string } {
  const match = /^([0-9])\/(.+)$/.exec(category);
  const tipo = match ? TIPO_CONTABILITA[match[1]!] : undefined;
  if (!match || !tipo)
    throw new PartnerRejectedError(
      `GovPay non può rappresentare la tassonomia ${category.slice(0, 40)}: servono i prefissi 0/, 1/, 2/ o 9/`,
    );
  return { tipoContabilita: tipo, codiceContabilita: match[2]!.slice(0, 135) };
}

export interface NuovaVocePendenza {
  idVocePendenza: string;
  importo: number;
  descrizione: string;
  idDominio?: string;
  ibanAccredito?: string;
  ibanAppoggio?: string;
  tipoContabilita?: string;
  codiceContabilita?: string;
  tipoBollo?: string;
  hashDocumento?: string;
  provinciaResidenza?: string;
}

export interface Soggetto {
  tipo: 'F' | 'G';
  identificativo: string;
  anagrafica?: string;
  email?: string;
  indirizzo?: string;
}

export interface NuovaPendenza {
  idTipoPendenza: string;
  idDominio: string;
  causale: string;
  soggettoPagatore: Soggetto;
  importo: number;
  numeroAvviso?: string;
  dataValidita?: string;
  dataScadenza?: string;
  voci: NuovaVocePendenza[];
}

/** One transfer (accredito) as one voce: IBAN (with its postal support IBAN), or a marca da bollo digitale. */
function voce(ctx: PartnerContext, transfer: PositionTransfer): NuovaVocePendenza {
  const common: NuovaVocePendenza = {
    idVocePendenza: String(transfer.idTransfer),
    importo: centsToEuro(transfer.amountCents),
    descrizione: transfer.remittanceInformation.slice(0, 140),
    ...(transfer.fiscalCodePA !== ctx.creditorFiscalCode ? { idDominio: transfer.fiscalCodePA } : {}),
  };
  if (transfer.stamp)
    return {
      ...common,
      tipoBollo: transfer.stamp.stampType,
      hashDocumento: transfer.stamp.hashDocument,
      provinciaResidenza: transfer.stamp.provincialResidence,
    };
  const accredito = transfer.iban ?? transfer.postalIban;
  if (!accredito) throw new PartnerRejectedError(`Voce ${transfer.idTransfer} senza IBAN né marca da bollo`);
  return {
    ...common,
    ibanAccredito: accredito,
    ...(transfer.iban && transfer.postalIban ? { ibanAppoggio: transfer.postalIban } : {}),
    ...contabilitaOf(transfer.category),
  };
}

/** The transfers of a position; a position from before transfers existed is one transfer to the Ente. */
function transfersOf(ctx: PartnerContext, position: PositionForPartner): PositionTransfer[] {
  if (position.transfers?.length) return position.transfers;
  return [
    {
      idTransfer: 1,
      amountCents: position.amountCents,
      fiscalCodePA: ctx.creditorFiscalCode,
      companyName: ctx.companyName,
      iban: position.iban,
      remittanceInformation: position.description,
      category: position.taxonomyCode,
    },
  ];
}

function soggetto(debtor: ReceiptSubject | null, address: string | undefined): Soggetto {
  if (!debtor) return { ...ANONYMOUS_SOGGETTO };
  return {
    tipo: debtor.type,
    identificativo: debtor.fiscalCode.slice(0, 16),
    anagrafica: debtor.fullName.slice(0, 70),
    ...(debtor.email ? { email: debtor.email } : {}),
    // pagoPA's ctSubject streetName holds 70 characters: more would be refused down the line.
    ...(address ? { indirizzo: address.slice(0, 70) } : {}),
  };
}

export function toNuovaPendenza(ctx: PartnerContext, position: PositionForPartner, settings: GovpaySettings): NuovaPendenza {
  const transfers = transfersOf(ctx, position);
  if (transfers.length < 1 || transfers.length > 5) throw new PartnerRejectedError('GovPay accetta da 1 a 5 voci per pendenza');
  const sum = transfers.reduce((total, t) => total + t.amountCents, 0);
  if (sum !== position.amountCents) throw new PartnerRejectedError('La somma delle voci non corrisponde all’importo della posizione');
  const idTipoPendenza = position.serviceCode ?? settings.defaultTipoPendenza;
  if (!ID_TIPO_PENDENZA.test(idTipoPendenza))
    throw new PartnerRejectedError(`Tipo pendenza non valido per GovPay: ${idTipoPendenza.slice(0, 40)}`);
  // A due date that is only the portal's default validity must not make the pendenza unpayable at GovPay:
  // dataScadenza ends payment, dataValidita only says the data may change after it.
  const binding = position.dueDateBinding !== false;
  return {
    idTipoPendenza,
    idDominio: ctx.creditorFiscalCode,
    causale: position.description.slice(0, 140),
    soggettoPagatore: soggetto(position.debtor, position.debtorAddress),
    importo: centsToEuro(position.amountCents),
    ...(settings.ownNoticeNumbers ? { numeroAvviso: position.noticeNumber } : {}),
    ...(position.dueDate ? (binding ? { dataScadenza: position.dueDate } : { dataValidita: position.dueDate }) : {}),
    voci: transfers.map((t) => voce(ctx, t)),
  };
}

/** What we read of GovPay's `Pendenza` (unknown fields are ignored). */
export const pendenzaSchema = z.object({
  idDominio: z.string().optional(),
  dominio: z.object({ idDominio: z.string() }).optional(),
  numeroAvviso: z.string().optional(),
  stato: z.enum(['NON_ESEGUITA', 'ESEGUITA', 'ESEGUITA_PARZIALE', 'ANNULLATA', 'SCADUTA', 'ANOMALA', 'INCASSATA']),
  importo: z.number().nonnegative(),
  causale: z.string().max(140).optional(),
  dataScadenza: z.string().optional(),
  soggettoPagatore: z
    .object({
      tipo: z.enum(['F', 'G']),
      identificativo: z.string().max(16),
      anagrafica: z.string().max(70).optional(),
      email: z.string().optional(),
    })
    .optional(),
  iuvAvviso: z.string().optional(),
});

export type Pendenza = z.infer<typeof pendenzaSchema>;

export function parsePendenza(where: string, json: unknown): Pendenza {
  const parsed = pendenzaSchema.safeParse(json);
  if (!parsed.success) throw new PartnerRejectedError(`${where}: risposta non conforme (${parsed.error.issues[0]?.path.join('.')})`);
  return parsed.data;
}

/** A pendenza GovPay knows as a notice for «Paga un avviso»; the placeholder debtor is no debtor. */
export function noticeFromPendenza(noticeNumber: string, pendenza: Pendenza): PartnerNotice {
  const s = pendenza.soggettoPagatore;
  const dueDate = pendenza.dataScadenza && /^\d{4}-\d{2}-\d{2}/.test(pendenza.dataScadenza) ? pendenza.dataScadenza.slice(0, 10) : null;
  return {
    noticeNumber,
    iuv: pendenza.iuvAvviso ?? noticeNumber.slice(1),
    amountCents: euroToCentsExact(pendenza.importo),
    description: pendenza.causale ?? '',
    dueDate,
    debtor:
      s && s.identificativo !== ANONYMOUS_SOGGETTO.identificativo
        ? { type: s.tipo, fiscalCode: s.identificativo, fullName: s.anagrafica ?? '', ...(s.email ? { email: s.email } : {}) }
        : null,
    payable: pendenza.stato === 'NON_ESEGUITA',
  };
}
