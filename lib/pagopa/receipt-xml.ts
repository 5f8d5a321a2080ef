import { DOMParser } from '@xmldom/xmldom';
import { romeLocalToDate } from '@/lib/format/rome-time';
import type { ReceiptSubject, ReceiptTransfer } from '@/db/schema';
import type { PartnerReceipt } from '@/lib/partners/types';

/*
 * pagoPA's ctReceipt / ctReceiptV2 (paForNode.xsd, reference pagopa.md §4.3) read from XML as partners
 * deliver it: a SOAP paSendRTV2 envelope (broadcast station), a bare paSendRTV2Request (GPD's receipts
 * API), GovPay's `rt.xml`, or the receipt element alone. Elements are matched by local name, so any
 * namespace prefix works. Amounts are decimal euro in XML and become integer cents without floating point;
 * a paymentDateTime without offset is Italian time. The result still goes through partnerReceiptSchema.
 */

export class ReceiptXmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReceiptXmlError';
  }
}

/** Where the receipt came from in a paSendRTV2Request: which station sent it. */
export interface ReceiptEnvelope {
  idPA?: string;
  idBrokerPA?: string;
  idStation?: string;
}

type El = Element;

function children(parent: El, name: string): El[] {
  const out: El[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1 && (node as El).localName === name) out.push(node as El);
  }
  return out;
}

function child(parent: El, name: string): El | undefined {
  return children(parent, name)[0];
}

function text(parent: El, name: string): string | undefined {
  const el = child(parent, name);
  return el ? (el.textContent ?? '').trim() : undefined;
}

function required(parent: El, name: string): string {
  const value = text(parent, name);
  if (value === undefined || value === '') throw new ReceiptXmlError(`Elemento ${name} mancante`);
  return value;
}

/** Decimal euro ("45.01", "45.1", "45") to cents, exactly. */
export function euroToCents(value: string, field: string): number {
  const match = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!match) throw new ReceiptXmlError(`${field}: importo non valido (${value.slice(0, 20)})`);
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** xsd:dateTime with or without offset; without one it is Europe/Rome wall time. */
export function receiptInstant(value: string, field: string): string {
  const trimmed = value.trim();
  if (/(?:Z|[+-]\d{2}:\d{2})$/.test(trimmed)) {
    const parsed = Date.parse(trimmed);
    if (Number.isNaN(parsed)) throw new ReceiptXmlError(`${field}: data non valida`);
    return new Date(parsed).toISOString();
  }
  const local = romeLocalToDate(trimmed);
  if (!local) throw new ReceiptXmlError(`${field}: data non valida`);
  return local.toISOString();
}

function subject(el: El | undefined): ReceiptSubject | undefined {
  if (!el) return undefined;
  const id = child(el, 'uniqueIdentifier');
  if (!id) return undefined;
  const type = text(id, 'entityUniqueIdentifierType');
  const email = text(el, 'e-mail');
  return {
    type: type === 'G' ? 'G' : 'F',
    fiscalCode: required(id, 'entityUniqueIdentifierValue'),
    fullName: required(el, 'fullName'),
    ...(email ? { email } : {}),
  };
}

function metadataOf(el: El | undefined): Record<string, string> | undefined {
  if (!el) return undefined;
  const entries = children(el, 'mapEntry').map((entry) => [required(entry, 'key'), text(entry, 'value') ?? ''] as const);
  return entries.length ? Object.fromEntries(entries) : undefined;
}

function transfer(el: El): ReceiptTransfer {
  const iban = text(el, 'IBAN');
  const mbd = text(el, 'MBDAttachment');
  const companyName = text(el, 'companyName');
  const metadata = metadataOf(child(el, 'metadata'));
  return {
    idTransfer: Number(required(el, 'idTransfer')),
    amountCents: euroToCents(required(el, 'transferAmount'), 'transferAmount'),
    fiscalCodePA: required(el, 'fiscalCodePA'),
    ...(companyName ? { companyName } : {}),
    ...(iban ? { iban } : {}),
    ...(mbd ? { mbdAttachment: mbd } : {}),
    remittanceInformation: required(el, 'remittanceInformation'),
    transferCategory: required(el, 'transferCategory'),
    ...(metadata ? { metadata } : {}),
  };
}

function findReceipt(root: El): { receipt: El; request?: El } {
  if (child(root, 'receiptId')) return { receipt: root };
  const stack: El[] = [root];
  while (stack.length) {
    const el = stack.shift()!;
    const receipt = child(el, 'receipt');
    if (receipt && child(receipt, 'receiptId')) return { receipt, request: el };
    for (let node = el.firstChild; node; node = node.nextSibling) if (node.nodeType === 1) stack.push(node as El);
  }
  throw new ReceiptXmlError('Nessuna ricevuta (receipt) nel documento');
}

/**
 * Parses a receipt document; `original` keeps the bytes exactly as given. Throws ReceiptXmlError for
 * anything that is not a well-formed receipt (DOCTYPEs are refused: no entity expansion).
 */
export function parseReceiptXml(bytes: Buffer): { receipt: PartnerReceipt; envelope: ReceiptEnvelope } {
  const source = bytes.toString('utf8');
  if (/<!DOCTYPE/i.test(source)) throw new ReceiptXmlError('DOCTYPE non ammesso');
  const errors: string[] = [];
  let doc: ReturnType<DOMParser['parseFromString']>;
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') errors.push(String(message));
      },
    }).parseFromString(source, 'text/xml');
  } catch (error) {
    // xmldom throws its ParseError on fatal errors (e.g. unclosed tags) after reporting them.
    throw new ReceiptXmlError(`XML non valido: ${errors[0] ?? (error instanceof Error ? error.message : String(error))}`.slice(0, 200));
  }
  if (errors.length || !doc.documentElement) throw new ReceiptXmlError(`XML non valido: ${errors[0] ?? 'documento vuoto'}`.slice(0, 200));
  const { receipt: r, request } = findReceipt(doc.documentElement as unknown as El);
  const outcome = required(r, 'outcome');
  if (outcome !== 'OK') throw new ReceiptXmlError(`Esito ${outcome.slice(0, 10)}: pagoPA invia ricevute solo di pagamenti riusciti`);
  const list = child(r, 'transferList');
  const transfers = list ? children(list, 'transfer').map(transfer) : [];
  const fee = text(r, 'fee');
  // paymentDateTime is optional in the XSD: without it, the start of the applicationDate (a day) in Italy.
  const applicationDay = text(r, 'applicationDate');
  const paymentDateTime = text(r, 'paymentDateTime') ?? (applicationDay ? `${applicationDay}T00:00:00` : undefined);
  if (!paymentDateTime) throw new ReceiptXmlError('Elemento paymentDateTime mancante');
  const standIn = text(r, 'standIn');
  const optional = (name: string) => {
    const value = text(r, name);
    return value ? value : undefined;
  };
  const receipt: PartnerReceipt = {
    receiptId: required(r, 'receiptId'),
    noticeNumber: required(r, 'noticeNumber'),
    creditorFiscalCode: required(r, 'fiscalCode'),
    outcome: 'OK',
    creditorReferenceId: required(r, 'creditorReferenceId'),
    amountCents: euroToCents(required(r, 'paymentAmount'), 'paymentAmount'),
    description: required(r, 'description'),
    companyName: required(r, 'companyName'),
    officeName: optional('officeName'),
    debtor: subject(child(r, 'debtor')),
    payer: subject(child(r, 'payer')),
    transfers,
    idPsp: required(r, 'idPSP'),
    pspFiscalCode: optional('pspFiscalCode'),
    pspVatNumber: optional('pspPartitaIVA'),
    pspName: required(r, 'PSPCompanyName'),
    idChannel: required(r, 'idChannel'),
    channelDescription: optional('channelDescription'),
    paymentMethod: optional('paymentMethod'),
    feeCents: fee ? euroToCents(fee, 'fee') : undefined,
    paymentDateTime: receiptInstant(paymentDateTime, 'paymentDateTime'),
    applicationDate: optional('applicationDate'),
    transferDate: optional('transferDate'),
    paymentNote: optional('paymentNote'),
    metadata: metadataOf(child(r, 'metadata')),
    standIn: standIn === undefined ? undefined : standIn === 'true',
    original: { format: 'xml', bytes },
  };
  for (const key of Object.keys(receipt) as (keyof PartnerReceipt)[]) if (receipt[key] === undefined) delete receipt[key];
  const envelope: ReceiptEnvelope = request
    ? { idPA: text(request, 'idPA'), idBrokerPA: text(request, 'idBrokerPA'), idStation: text(request, 'idStation') }
    : {};
  return { receipt, envelope };
}
