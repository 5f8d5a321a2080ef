import { z } from 'zod';
import type { ReceiptSubject, ReceiptTransfer } from '@/db/schema';
import { euroToCents, parseReceiptXml, receiptInstant, ReceiptXmlError } from '@/lib/pagopa/receipt-xml';
import { validatePartnerReceipt } from '../receipt-schema';
import type { PartnerReceipt } from '../types';

/*
 * GovPay's `Ricevuta` (API Ente "Notifica e Verifica" v2 for the push, API Ragioneria v3 for the pull:
 * reference partners.md §1.5). What matters is inside `rt`: the pagoPA ctReceipt(V2), base64 XML in
 * `rt.xml` (PSP, fee and method are only there), or the same fields as JSON in `rt.json`.
 */

export class RicevutaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RicevutaError';
  }
}

/** The parts of a Ricevuta we read; the rest stays in the stored body. */
export const ricevutaSchema = z.object({
  dominio: z.object({ idDominio: z.string().max(35), ragioneSociale: z.string().optional() }),
  iuv: z.string().max(35),
  idRicevuta: z.string().max(1024),
  rt: z
    .object({
      tipo: z.string().max(50).optional(),
      xml: z
        .string()
        .max(16 * 1024 * 1024)
        .optional(),
      json: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
});

export type Ricevuta = z.infer<typeof ricevutaSchema>;

/** Strict base64 (GovPay sends standard base64; line breaks tolerated): anything else is malformed, not guessed at. */
export function decodeBase64(value: string): Buffer {
  const compact = value.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact))
    throw new RicevutaError('rt.xml non è base64 valido');
  return Buffer.from(compact, 'base64');
}

/**
 * The pagoPA receipt inside a Ricevuta, checked against our receipt schema. `rawBody` is the whole
 * Ricevuta as received: for an `rt.json` it is the original we keep (the JSON has no bytes of its own).
 */
export function receiptOfRicevuta(ricevuta: Ricevuta, rawBody: Buffer): PartnerReceipt {
  let receipt: PartnerReceipt;
  try {
    if (ricevuta.rt?.xml) receipt = parseReceiptXml(decodeBase64(ricevuta.rt.xml)).receipt;
    else if (ricevuta.rt?.json) receipt = receiptOfJson(ricevuta.rt.json, rawBody);
    else throw new RicevutaError('Ricevuta senza rt (né xml né json)');
  } catch (error) {
    if (error instanceof ReceiptXmlError) throw new RicevutaError(`rt non valida: ${error.message}`);
    throw error;
  }
  const checked = validatePartnerReceipt(receipt);
  if (!checked.success) {
    const [issue] = checked.error.issues;
    throw new RicevutaError(`Ricevuta non conforme${issue ? ` (${issue.path.join('.')}: ${issue.message})` : ''}`);
  }
  return checked.data;
}

const scalar = z.union([z.string(), z.number()]).transform(String);
const jsonSubject = z.object({
  uniqueIdentifier: z.object({ entityUniqueIdentifierType: z.enum(['F', 'G']), entityUniqueIdentifierValue: z.string() }),
  fullName: z.string(),
  'e-mail': z.string().optional(),
});
const jsonTransfer = z.object({
  idTransfer: z.coerce.number().int(),
  transferAmount: scalar,
  fiscalCodePA: z.string(),
  companyName: z.string().optional(),
  IBAN: z.string().optional(),
  MBDAttachment: z.string().optional(),
  remittanceInformation: z.string(),
  transferCategory: z.string(),
});
const jsonReceipt = z.object({
  receiptId: z.string(),
  noticeNumber: z.string(),
  fiscalCode: z.string(),
  outcome: z.literal('OK'),
  creditorReferenceId: z.string(),
  paymentAmount: scalar,
  description: z.string(),
  companyName: z.string(),
  officeName: z.string().optional(),
  debtor: jsonSubject.optional(),
  payer: jsonSubject.optional(),
  // ctReceipt as JSON: a plain list, or the XML shape {transfer: [...]}.
  transferList: z.union([z.array(jsonTransfer), z.object({ transfer: z.union([z.array(jsonTransfer), jsonTransfer]) })]),
  idPSP: z.string(),
  pspFiscalCode: z.string().optional(),
  pspPartitaIVA: z.string().optional(),
  PSPCompanyName: z.string(),
  idChannel: z.string(),
  channelDescription: z.string().optional(),
  paymentMethod: z.string().optional(),
  paymentNote: z.string().optional(),
  fee: scalar.optional(),
  paymentDateTime: z.string(),
  applicationDate: z.string().optional(),
  transferDate: z.string().optional(),
  standIn: z.boolean().optional(),
});

function subjectOf(s: z.infer<typeof jsonSubject> | undefined): ReceiptSubject | undefined {
  if (!s) return undefined;
  return {
    type: s.uniqueIdentifier.entityUniqueIdentifierType,
    fiscalCode: s.uniqueIdentifier.entityUniqueIdentifierValue,
    fullName: s.fullName,
    ...(s['e-mail'] ? { email: s['e-mail'] } : {}),
  };
}

/** `rt.json`: the ctReceipt's own element names, amounts in euro (number or text). Shape unverified against a live GovPay. */
function receiptOfJson(json: Record<string, unknown>, rawBody: Buffer): PartnerReceipt {
  const parsed = jsonReceipt.safeParse(json);
  if (!parsed.success) throw new RicevutaError(`rt.json non conforme (${parsed.error.issues[0]?.path.join('.')})`);
  const r = parsed.data;
  const list = Array.isArray(r.transferList) ? r.transferList : [r.transferList.transfer].flat();
  const transfers: ReceiptTransfer[] = list.map((t) => ({
    idTransfer: t.idTransfer,
    amountCents: euroToCents(t.transferAmount, 'transferAmount'),
    fiscalCodePA: t.fiscalCodePA,
    ...(t.companyName ? { companyName: t.companyName } : {}),
    ...(t.IBAN ? { iban: t.IBAN } : {}),
    ...(t.MBDAttachment ? { mbdAttachment: t.MBDAttachment } : {}),
    remittanceInformation: t.remittanceInformation,
    transferCategory: t.transferCategory,
  }));
  const receipt: PartnerReceipt = {
    receiptId: r.receiptId,
    noticeNumber: r.noticeNumber,
    creditorFiscalCode: r.fiscalCode,
    outcome: 'OK',
    creditorReferenceId: r.creditorReferenceId,
    amountCents: euroToCents(r.paymentAmount, 'paymentAmount'),
    description: r.description,
    companyName: r.companyName,
    officeName: r.officeName,
    debtor: subjectOf(r.debtor),
    payer: subjectOf(r.payer),
    transfers,
    idPsp: r.idPSP,
    pspFiscalCode: r.pspFiscalCode,
    pspVatNumber: r.pspPartitaIVA,
    pspName: r.PSPCompanyName,
    idChannel: r.idChannel,
    channelDescription: r.channelDescription,
    paymentMethod: r.paymentMethod,
    feeCents: r.fee === undefined ? undefined : euroToCents(r.fee, 'fee'),
    paymentDateTime: receiptInstant(r.paymentDateTime, 'paymentDateTime'),
    applicationDate: r.applicationDate,
    transferDate: r.transferDate,
    paymentNote: r.paymentNote,
    standIn: r.standIn,
    original: { format: 'json', bytes: rawBody },
  };
  for (const key of Object.keys(receipt) as (keyof PartnerReceipt)[]) if (receipt[key] === undefined) delete receipt[key];
  return receipt;
}
