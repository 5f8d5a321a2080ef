import { getTableColumns, sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  char,
  check,
  customType,
  foreignKey,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgSequence,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import type { AmountRule } from '@/lib/catalogue/amount-rule';
import type { FormDefinition } from '@/lib/catalogue/form-definition';
import type { PendingReceipt } from '@/lib/receipts-pipeline/pending-receipt';

// Money is always integer euro cents. JS numbers hold cents exactly up to ~90 thousand billion euros.
const cents = (name: string) => bigint(name, { mode: 'number' });
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/** Raw bytes: a partner's body is kept exactly as received, NUL bytes and invalid UTF-8 included. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  // postgres-js gives a Buffer, PGlite a Uint8Array.
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

export const enteKind = pgEnum('ente_kind', ['comune', 'unione', 'comunita_montana', 'altro']);

/** Adhesion workflow: an Ente is served to citizens only while `attivo`. */
export const adhesionStatus = pgEnum('adhesion_status', ['richiesta', 'in_attivazione', 'attivo', 'sospeso', 'cessato']);

export const partnerCode = pgEnum('partner_code', ['sandbox', 'nordcom_tim', 'unimatica', 'maggioli', 'dedagroup']);

export const positionStatus = pgEnum('position_status', ['valid', 'paid', 'expired', 'cancelled']);

/** Whether the Ente's partner knows the position yet; `pending` ones are retried by a job. */
export const registrationStatus = pgEnum('registration_status', ['pending', 'registered']);

export const cartStatus = pgEnum('cart_status', ['open', 'started', 'paid', 'cancelled', 'failed', 'expired']);

export const inboxOutcome = pgEnum('inbox_outcome', ['receipt_created', 'duplicate', 'anomaly', 'rejected']);

export const anomalyKind = pgEnum('anomaly_kind', ['unknown_notice', 'amount_mismatch', 'not_payable']);

/** How money collected by mistake went back to whoever paid it. */
export const refundMethod = pgEnum('refund_method', ['bonifico', 'storno_psp', 'compensazione', 'altro']);

export const enteRole = pgEnum('ente_role', ['ente_admin', 'ente_operator', 'ente_viewer']);

export const platformRole = pgEnum('platform_role', ['cit_admin', 'cit_operator']);

/** Never reused: an index names an Ente's AttributeConsumingService in the SP metadata AgID registered. */
export const spidServiceIndexSeq = pgSequence('enti_spid_service_index_seq', { startWith: 1, minValue: 1, maxValue: 65535 });

export const enti = pgTable(
  'enti',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: varchar('slug', { length: 63 }).notNull(),
    name: varchar('name', { length: 200 }).notNull(),
    kind: enteKind('kind').notNull(),
    fiscalCode: char('fiscal_code', { length: 11 }).notNull(),
    ipaCode: varchar('ipa_code', { length: 16 }).notNull(),
    /** Residents at 31.12.2013: the CIT fee bands are defined on this figure. */
    population2013: integer('population_2013'),
    /** The Unione or Comunità Montana this Comune belongs to, if any. */
    parentId: uuid('parent_id').references((): AnyPgColumn => enti.id, { onDelete: 'restrict' }),
    adhesionStatus: adhesionStatus('adhesion_status').notNull().default('richiesta'),
    activatedAt: timestamp('activated_at', { withTimezone: true }),
    partner: partnerCode('partner'),
    segregationCode: char('segregation_code', { length: 2 }),
    cbill: varchar('cbill', { length: 5 }),
    iban: varchar('iban', { length: 34 }),
    logoUrl: text('logo_url'),
    /** The logo uploaded in the back office (PNG or JPEG, size-checked), served from the portal itself. */
    logoData: bytea('logo_data'),
    logoMime: varchar('logo_mime', { length: 20 }),
    /** Settore / ufficio shown on the avviso under the Ente's name. */
    sector: varchar('sector', { length: 50 }),
    /** Conto corrente postale, when the Ente collects on one: the avviso then carries the Poste block with its Data Matrix. */
    postalAccountNumber: varchar('postal_account_number', { length: 12 }),
    postalAccountHolder: varchar('postal_account_holder', { length: 50 }),
    /** Poste Italiane's authorisation to print the bollettino, e.g. «AUT. DB/SSIC/E 12345 DEL 01/01/2024». */
    postalAuthorization: varchar('postal_authorization', { length: 60 }),
    primaryColor: varchar('primary_color', { length: 7 }),
    address: varchar('address', { length: 200 }),
    email: varchar('email', { length: 254 }),
    pec: varchar('pec', { length: 254 }),
    phone: varchar('phone', { length: 30 }),
    website: varchar('website', { length: 254 }),
    officeHours: varchar('office_hours', { length: 200 }),
    /** This Ente's AttributeConsumingService index (SPID/CIE): the IdP shows its name at consent. 0 is the Province's. */
    /**
     * The seed's multi-ente condition: this Unione/Comunità Montana shares the single project referente with its
     * member Comuni (for a Comune: its Unione/CM does). It changes the CIT fees (lib/fees.ts).
     */
    sharedReferente: boolean('shared_referente').notNull().default(false),
    spidServiceIndex: integer('spid_service_index')
      .notNull()
      .default(sql`nextval('enti_spid_service_index_seq')`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('enti_slug_key').on(t.slug),
    uniqueIndex('enti_spid_service_index_key').on(t.spidServiceIndex),
    check('enti_spid_service_index_range', sql`${t.spidServiceIndex} between 1 and 65535`),
    uniqueIndex('enti_fiscal_code_key').on(t.fiscalCode),
    uniqueIndex('enti_ipa_code_key').on(t.ipaCode),
    index('enti_parent_id_idx').on(t.parentId),
    index('enti_adhesion_status_name_idx').on(t.adhesionStatus, t.name),
    check('enti_slug_format', sql`${t.slug} ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$' and ${t.slug} not like 'xn--%'`),
    check('enti_fiscal_code_format', sql`${t.fiscalCode} ~ '^[0-9]{11}$'`),
    check('enti_segregation_code_format', sql`${t.segregationCode} ~ '^[0-9]{2}$'`),
    check('enti_cbill_format', sql`${t.cbill} ~ '^[A-Z0-9]{5}$'`),
    check('enti_primary_color_format', sql`${t.primaryColor} ~ '^#[0-9a-fA-F]{6}$'`),
    check('enti_population_positive', sql`${t.population2013} >= 0`),
    check('enti_postal_account_format', sql`${t.postalAccountNumber} ~ '^[0-9]{1,12}$'`),
  ],
);

export const services = pgTable(
  'services',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id, { onDelete: 'restrict' }),
    /** Stable per Ente, used in URLs and as GovPay's idTipoPendenza. */
    code: varchar('code', { length: 35 }).notNull(),
    title: varchar('title', { length: 120 }).notNull(),
    summary: varchar('summary', { length: 300 }).notNull(),
    description: text('description').notNull(),
    category: varchar('category', { length: 60 }).notNull(),
    /** pagoPA taxonomy ("dati specifici di incasso"), e.g. 9/0101101IM/. */
    taxonomyCode: varchar('taxonomy_code', { length: 35 }).notNull(),
    amountRule: jsonb('amount_rule').$type<AmountRule>().notNull(),
    formDefinition: jsonb('form_definition').$type<FormDefinition>().notNull().default([]),
    causaleTemplate: varchar('causale_template', { length: 140 }).notNull(),
    payerInfo: text('payer_info'),
    ibanOverride: varchar('iban_override', { length: 34 }),
    /** Other beneficiaries' shares (pagoPA multi-beneficiary, e.g. the Province's TEFA on TARI): at most 4, the Ente keeps the rest. */
    transferSplit: jsonb('transfer_split').$type<TransferShare[]>().notNull().default([]),
    /** GovPay's idTipoPendenza for this service, when the partner's GovPay names it differently from `code`. */
    partnerServiceCode: varchar('partner_service_code', { length: 35 }),
    allowAnonymous: boolean('allow_anonymous').notNull().default(false),
    active: boolean('active').notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('services_ente_code_key').on(t.enteId, t.code),
    // Target of membership_services' foreign key: a scoped operator's service must be of their own Ente.
    uniqueIndex('services_ente_id_key').on(t.enteId, t.id),
    index('services_ente_active_category_idx').on(t.enteId, t.active, t.category, t.sortOrder),
    check('services_code_format', sql`${t.code} ~ '^[a-z0-9][a-z0-9-]{0,34}$'`),
    // SANP's format (lib/catalogue/taxonomy.ts isValidTaxonomyCode): prefix 6-9, reason IM|TS|SP|SA|AP.
    check('services_taxonomy_format', sql`${t.taxonomyCode} ~ '^[6-9]/[0-9]{7}(IM|TS|SP|SA|AP)/$'`),
  ],
);

export const positions = pgTable(
  'positions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id, { onDelete: 'restrict' }),
    serviceId: uuid('service_id').references(() => services.id, { onDelete: 'restrict' }),
    /** The service's title when the position was created: renaming a service must not change notices already issued. */
    serviceTitle: varchar('service_title', { length: 120 }),
    /** Denormalised from the Ente: pagoPA identifies a notice by (creditor fiscal code, NAV). */
    creditorFiscalCode: char('creditor_fiscal_code', { length: 11 }).notNull(),
    noticeNumber: char('notice_number', { length: 18 }).notNull(),
    iuv: varchar('iuv', { length: 35 }).notNull(),
    debtorType: char('debtor_type', { length: 1 }),
    debtorFiscalCode: varchar('debtor_fiscal_code', { length: 16 }),
    debtorName: varchar('debtor_name', { length: 140 }),
    debtorEmail: varchar('debtor_email', { length: 254 }),
    causale: varchar('causale', { length: 140 }).notNull(),
    amountCents: cents('amount_cents').notNull(),
    dueDate: date('due_date'),
    status: positionStatus('status').notNull().default('valid'),
    formData: jsonb('form_data').$type<Record<string, unknown>>(),
    taxonomyCode: varchar('taxonomy_code', { length: 35 }),
    iban: varchar('iban', { length: 34 }),
    /**
     * The transfers (1 to 5) as pagoPA defines them, summing to amount_cents. Null for positions written before
     * multi-beneficiary support: one transfer to `iban` with `taxonomy_code` (see lib/positions/transfers.ts).
     */
    transfers: jsonb('transfers').$type<PositionTransfer[]>(),
    debtorAddress: varchar('debtor_address', { length: 140 }),
    /** Instalment plans: the positions of one debt share a plan id; 0 is the single payment, 1..n the instalments. */
    planId: uuid('plan_id'),
    installment: smallint('installment'),
    /** Where the notice was created: here, or at the partner (found through «Paga un avviso»). */
    origin: varchar('origin', { length: 10 }).notNull().default('portal'),
    /** Who created it here: a citizen from a service page, staff at the counter, the API or an import. */
    channel: varchar('channel', { length: 10 }).notNull().default('staff'),
    /** When the partner confirmed the cancellation or expiry (GovPay ANNULLATA, GPD INVALID). */
    partnerInvalidatedAt: timestamp('partner_invalidated_at', { withTimezone: true }),
    /** Every transfer was matched in a flusso di rendicontazione (FdR): the money reached the accounts. */
    reportedAt: timestamp('reported_at', { withTimezone: true }),
    /** The Ente's own id for this debt (its tax, canteen or fines software): unique per Ente, the key of imports and the API. */
    externalId: varchar('external_id', { length: 64 }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelReason: varchar('cancel_reason', { length: 300 }),
    cancelledBy: uuid('cancelled_by').references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
    /** The bulk import that created or last changed it, if any. */
    importId: uuid('import_id').references((): AnyPgColumn => positionImports.id, { onDelete: 'set null' }),
    registrationStatus: registrationStatus('registration_status').notNull().default('pending'),
    registrationAttempts: integer('registration_attempts').notNull().default(0),
    registrationError: text('registration_error'),
    registeredAt: timestamp('registered_at', { withTimezone: true }),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('positions_creditor_notice_key').on(t.creditorFiscalCode, t.noticeNumber),
    uniqueIndex('positions_ente_notice_key').on(t.enteId, t.noticeNumber),
    index('positions_registration_pending_idx').on(t.registrationStatus, t.createdAt),
    index('positions_ente_created_idx').on(t.enteId, t.createdAt, t.id),
    index('positions_ente_debtor_idx').on(t.enteId, t.debtorFiscalCode),
    // «I miei pagamenti» on the provincial host: one citizen's positions across every Ente, newest first.
    index('positions_debtor_created_idx').on(t.debtorFiscalCode, t.createdAt),
    // The back office's list: one index per filter, each ending in the keyset order (created_at, id).
    uniqueIndex('positions_ente_external_key')
      .on(t.enteId, t.externalId)
      .where(sql`${t.externalId} is not null`),
    index('positions_ente_status_created_idx').on(t.enteId, t.status, t.createdAt, t.id),
    index('positions_ente_service_created_idx').on(t.enteId, t.serviceId, t.createdAt, t.id),
    index('positions_ente_due_idx').on(t.enteId, t.dueDate, t.id),
    index('positions_causale_search_idx').using('gin', sql`to_tsvector('simple', ${t.causale})`),
    index('positions_import_idx').on(t.importId),
    index('positions_service_id_idx').on(t.serviceId),
    check('positions_amount_positive', sql`${t.amountCents} > 0`),
    check('positions_notice_format', sql`${t.noticeNumber} ~ '^[0-9]{18}$'`),
    check('positions_debtor_type', sql`${t.debtorType} in ('F', 'G')`),
    check('positions_origin', sql`${t.origin} in ('portal', 'partner')`),
    check('positions_channel', sql`${t.channel} in ('citizen', 'staff', 'api', 'import')`),
    check('positions_installment_range', sql`${t.installment} between 0 and 100`),
    index('positions_plan_idx')
      .on(t.planId, t.installment)
      .where(sql`${t.planId} is not null`),
    // Spontaneous positions abandoned before payment: the expiry job's scan.
    index('positions_valid_spontaneous_idx')
      .on(t.createdAt)
      .where(sql`${t.status} = 'valid' and ${t.dueDate} is null and ${t.channel} = 'citizen'`),
    // Receipts never reported: paid positions still without a flow.
    index('positions_ente_paid_unreported_idx')
      .on(t.enteId, t.paidAt)
      .where(sql`${t.paidAt} is not null and ${t.reportedAt} is null`),
  ],
);

/** A debtor or payer as pagoPA's ctSubject describes them. */
export interface ReceiptSubject {
  type: 'F' | 'G';
  fiscalCode: string;
  fullName: string;
  email?: string;
}

/** One transfer (accredito) of a receipt, amounts in cents: to an IBAN, or a marca da bollo digitale (MBD). */
export interface ReceiptTransfer {
  idTransfer: number;
  amountCents: number;
  fiscalCodePA: string;
  companyName?: string;
  /** Absent for a marca da bollo digitale, which carries `mbdAttachment` instead. */
  iban?: string;
  /** The MBD's base64 XML, as received. */
  mbdAttachment?: string;
  remittanceInformation: string;
  transferCategory: string;
  metadata?: Record<string, string>;
}

/** A marca da bollo digitale requested on a transfer (pagoPA richiestaMarcaDaBollo / GPD stamp). */
export interface StampRequest {
  /** SHA-256 of the document the stamp is for, base64 (≤ 72 characters). */
  hashDocument: string;
  /** Two characters, e.g. "01". */
  stampType: string;
  /** Province of residence, two letters. */
  provincialResidence: string;
}

/** One transfer of a position, amounts in cents: exactly one of iban or stamp; postalIban may accompany iban. */
export interface PositionTransfer {
  idTransfer: number;
  amountCents: number;
  fiscalCodePA: string;
  companyName: string;
  iban?: string;
  postalIban?: string;
  stamp?: StampRequest;
  remittanceInformation: string;
  category: string;
}

/** Another beneficiary's share of a service's amount (multi-beneficiario). */
export interface TransferShare {
  fiscalCodePA: string;
  companyName: string;
  iban: string;
  category: string;
  remittanceInformation?: string;
  /** Either a percentage in basis points of the total (500 = 5%) or a fixed amount. */
  basisPoints?: number;
  fixedCents?: number;
}

/**
 * Receipts (RT), with the fields of pagoPA's ctReceiptV2 in cents. Append-only: a trigger refuses UPDATE,
 * DELETE and TRUNCATE. Each Ente's receipts form a hash chain (seq, prev_hash, hash) for conservazione.
 * Every receipt the partner delivers is here, since each proves money was collected: one that matched no
 * payable position carries its `anomaly` and paid nothing (its position, when the notice is known, is
 * only named).
 */
export const receipts = pgTable(
  'receipts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id, { onDelete: 'restrict' }),
    /** Null only for a receipt of a notice this Ente does not know (anomaly `unknown_notice`). */
    positionId: uuid('position_id').references(() => positions.id, { onDelete: 'restrict' }),
    /** Why this receipt paid nothing; null for a receipt that paid its position. */
    anomaly: anomalyKind('anomaly'),
    /** ctReceiptV2's receiptId has no length limit in the XSD. */
    receiptId: text('receipt_id').notNull(),
    noticeNumber: char('notice_number', { length: 18 }).notNull(),
    creditorFiscalCode: char('creditor_fiscal_code', { length: 11 }).notNull(),
    outcome: varchar('outcome', { length: 2 }).notNull().default('OK'),
    creditorReferenceId: varchar('creditor_reference_id', { length: 35 }).notNull(),
    amountCents: cents('amount_cents').notNull(),
    description: varchar('description', { length: 140 }).notNull(),
    companyName: varchar('company_name', { length: 140 }).notNull(),
    officeName: varchar('office_name', { length: 140 }),
    debtor: jsonb('debtor').$type<ReceiptSubject>(),
    payer: jsonb('payer').$type<ReceiptSubject>(),
    transfers: jsonb('transfers').$type<ReceiptTransfer[]>().notNull(),
    idPsp: varchar('id_psp', { length: 35 }).notNull(),
    pspFiscalCode: varchar('psp_fiscal_code', { length: 70 }),
    pspVatNumber: varchar('psp_vat_number', { length: 20 }),
    pspName: varchar('psp_name', { length: 70 }).notNull(),
    idChannel: varchar('id_channel', { length: 35 }).notNull(),
    channelDescription: varchar('channel_description', { length: 140 }),
    paymentMethod: varchar('payment_method', { length: 35 }),
    feeCents: cents('fee_cents'),
    paymentDateTime: timestamp('payment_date_time', { withTimezone: true }).notNull(),
    applicationDate: date('application_date'),
    transferDate: date('transfer_date'),
    paymentNote: varchar('payment_note', { length: 210 }),
    /** ctReceiptV2 metadata (mapEntry key/value pairs). */
    metadata: jsonb('metadata').$type<Record<string, string>>(),
    standIn: boolean('stand_in'),
    /** The receipt exactly as the partner delivered it (ctReceiptV2 XML, or the JSON of a partner without XML). */
    originalDocument: bytea('original_document'),
    originalFormat: varchar('original_format', { length: 10 }),
    originalSha256: char('original_sha256', { length: 64 }),
    partner: partnerCode('partner').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    /** Which hashing scheme produced `hash` (0: the first, untagged one; 1: versioned and domain-tagged). */
    hashVersion: smallint('hash_version').notNull().default(1),
    prevHash: char('prev_hash', { length: 64 }).notNull(),
    hash: char('hash', { length: 64 }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('receipts_ente_receipt_key').on(t.enteId, t.receiptId),
    uniqueIndex('receipts_ente_seq_key').on(t.enteId, t.seq),
    index('receipts_ente_created_idx').on(t.enteId, t.createdAt, t.id),
    index('receipts_position_id_idx').on(t.positionId),
    // The back office's receipts list and exports: by payment date, newest first, per Ente.
    index('receipts_ente_payment_idx').on(t.enteId, t.paymentDateTime, t.id),
    // «I miei pagamenti»: the receipts that name a fiscal code as payer.
    index('receipts_payer_fiscal_code_idx').on(sql`(${t.payer}->>'fiscalCode')`, t.paymentDateTime),
    // Reconciliation matches a flow's payments to receipts by IUV.
    index('receipts_ente_iuv_idx').on(t.enteId, t.creditorReferenceId),
    check('receipts_amount_positive', sql`${t.amountCents} > 0`),
    check('receipts_original_format', sql`${t.originalFormat} in ('xml', 'json')`),
    check('receipts_position_known', sql`${t.positionId} is not null or ${t.anomaly} = 'unknown_notice'`),
  ],
);

/** Head of each Ente's receipt chain; locked while a receipt is appended so that the chain never forks. */
export const receiptChainHeads = pgTable('receipt_chain_heads', {
  enteId: uuid('ente_id')
    .primaryKey()
    .references(() => enti.id, { onDelete: 'restrict' }),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
  lastHash: char('last_hash', { length: 64 }).notNull(),
});

/** Next IUV base per Ente, segregation code and year: never handed out twice. */
export const iuvSequences = pgTable(
  'iuv_sequences',
  {
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id, { onDelete: 'restrict' }),
    segregationCode: char('segregation_code', { length: 2 }).notNull(),
    year: integer('year').notNull(),
    lastValue: bigint('last_value', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.enteId, t.segregationCode, t.year] })],
);

/** A checkout of up to 5 notices of one Ente (the pagoPA Checkout limit). */
export const carts = pgTable(
  'carts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id, { onDelete: 'restrict' }),
    status: cartStatus('status').notNull().default('open'),
    partner: partnerCode('partner').notNull(),
    partnerSessionId: varchar('partner_session_id', { length: 64 }),
    checkoutUrl: text('checkout_url'),
    payerEmail: varchar('payer_email', { length: 254 }),
    /** The language of the page the payment started from: the receipt e-mail is written in it. */
    locale: varchar('locale', { length: 2 }).notNull().default('it'),
    /** sha256 of the browser cookie that created the cart: only that browser sees its personal data. */
    browserKeyHash: char('browser_key_hash', { length: 64 }),
    createdAt: createdAt(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    index('carts_ente_created_idx').on(t.enteId, t.createdAt),
    index('carts_started_idx').on(t.status, t.startedAt),
    index('carts_ente_browser_status_idx').on(t.enteId, t.browserKeyHash, t.status),
    check('carts_locale', sql`${t.locale} in ('it', 'en')`),
  ],
);

export const cartItems = pgTable(
  'cart_items',
  {
    cartId: uuid('cart_id')
      .notNull()
      .references(() => carts.id, { onDelete: 'cascade' }),
    positionId: uuid('position_id')
      .notNull()
      .references(() => positions.id, { onDelete: 'restrict' }),
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id, { onDelete: 'restrict' }),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cartId, t.positionId] }), index('cart_items_position_idx').on(t.positionId)],
);

/** Per-Ente secrets for a partner's signed callbacks. Never logged, never sent to a browser. */
export const partnerCredentials = pgTable(
  'partner_credentials',
  {
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id, { onDelete: 'restrict' }),
    partner: partnerCode('partner').notNull(),
    callbackSecret: text('callback_secret').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.enteId, t.partner] })],
);

/** Every partner callback, stored raw before anything else happens to it. */
export const partnerInbox = pgTable(
  'partner_inbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    partner: partnerCode('partner').notNull(),
    enteId: uuid('ente_id').references(() => enti.id, { onDelete: 'restrict' }),
    /** The body as received; of an unverified body only a capped prefix (body_truncated). */
    rawBody: bytea('raw_body').notNull(),
    /** sha256 and length of the whole body, also when only a prefix is kept. */
    bodySha256: char('body_sha256', { length: 64 }).notNull(),
    bodyBytes: integer('body_bytes').notNull(),
    bodyTruncated: boolean('body_truncated').notNull().default(false),
    sourceAddress: varchar('source_address', { length: 45 }),
    signature: text('signature'),
    verified: boolean('verified').notNull().default(false),
    verificationError: varchar('verification_error', { length: 200 }),
    outcome: inboxOutcome('outcome'),
    receiptId: text('receipt_id'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
    /**
     * An acknowledged receipt waiting for the sequencer (lib/receipts-pipeline): what it needs to append it
     * to the Ente's chain; cleared when the entry is settled.
     */
    pendingReceipt: jsonb('pending_receipt').$type<PendingReceipt>(),
  },
  (t) => [
    index('partner_inbox_ente_received_idx').on(t.enteId, t.receivedAt),
    // The sequencer's queue: an Ente's pending entries in arrival order, and which Enti have any.
    index('partner_inbox_pending_idx')
      .on(t.enteId, t.id)
      .where(sql`${t.pendingReceipt} is not null`),
    // Only a verified entry of a known Ente, not settled yet, may wait for the sequencer.
    check(
      'partner_inbox_pending_verified',
      sql`${t.pendingReceipt} is null or (${t.verified} and ${t.enteId} is not null and ${t.outcome} is null)`,
    ),
    index('partner_inbox_unprocessed_idx').on(t.processedAt),
    index('partner_inbox_unverified_received_idx')
      .on(t.receivedAt)
      .where(sql`${t.verified} = false`),
  ],
);

/** A payment outcome that matched nothing safely: kept for staff, never marks anything paid. */
export const anomalies = pgTable(
  'anomalies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id, { onDelete: 'restrict' }),
    inboxId: bigint('inbox_id', { mode: 'number' }).references(() => partnerInbox.id, { onDelete: 'restrict' }),
    kind: anomalyKind('kind').notNull(),
    noticeNumber: varchar('notice_number', { length: 18 }),
    receiptId: text('receipt_id'),
    amountCents: cents('amount_cents'),
    expectedAmountCents: cents('expected_amount_cents'),
    details: jsonb('details').$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedBy: uuid('resolved_by').references(() => users.id, { onDelete: 'set null' }),
    /** Mandatory when resolving: what was done (refund, manual match, …). */
    resolutionNote: text('resolution_note'),
    /** The flagged receipt in the chain; null for the anomalies recorded before every receipt was chained. */
    receiptRowId: uuid('receipt_row_id').references(() => receipts.id, { onDelete: 'restrict' }),
  },
  (t) => [
    index('anomalies_ente_created_idx').on(t.enteId, t.createdAt),
    uniqueIndex('anomalies_ente_receipt_kind_key').on(t.enteId, t.receiptId, t.kind),
    uniqueIndex('anomalies_ente_id_key').on(t.enteId, t.id),
  ],
);

/**
 * The money of an anomaly given back (a second payment, a wrong amount, a notice we do not know): who
 * recorded it, when it was made, how, its bank reference. At most one per anomaly, which it resolves.
 */
export const refunds = pgTable(
  'refunds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id, { onDelete: 'restrict' }),
    anomalyId: uuid('anomaly_id').notNull(),
    method: refundMethod('method').notNull(),
    /** CRO/TRN of the transfer, or the PSP's reference of the reversal (SEPA end-to-end ids are 35 long). */
    reference: varchar('reference', { length: 35 }).notNull(),
    amountCents: cents('amount_cents').notNull(),
    /** The day the money went back (Italian day). */
    refundedOn: date('refunded_on').notNull(),
    note: text('note'),
    recordedBy: uuid('recorded_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    // The anomaly must be of the same Ente: the foreign key includes it.
    foreignKey({ columns: [t.enteId, t.anomalyId], foreignColumns: [anomalies.enteId, anomalies.id] }).onDelete('restrict'),
    uniqueIndex('refunds_anomaly_key').on(t.anomalyId),
    index('refunds_ente_created_idx').on(t.enteId, t.createdAt),
    check('refunds_amount_positive', sql`${t.amountCents} > 0`),
  ],
);

/** Background work on Postgres: claimed with FOR UPDATE SKIP LOCKED, so any number of workers can share it. */
export const jobs = pgTable(
  'jobs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    queue: varchar('queue', { length: 60 }).notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(20),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    /** Random token of the worker holding the lock: only it may complete, fail or extend the job. */
    lockedBy: uuid('locked_by'),
    lastError: text('last_error'),
    singletonKey: varchar('singleton_key', { length: 120 }),
    createdAt: createdAt(),
    doneAt: timestamp('done_at', { withTimezone: true }),
    /** Set when every attempt failed: the job stops and waits for staff (a dead job frees its singleton key). */
    deadAt: timestamp('dead_at', { withTimezone: true }),
  },
  (t) => [
    index('jobs_ready_idx')
      .on(t.queue, t.runAt)
      .where(sql`${t.doneAt} is null and ${t.deadAt} is null`),
    uniqueIndex('jobs_singleton_key')
      .on(t.queue, t.singletonKey)
      .where(sql`${t.doneAt} is null and ${t.deadAt} is null`),
    index('jobs_dead_idx')
      .on(t.deadAt)
      .where(sql`${t.deadAt} is not null`),
  ],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stored lower-case so that the unique index is case-insensitive. Unknown for staff added by fiscal code. */
    email: varchar('email', { length: 254 }),
    fullName: varchar('full_name', { length: 140 }).notNull(),
    /** Set for people who log in with SPID/CIE, whose identity is their codice fiscale. */
    fiscalCode: varchar('fiscal_code', { length: 16 }),
    passwordHash: text('password_hash'),
    platformRole: platformRole('platform_role'),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.email),
    uniqueIndex('users_fiscal_code_key').on(t.fiscalCode),
    check('users_email_lower', sql`${t.email} = lower(${t.email})`),
    check('users_fiscal_code_format', sql`${t.fiscalCode} ~ '^[A-Z0-9]{16}$'`),
    check('users_identified', sql`${t.email} is not null or ${t.fiscalCode} is not null`),
  ],
);

export const memberships = pgTable(
  'memberships',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id, { onDelete: 'restrict' }),
    role: enteRole('role').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.enteId] }), index('memberships_ente_id_idx').on(t.enteId)],
);

/**
 * Services an `ente_operator` is limited to. No rows: the operator manages every service of the Ente.
 * The membership's (user, Ente) is part of the key, so a service of another Ente cannot be granted.
 */
export const membershipServices = pgTable(
  'membership_services',
  {
    userId: uuid('user_id').notNull(),
    enteId: uuid('ente_id').notNull(),
    serviceId: uuid('service_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.enteId, t.serviceId] }),
    foreignKey({ columns: [t.userId, t.enteId], foreignColumns: [memberships.userId, memberships.enteId] }).onDelete('cascade'),
    foreignKey({ columns: [t.enteId, t.serviceId], foreignColumns: [services.enteId, services.id] }).onDelete('cascade'),
    index('membership_services_service_idx').on(t.serviceId),
  ],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** Null for platform-wide actions of CIT staff. */
    enteId: uuid('ente_id').references(() => enti.id, { onDelete: 'restrict' }),
    actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    action: varchar('action', { length: 80 }).notNull(),
    targetType: varchar('target_type', { length: 40 }),
    targetId: varchar('target_id', { length: 64 }),
    details: jsonb('details').$type<Record<string, unknown>>(),
    ip: varchar('ip', { length: 45 }),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_log_ente_created_idx').on(t.enteId, t.createdAt),
    index('audit_log_actor_idx').on(t.actorUserId),
    // The CIT's audit viewer: newest first, filtered by Ente (above), user or action.
    index('audit_log_created_idx').on(t.createdAt, t.id),
    index('audit_log_actor_created_idx').on(t.actorUserId, t.createdAt, t.id),
    index('audit_log_action_created_idx').on(t.action, t.createdAt, t.id),
  ],
);

/**
 * Fixed-window counters for rate limits and login lockout, shared by every app instance. A bucket names
 * what is counted (e.g. `notice-lookup:ip:<address>`); old windows are deleted by a job.
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    bucket: varchar('bucket', { length: 200 }).notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    hits: integer('hits').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.windowStart] }), index('rate_limits_window_start_idx').on(t.windowStart)],
);

/*
 * The sandbox partner's own storage. It stands for an external intermediary: the portal's code reaches
 * it only through lib/partners, never through these tables.
 */
export const sandboxNotices = pgTable(
  'sandbox_notices',
  {
    creditorFiscalCode: char('creditor_fiscal_code', { length: 11 }).notNull(),
    noticeNumber: char('notice_number', { length: 18 }).notNull(),
    amountCents: cents('amount_cents').notNull(),
    description: varchar('description', { length: 140 }).notNull(),
    companyName: varchar('company_name', { length: 140 }).notNull(),
    debtor: jsonb('debtor').$type<ReceiptSubject>(),
    iban: varchar('iban', { length: 34 }).notNull(),
    taxonomyCode: varchar('taxonomy_code', { length: 35 }).notNull(),
    /** The receipt the sandbox issued for this notice, once paid. */
    receipt: jsonb('receipt').$type<Record<string, unknown>>(),
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.creditorFiscalCode, t.noticeNumber] })],
);

export const sandboxCheckouts = pgTable('sandbox_checkouts', {
  id: uuid('id').primaryKey().defaultRandom(),
  creditorFiscalCode: char('creditor_fiscal_code', { length: 11 }).notNull(),
  notices: jsonb('notices').$type<{ noticeNumber: string; amountCents: number; description: string; companyName: string }[]>().notNull(),
  returnOkUrl: text('return_ok_url').notNull(),
  returnCancelUrl: text('return_cancel_url').notNull(),
  returnErrorUrl: text('return_error_url').notNull(),
  email: varchar('email', { length: 254 }),
  status: varchar('status', { length: 12 }).notNull().default('pending'),
  faults: jsonb('faults').$type<string[]>().notNull().default([]),
  createdAt: createdAt(),
  completedAt: timestamp('completed_at', { withTimezone: true }),
});

/** An Ente as pages and use cases load it: everything but the logo's bytes, which only the /logo route reads. */
export type Ente = Omit<typeof enti.$inferSelect, 'logoData'>;
/** The columns of `Ente`, for `db.select(enteColumns).from(enti)`. */
export const enteColumns = (({ logoData: _logoData, ...columns }) => columns)(getTableColumns(enti));
export type NewEnte = typeof enti.$inferInsert;
export type Service = typeof services.$inferSelect;
export type NewService = typeof services.$inferInsert;
export type User = typeof users.$inferSelect;
export type Position = typeof positions.$inferSelect;
export type Receipt = typeof receipts.$inferSelect;
/** A receipt without its original document (kilobytes of XML): what lists and feeds load. */
export type ReceiptSummary = Omit<Receipt, 'originalDocument'>;
export const receiptSummaryColumns = (({ originalDocument: _originalDocument, ...columns }) => columns)(getTableColumns(receipts));
export type Cart = typeof carts.$inferSelect;
export type Refund = typeof refunds.$inferSelect;

/**
 * SAML AuthnRequests the portal has issued and not yet seen answered (SPID/CIE). A Response is accepted
 * only for a row here that is unexpired and unconsumed; consuming is one atomic UPDATE, so a replayed or
 * concurrent second Response for the same request loses. In PostgreSQL, never in memory (design rule 8).
 */
export const samlRequests = pgTable(
  'saml_requests',
  {
    /** The AuthnRequest ID (an xs:ID, `_` + hex), echoed by the IdP as InResponseTo. */
    id: varchar('id', { length: 80 }).primaryKey(),
    idpEntityId: varchar('idp_entity_id', { length: 500 }).notNull(),
    /** SPID level requested (1..3): the Response must not bring a lower one. */
    level: smallint('level').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** The Ente host the citizen started from and where to send them back (a path on that host). */
    enteHost: varchar('ente_host', { length: 253 }).notNull(),
    returnPath: varchar('return_path', { length: 500 }).notNull(),
    /** Hash of the browser-bound secret (cookie) that started the login: the ACS result is bound to that browser. */
    browserBindingHash: varchar('browser_binding_hash', { length: 64 }).notNull(),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
  },
  (t) => [
    index('saml_requests_expires_at_idx').on(t.expiresAt),
    check('saml_requests_level_check', sql`${t.level} between 1 and 3`),
    check('saml_requests_expiry_check', sql`${t.expiresAt} > ${t.issuedAt}`),
  ],
);

/** How a person proved who they are. */
export const authMethod = pgEnum('auth_method', ['spid', 'cie', 'oidc', 'password']);

/** The identity a login ticket carries from the base domain's ACS (or OIDC callback) to the Ente's host. */
export interface TicketIdentity {
  fiscalCode: string;
  givenName: string;
  familyName: string;
  email?: string;
  method: 'spid' | 'cie' | 'oidc';
  /** SPID/CIE level reached (1..3); absent for OIDC. */
  level?: 1 | 2 | 3;
  /** The IdP (SAML entityID or OIDC issuer). */
  provider: string;
  /** What a SAML LogoutRequest needs, kept in the session. */
  saml?: { nameId: string; nameQualifier?: string; sessionIndex?: string };
}

/**
 * One-time, short-lived tickets: the identity proved on the base domain reaches the host the login started
 * from. Only the ticket's sha256 is stored; redeeming is one atomic UPDATE, bound to that host and browser.
 */
export const loginTickets = pgTable(
  'login_tickets',
  {
    idHash: varchar('id_hash', { length: 64 }).primaryKey(),
    host: varchar('host', { length: 253 }).notNull(),
    returnPath: varchar('return_path', { length: 500 }).notNull(),
    browserBindingHash: varchar('browser_binding_hash', { length: 64 }).notNull(),
    identity: jsonb('identity').$type<TicketIdentity>().notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
  },
  (t) => [index('login_tickets_expires_at_idx').on(t.expiresAt)],
);

/**
 * OpenID Connect authorizations in flight (BresciaGOV): state, nonce and PKCE verifier live here, never in
 * process memory, and are used once.
 */
export const oidcRequests = pgTable(
  'oidc_requests',
  {
    stateHash: varchar('state_hash', { length: 64 }).primaryKey(),
    nonce: varchar('nonce', { length: 128 }).notNull(),
    codeVerifier: varchar('code_verifier', { length: 128 }).notNull(),
    host: varchar('host', { length: 253 }).notNull(),
    returnPath: varchar('return_path', { length: 500 }).notNull(),
    browserBindingHash: varchar('browser_binding_hash', { length: 64 }).notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
  },
  (t) => [index('oidc_requests_expires_at_idx').on(t.expiresAt)],
);

/**
 * Every authentication exchange with an identity provider, kept 24 months as the SPID rules require (DPCM
 * 24.10.2014 art. 13): the request and response as exchanged, with the fields AgID suggests indexed.
 */
export const authLog = pgTable(
  'auth_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    method: authMethod('method').notNull(),
    /** AuthnRequest ID (SAML) or the sha256 of the state (OIDC). */
    requestId: varchar('request_id', { length: 128 }).notNull(),
    provider: varchar('provider', { length: 1024 }).notNull(),
    requestIssueInstant: timestamp('request_issue_instant', { withTimezone: true }).notNull(),
    request: text('request').notNull(),
    responseId: varchar('response_id', { length: 128 }),
    responseIssueInstant: timestamp('response_issue_instant', { withTimezone: true }),
    responseIssuer: varchar('response_issuer', { length: 1024 }),
    assertionId: varchar('assertion_id', { length: 128 }),
    assertionSubject: varchar('assertion_subject', { length: 256 }),
    response: text('response'),
    /** null until answered; then accepted, refused (with reason) or idp_error (with the ErrorCode). */
    outcome: varchar('outcome', { length: 16 }),
    reason: varchar('reason', { length: 200 }),
    fiscalCode: varchar('fiscal_code', { length: 16 }),
    createdAt: createdAt(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('auth_log_method_request_key').on(t.method, t.requestId),
    index('auth_log_created_at_idx').on(t.createdAt),
    index('auth_log_fiscal_code_idx').on(t.fiscalCode, t.createdAt),
    check('auth_log_outcome', sql`${t.outcome} in ('accepted', 'refused', 'idp_error')`),
  ],
);

/**
 * The body that runs the portal (a Province, a Region, a union of municipalities) and its service centre:
 * one row, created by `npm run setup` (or the demo seed) and edited by a CIT admin. Nothing in pages,
 * documents or metadata names a provider unless this row does.
 */
export const providerProfile = pgTable(
  'provider_profile',
  {
    id: smallint('id').primaryKey().default(1),
    name: varchar('name', { length: 200 }).notNull(),
    shortName: varchar('short_name', { length: 60 }).notNull(),
    fiscalCode: char('fiscal_code', { length: 11 }).notNull(),
    ipaCode: varchar('ipa_code', { length: 16 }).notNull(),
    serviceCentreName: varchar('service_centre_name', { length: 200 }).notNull(),
    /** How staff roles are labelled (e.g. «CIT»: «Amministratore CIT»). */
    serviceCentreShortName: varchar('service_centre_short_name', { length: 20 }).notNull(),
    coatOfArmsUrl: text('coat_of_arms_url'),
    primaryColor: varchar('primary_color', { length: 7 }).notNull().default('#0066cc'),
    address: varchar('address', { length: 200 }),
    email: varchar('email', { length: 254 }),
    pec: varchar('pec', { length: 254 }),
    phone: varchar('phone', { length: 30 }),
    officeHours: varchar('office_hours', { length: 200 }),
    website: varchar('website', { length: 254 }),
    privacyUrl: varchar('privacy_url', { length: 500 }),
    /** Set by the demo seed: `npm run db:reset` only ever drops a database whose provider is the demo's. */
    isDemo: boolean('is_demo').notNull().default(false),
    updatedAt: updatedAt(),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    check('provider_profile_singleton', sql`${t.id} = 1`),
    check('provider_profile_fiscal_code_format', sql`${t.fiscalCode} ~ '^[0-9]{11}$'`),
    check('provider_profile_primary_color_format', sql`${t.primaryColor} ~ '^#[0-9a-fA-F]{6}$'`),
  ],
);

export type ProviderProfile = typeof providerProfile.$inferSelect;

/** One-time links that let a staff member set a password (STAFF_PASSWORD_LOGIN only); only the hash is kept. */
export const passwordResetTokens = pgTable(
  'password_reset_tokens',
  {
    idHash: varchar('id_hash', { length: 64 }).primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('password_reset_tokens_user_idx').on(t.userId), index('password_reset_tokens_expires_at_idx').on(t.expiresAt)],
);

/**
 * What an API key may do, by operation group (lib/api/scopes.ts): positions (create, change, cancel, read,
 * avvisi), receipts (the feed and their PDFs), preservation (the SInCRO day exports).
 */
export const apiScope = pgEnum('api_scope', ['positions', 'receipts', 'preservation']);

/** Keys of the Ente's own systems for /api/v1: shown once, stored as sha256, revocable, limited to their scopes. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id, { onDelete: 'restrict' }),
    label: varchar('label', { length: 100 }).notNull(),
    keyHash: varchar('key_hash', { length: 64 }).notNull(),
    /** The first characters of the key, to tell keys apart in the list without revealing them. */
    prefix: varchar('prefix', { length: 12 }).notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** Keys made before scopes existed keep what every key could do then: positions and receipts. */
    scopes: apiScope('scopes')
      .array()
      .notNull()
      .default(sql`'{positions,receipts}'`),
  },
  (t) => [
    uniqueIndex('api_keys_key_hash_key').on(t.keyHash),
    index('api_keys_ente_idx').on(t.enteId, t.createdAt),
    check('api_keys_scopes', sql`cardinality(${t.scopes}) > 0`),
  ],
);

export const importStatus = pgEnum('import_status', ['queued', 'running', 'done', 'failed']);

/** A CSV of positions uploaded by the back office or the CLI, processed by a job with visible progress. */
export const positionImports = pgTable(
  'position_imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id, { onDelete: 'restrict' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    filename: varchar('filename', { length: 200 }).notNull(),
    /** The file as uploaded, byte for byte: the job reads it from here, any instance can run it. */
    file: bytea('file').notNull(),
    status: importStatus('status').notNull().default('queued'),
    totalRows: integer('total_rows'),
    processedRows: integer('processed_rows').notNull().default(0),
    loaded: integer('loaded').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    cancelled: integer('cancelled').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    error: text('error'),
    createdAt: createdAt(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** The ZIP of the avvisi of the loaded rows, built by a second job on request. */
    avvisiStatus: importStatus('avvisi_status'),
    avvisiDone: integer('avvisi_done').notNull().default(0),
    avvisiZip: bytea('avvisi_zip'),
  },
  (t) => [index('position_imports_ente_created_idx').on(t.enteId, t.createdAt)],
);

/** One rejected row of an import: what was wrong, where. */
export const importRejects = pgTable(
  'import_rejects',
  {
    importId: uuid('import_id')
      .notNull()
      .references(() => positionImports.id, { onDelete: 'cascade' }),
    rowNumber: integer('row_number').notNull(),
    column: varchar('column', { length: 40 }),
    value: varchar('value', { length: 200 }),
    reason: varchar('reason', { length: 300 }).notNull(),
  },
  (t) => [index('import_rejects_import_row_idx').on(t.importId, t.rowNumber)],
);

// ─── The CIT's side (issue 9): onboarding, partner registry, billing, monitoring, helpdesk, training ───

export const partnerProtocol = pgEnum('partner_protocol', ['sandbox', 'govpay', 'gpd_checkout']);

/** The registry of partner tecnologici the CIT has found compatible (or not): who to call and how we talk to them. */
export const partners = pgTable('partners', {
  code: partnerCode('code').primaryKey(),
  name: varchar('name', { length: 120 }).notNull(),
  /** How the portal talks to it; null until the CIT knows (no public API found for some of the seed's partners). */
  protocol: partnerProtocol('protocol'),
  /** Confirmed compatible with the portal (the seed's "manifestazione d'interesse"): only these can be assigned. */
  compatible: boolean('compatible').notNull().default(true),
  website: varchar('website', { length: 254 }),
  contactName: varchar('contact_name', { length: 140 }),
  contactEmail: varchar('contact_email', { length: 254 }),
  contactPhone: varchar('contact_phone', { length: 30 }),
  technicalName: varchar('technical_name', { length: 140 }),
  technicalEmail: varchar('technical_email', { length: 254 }),
  technicalPhone: varchar('technical_phone', { length: 30 }),
  notes: text('notes'),
  updatedAt: updatedAt(),
});

/** Outcomes of calls to each partner adapter, counted per minute: the health page's last success and error rate. */
export const partnerCallStats = pgTable(
  'partner_call_stats',
  {
    partner: partnerCode('partner').notNull(),
    operation: varchar('operation', { length: 40 }).notNull(),
    minute: timestamp('minute', { withTimezone: true }).notNull(),
    ok: integer('ok').notNull().default(0),
    errors: integer('errors').notNull().default(0),
    lastSuccessAt: timestamp('last_success_at', { withTimezone: true }),
    lastErrorAt: timestamp('last_error_at', { withTimezone: true }),
    lastError: varchar('last_error', { length: 300 }),
  },
  (t) => [primaryKey({ columns: [t.partner, t.operation, t.minute] }), index('partner_call_stats_minute_idx').on(t.minute)],
);

/** An Ente's adhesion file: one row per Ente, the steps the service page lists (documents are in adhesion_documents). */
export const adhesions = pgTable('adhesions', {
  enteId: uuid('ente_id')
    .primaryKey()
    .references(() => enti.id, { onDelete: 'cascade' }),
  /** Prerequisite: the Ente's deliberation adhering to the CIT convention. */
  conventionActNumber: varchar('convention_act_number', { length: 40 }),
  conventionActDate: date('convention_act_date'),
  referenteName: varchar('referente_name', { length: 140 }),
  referenteEmail: varchar('referente_email', { length: 254 }),
  referentePhone: varchar('referente_phone', { length: 30 }),
  referenteFiscalCode: varchar('referente_fiscal_code', { length: 16 }),
  /** The referente's account, made the Ente's first admin when appointed. */
  referenteUserId: uuid('referente_user_id').references(() => users.id, { onDelete: 'set null' }),
  referenteAppointedAt: timestamp('referente_appointed_at', { withTimezone: true }),
  partnerChosenAt: timestamp('partner_chosen_at', { withTimezone: true }),
  /** Completed by the attendance recorded at a training session (training_registrations). */
  trainingCompletedAt: timestamp('training_completed_at', { withTimezone: true }),
  trainingSessionId: uuid('training_session_id').references((): AnyPgColumn => trainingSessions.id, { onDelete: 'set null' }),
  /** Disdetta: the Ente asked to leave; cessation follows when the CIT closes it. */
  terminationRequestedAt: timestamp('termination_requested_at', { withTimezone: true }),
  terminationReason: varchar('termination_reason', { length: 500 }),
  terminationRequestedBy: uuid('termination_requested_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: updatedAt(),
});

/** Every change of an Ente's adhesion state, with who, when and why (suspension and cessation need a reason). */
export const adhesionEvents = pgTable(
  'adhesion_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id, { onDelete: 'cascade' }),
    fromStatus: adhesionStatus('from_status'),
    toStatus: adhesionStatus('to_status').notNull(),
    reason: varchar('reason', { length: 500 }),
    actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('adhesion_events_ente_created_idx').on(t.enteId, t.createdAt)],
);

export const adhesionDocumentKind = pgEnum('adhesion_document_kind', [
  'modulo_adesione',
  'documento_identita',
  'lettera_adesione',
  'lettera_sostituzione',
  'piano_attivazione',
  'piano_servizi',
  'iban_accredito',
  'disdetta',
]);
export const adhesionDocumentStatus = pgEnum('adhesion_document_status', ['caricato', 'inviato_agid', 'accettato', 'respinto']);
/** How a document is signed: CAdES (.p7m) or PAdES (signed PDF) read from the file, by hand (with the ID card), or not at all. */
export const documentSignature = pgEnum('document_signature', ['cades', 'pades', 'autografa', 'nessuna']);

/** The adhesion's documents, stored in the database (size- and type-checked), downloaded by CIT staff and the Ente's admins. */
export const adhesionDocuments = pgTable(
  'adhesion_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id, { onDelete: 'cascade' }),
    kind: adhesionDocumentKind('kind').notNull(),
    status: adhesionDocumentStatus('status').notNull().default('caricato'),
    filename: varchar('filename', { length: 200 }).notNull(),
    mime: varchar('mime', { length: 100 }).notNull(),
    size: integer('size').notNull(),
    sha256: char('sha256', { length: 64 }).notNull(),
    data: bytea('data').notNull(),
    signature: documentSignature('signature').notNull().default('nessuna'),
    signerName: varchar('signer_name', { length: 200 }),
    signerValidFrom: timestamp('signer_valid_from', { withTimezone: true }),
    signerValidTo: timestamp('signer_valid_to', { withTimezone: true }),
    note: varchar('note', { length: 500 }),
    uploadedBy: uuid('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('adhesion_documents_ente_kind_idx').on(t.enteId, t.kind, t.createdAt),
    check('adhesion_documents_size', sql`${t.size} between 1 and 15728640`),
  ],
);

export const billingMethod = pgEnum('billing_method', ['pro_rata', 'whole_year']);

/** A year's CIT billing once approved by a CIT admin: the statements below are frozen from then on. */
export const billingYears = pgTable('billing_years', {
  year: smallint('year').primaryKey(),
  method: billingMethod('method').notNull(),
  approvedAt: timestamp('approved_at', { withTimezone: true }).notNull().defaultNow(),
  approvedBy: uuid('approved_by').references(() => users.id, { onDelete: 'set null' }),
});

/** One Ente's fees for an approved year, as computed then (band, discount and days kept in details). */
export const billingStatements = pgTable(
  'billing_statements',
  {
    year: smallint('year')
      .notNull()
      .references(() => billingYears.year, { onDelete: 'cascade' }),
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id, { onDelete: 'restrict' }),
    activationCents: cents('activation_cents').notNull(),
    maintenanceCents: cents('maintenance_cents').notNull(),
    totalCents: cents('total_cents').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.year, t.enteId] }), index('billing_statements_ente_idx').on(t.enteId)],
);

export const supportCategory = pgEnum('support_category', [
  'pagamenti',
  'posizioni',
  'importazioni',
  'catalogo',
  'accesso',
  'partner',
  'adesione',
  'altro',
]);
export const supportStatus = pgEnum('support_status', ['aperta', 'in_lavorazione', 'in_attesa_ente', 'chiusa']);

/** First-level helpdesk: a request opened by an Ente's staff, answered by the CIT in a thread. */
export const supportRequests = pgTable(
  'support_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The number people quote on the phone. */
    number: integer('number').generatedAlwaysAsIdentity().notNull(),
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id, { onDelete: 'restrict' }),
    openedBy: uuid('opened_by').references(() => users.id, { onDelete: 'set null' }),
    category: supportCategory('category').notNull(),
    subject: varchar('subject', { length: 200 }).notNull(),
    status: supportStatus('status').notNull().default('aperta'),
    assignedTo: uuid('assigned_to').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('support_requests_number_key').on(t.number),
    index('support_requests_status_updated_idx').on(t.status, t.updatedAt, t.id),
    index('support_requests_ente_created_idx').on(t.enteId, t.createdAt, t.id),
    index('support_requests_assigned_idx').on(t.assignedTo, t.status),
  ],
);

export const supportMessages = pgTable(
  'support_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => supportRequests.id, { onDelete: 'cascade' }),
    authorUserId: uuid('author_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** Written by CIT staff (an answer) rather than by the Ente. */
    fromCit: boolean('from_cit').notNull(),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('support_messages_request_created_idx').on(t.requestId, t.createdAt),
    check('support_messages_body_length', sql`length(${t.body}) between 1 and 10000`),
  ],
);

export const supportAttachments = pgTable(
  'support_attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => supportRequests.id, { onDelete: 'cascade' }),
    messageId: uuid('message_id')
      .notNull()
      .references(() => supportMessages.id, { onDelete: 'cascade' }),
    filename: varchar('filename', { length: 200 }).notNull(),
    mime: varchar('mime', { length: 100 }).notNull(),
    size: integer('size').notNull(),
    data: bytea('data').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('support_attachments_request_idx').on(t.requestId),
    check('support_attachments_size', sql`${t.size} between 1 and 5242880`),
  ],
);

export const questionStatus = pgEnum('question_status', ['nuova', 'risposta', 'archiviata']);

/** «Domande?» on the provincial site: a visitor's question, with the GDPR consent they gave (time and text version). */
export const publicQuestions = pgTable(
  'public_questions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: varchar('name', { length: 140 }).notNull(),
    email: varchar('email', { length: 254 }).notNull(),
    enteName: varchar('ente_name', { length: 200 }),
    enteId: uuid('ente_id').references(() => enti.id, { onDelete: 'set null' }),
    question: text('question').notNull(),
    consentAt: timestamp('consent_at', { withTimezone: true }).notNull(),
    consentVersion: varchar('consent_version', { length: 20 }).notNull(),
    status: questionStatus('status').notNull().default('nuova'),
    answer: text('answer'),
    answeredBy: uuid('answered_by').references(() => users.id, { onDelete: 'set null' }),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('public_questions_status_created_idx').on(t.status, t.createdAt, t.id),
    check('public_questions_question_length', sql`length(${t.question}) between 1 and 5000`),
  ],
);

/** Training of the Enti's referenti (the service page promises it), scheduled by the CIT. */
export const trainingSessions = pgTable(
  'training_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: varchar('title', { length: 200 }).notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    place: varchar('place', { length: 200 }),
    link: varchar('link', { length: 500 }),
    seats: integer('seats').notNull(),
    notes: text('notes'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('training_sessions_starts_idx').on(t.startsAt),
    check('training_sessions_seats', sql`${t.seats} between 1 and 1000`),
    check('training_sessions_duration', sql`${t.durationMinutes} between 15 and 1440`),
  ],
);

/** A referente (or other staff of an Ente) registered to a session; attendance is recorded by the CIT. */
export const trainingRegistrations = pgTable(
  'training_registrations',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => trainingSessions.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id, { onDelete: 'cascade' }),
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull().defaultNow(),
    attendedAt: timestamp('attended_at', { withTimezone: true }),
    recordedBy: uuid('recorded_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] }), index('training_registrations_ente_idx').on(t.enteId)],
);

export type Partner = typeof partners.$inferSelect;
export type Adhesion = typeof adhesions.$inferSelect;
export type AdhesionDocument = typeof adhesionDocuments.$inferSelect;
export type SupportRequest = typeof supportRequests.$inferSelect;
export type TrainingSession = typeof trainingSessions.$inferSelect;

// ─── Real partners (issue 10): per-Ente connections and flussi di rendicontazione ───

/**
 * How the portal reaches an Ente's partner when it speaks GovPay or GPD + Checkout. `settings` holds the
 * non-secret part, validated per protocol (lib/partners/connection-settings.ts); the outbound secrets
 * (GovPay password or client key, subscription keys) are one AES-256-GCM ciphertext, write-only from the UI.
 * The inbound credential (what the partner presents when it pushes receipts to us) is kept only as a hash.
 */
export const partnerConnections = pgTable(
  'partner_connections',
  {
    enteId: uuid('ente_id')
      .primaryKey()
      .references(() => enti.id, { onDelete: 'restrict' }),
    protocol: partnerProtocol('protocol').notNull(),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull(),
    secretsCiphertext: bytea('secrets_ciphertext'),
    /** 'basic' (HTTP Basic) or 'api_key' (X-APP-ID + X-API-KEY), as GovPay's connector can send. */
    inboundAuth: varchar('inbound_auth', { length: 10 }),
    inboundPrincipal: varchar('inbound_principal', { length: 64 }),
    inboundSecretSha256: char('inbound_secret_sha256', { length: 64 }),
    lastTestAt: timestamp('last_test_at', { withTimezone: true }),
    lastTestResult: jsonb('last_test_result').$type<{ operation: string; ok: boolean; detail: string }[]>(),
    updatedAt: updatedAt(),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    check('partner_connections_protocol', sql`${t.protocol} <> 'sandbox'`),
    check('partner_connections_inbound_auth', sql`${t.inboundAuth} in ('basic', 'api_key')`),
  ],
);

/** A flusso di rendicontazione (FdR) as received: one PSP's settlement of many payments, by revision. */
export const reportingFlows = pgTable(
  'reporting_flows',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id, { onDelete: 'restrict' }),
    flowId: varchar('flow_id', { length: 35 }).notNull(),
    pspId: varchar('psp_id', { length: 35 }).notNull(),
    revision: integer('revision').notNull().default(1),
    flowDate: timestamp('flow_date', { withTimezone: true }).notNull(),
    /** identificativoUnivocoRegolamento: the SCT's reference (TRN), not an IUR. */
    regulation: varchar('regulation', { length: 35 }).notNull(),
    regulationDate: date('regulation_date').notNull(),
    bicCodePouringBank: varchar('bic_code_pouring_bank', { length: 35 }),
    pspName: varchar('psp_name', { length: 140 }),
    totPayments: integer('tot_payments').notNull(),
    sumCents: cents('sum_cents').notNull(),
    /** 'govpay' (pushed to us) or 'fdr' (pulled from FdR 3). */
    source: varchar('source', { length: 10 }).notNull(),
    /** A later revision of the same flow replaces this one. */
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('reporting_flows_ente_flow_key').on(t.enteId, t.flowId, t.pspId, t.revision),
    index('reporting_flows_ente_date_idx').on(t.enteId, t.flowDate, t.id),
    check('reporting_flows_source', sql`${t.source} in ('govpay', 'fdr')`),
  ],
);

/** One payment of a flow (a transfer of a receipt), and what it matched. */
export const reportingPayments = pgTable(
  'reporting_payments',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    flowRowId: uuid('flow_row_id')
      .notNull()
      .references(() => reportingFlows.id, { onDelete: 'restrict' }),
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id, { onDelete: 'restrict' }),
    paymentIndex: integer('payment_index').notNull(),
    iuv: varchar('iuv', { length: 35 }).notNull(),
    iur: varchar('iur', { length: 35 }).notNull(),
    idTransfer: smallint('id_transfer').notNull().default(1),
    amountCents: cents('amount_cents').notNull(),
    /** EXECUTED, REVOKED, STAND_IN, STAND_IN_NO_RPT, NO_RPT (FdR 3 names; GovPay's esito is mapped to them). */
    outcome: varchar('outcome', { length: 20 }).notNull(),
    payDate: date('pay_date').notNull(),
    positionId: uuid('position_id').references(() => positions.id, { onDelete: 'restrict' }),
    receiptRowId: uuid('receipt_row_id').references(() => receipts.id, { onDelete: 'restrict' }),
    matchedAt: timestamp('matched_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('reporting_payments_flow_index_key').on(t.flowRowId, t.paymentIndex),
    index('reporting_payments_ente_iuv_idx').on(t.enteId, t.iuv),
    index('reporting_payments_ente_unmatched_idx')
      .on(t.enteId, t.id)
      .where(sql`${t.positionId} is null`),
    index('reporting_payments_position_idx').on(t.positionId),
  ],
);
export type PartnerConnection = typeof partnerConnections.$inferSelect;
export type ReportingFlow = typeof reportingFlows.$inferSelect;
export type ReportingPayment = typeof reportingPayments.$inferSelect;

// ─── Conservazione (issue 13): per-Ente configuration, per-receipt state, SInCRO day exports ───

/** Who preserves an Ente's receipts: nobody yet, ParER's SacER (VersamentoSync), or another conservatore fed by the daily SInCRO export. */
export const conservatoreKind = pgEnum('conservatore_kind', ['none', 'parer', 'export']);

/**
 * Where one receipt stands. `sent`: the call to the conservatore is under way (left so by a worker that died:
 * sent again, SacER then answers UD-002-001 with its rapporto); `failed`: no verdict, retried at
 * next_attempt_at (none left: waits for «riprova»); `rejected`: refused, waits for its cause to be fixed;
 * `exported`: in a SInCRO day export, handed to the Ente's own conservatore (not preserved by us).
 */
export const conservazioneState = pgEnum('conservazione_state', ['pending', 'sent', 'preserved', 'rejected', 'failed', 'exported']);

export interface ConservazioneMessage {
  code: string;
  message: string;
}

export interface ConservazioneRunSummary {
  enrolled: number;
  preserved: number;
  rejected: number;
  failed: number;
  exported: number;
  /** Why the run ended before its backlog did (configuration refused, too many failures, batch limit). */
  stoppedBy: 'configuration' | 'failures' | 'limit' | null;
}

/**
 * An Ente's conservazione: the conservatore, the Allegato 5 settings (lib/conservazione/settings.ts), the
 * ParER settings (lib/conservazione/parer/settings.ts) and its password, AES-256-GCM with the Ente id as
 * associated data (lib/partners/secrets.ts), write-only. The run columns are the daily job's lease (one run
 * per Ente at a time, across instances) and what the last run did; `config_error` is the configuration
 * refusal that stopped it (every other receipt would be refused too), cleared by a save or a success.
 */
export const conservazioneConfigs = pgTable(
  'conservazione_configs',
  {
    enteId: uuid('ente_id')
      .primaryKey()
      .references(() => enti.id, { onDelete: 'restrict' }),
    conservatore: conservatoreKind('conservatore').notNull().default('none'),
    enabled: boolean('enabled').notNull().default(false),
    settings: jsonb('settings').$type<Record<string, unknown>>(),
    parerSettings: jsonb('parer_settings').$type<Record<string, unknown>>(),
    parerSecretsCiphertext: bytea('parer_secrets_ciphertext'),
    configError: jsonb('config_error').$type<ConservazioneMessage & { at: string }>(),
    runToken: uuid('run_token'),
    runLeaseUntil: timestamp('run_lease_until', { withTimezone: true }),
    lastRunStartedAt: timestamp('last_run_started_at', { withTimezone: true }),
    lastRunFinishedAt: timestamp('last_run_finished_at', { withTimezone: true }),
    lastRunSummary: jsonb('last_run_summary').$type<ConservazioneRunSummary>(),
    lastPreservedAt: timestamp('last_preserved_at', { withTimezone: true }),
    /** When the job should run again before its daily slot (failures to retry, a backlog left by the batch limit). */
    runAgainAt: timestamp('run_again_at', { withTimezone: true }),
    updatedAt: updatedAt(),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    check('conservazione_configs_settings', sql`${t.conservatore} = 'none' or ${t.settings} is not null`),
    check('conservazione_configs_parer', sql`${t.conservatore} <> 'parer' or ${t.parerSettings} is not null`),
    check('conservazione_configs_enabled', sql`${t.conservatore} <> 'none' or not ${t.enabled}`),
  ],
);

/** One receipt's preservation, created by the daily job for every receipt of the Ente's ledger in order. */
export const conservazioneReceipts = pgTable(
  'conservazione_receipts',
  {
    receiptRowId: uuid('receipt_row_id')
      .primaryKey()
      .references(() => receipts.id, { onDelete: 'restrict' }),
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id, { onDelete: 'restrict' }),
    /** The receipt's place in the Ente's chain (receipts.seq): the order of sending and of the lists. */
    receiptSeq: bigint('receipt_seq', { mode: 'number' }).notNull(),
    state: conservazioneState('state').notNull().default('pending'),
    /** The conservatore's last code and message (rejection, failure, warning of an accepted one, UD-002-001). */
    outcomeCode: varchar('outcome_code', { length: 60 }),
    outcomeMessage: text('outcome_message'),
    /** The rapporto di versamento exactly as the conservatore issued it, and the SHA-256 of its UTF-8 bytes. */
    rapporto: text('rapporto'),
    rapportoSha256: char('rapporto_sha256', { length: 64 }),
    rapportoUrn: text('rapporto_urn'),
    sipUrn: text('sip_urn'),
    warnings: jsonb('warnings').$type<ConservazioneMessage[]>(),
    /** Attempts since the last success or «riprova»: the failures' backoff grows with it. */
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    preservedAt: timestamp('preserved_at', { withTimezone: true }),
    exportId: uuid('export_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Seq and Ente are the receipt's own: rows are only ever written by INSERT … SELECT from receipts.
    foreignKey({
      name: 'conservazione_receipts_receipt_seq_fk',
      columns: [t.enteId, t.receiptSeq],
      foreignColumns: [receipts.enteId, receipts.seq],
    }).onDelete('restrict'),
    // The export must be of the same Ente.
    foreignKey({
      name: 'conservazione_receipts_export_fk',
      columns: [t.enteId, t.exportId],
      foreignColumns: [conservazioneExports.enteId, conservazioneExports.id],
    }).onDelete('restrict'),
    uniqueIndex('conservazione_receipts_ente_seq_key').on(t.enteId, t.receiptSeq),
    // The back office's list by state, newest first (keyset on seq), and the counts per state.
    index('conservazione_receipts_ente_state_seq_idx').on(t.enteId, t.state, t.receiptSeq),
    // The job's next receipts to send, in ledger order.
    index('conservazione_receipts_to_send_idx')
      .on(t.enteId, t.receiptSeq)
      .where(sql`${t.state} in ('pending', 'sent', 'failed')`),
    check(
      'conservazione_receipts_preserved',
      sql`${t.state} <> 'preserved' or (${t.rapporto} is not null and ${t.preservedAt} is not null)`,
    ),
    check('conservazione_receipts_exported', sql`${t.state} <> 'exported' or ${t.exportId} is not null`),
  ],
);

/**
 * A SInCRO day export (lib/conservazione/sincro/day-export.ts) as it was built: the ZIP's bytes are kept, so
 * that every download is the file whose SHA-256 was recorded: rebuilt later, its metadata would carry the Ente's
 * profile and settings of that later day.
 * A day is exported again when receipts of it come back pending (a «riprova»): the newest export is the day's.
 */
export const conservazioneExports = pgTable(
  'conservazione_exports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id, { onDelete: 'restrict' }),
    day: date('day').notNull(),
    fileName: varchar('file_name', { length: 200 }).notNull(),
    sha256: char('sha256', { length: 64 }).notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    receipts: integer('receipts').notNull(),
    skipped: jsonb('skipped').$type<{ receiptRowId: string; reason: string }[]>().notNull(),
    zip: bytea('zip').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    // The back office's list, newest day first (keyset on day and id).
    index('conservazione_exports_ente_day_idx').on(t.enteId, t.day, t.id),
    uniqueIndex('conservazione_exports_ente_id_key').on(t.enteId, t.id),
  ],
);

export type ConservazioneConfig = typeof conservazioneConfigs.$inferSelect;
export type ConservazioneReceipt = typeof conservazioneReceipts.$inferSelect;
export type ConservazioneExport = typeof conservazioneExports.$inferSelect;

export const notificationKind = pgEnum('notification_kind', ['receipt', 'new_notice', 'reminder']);
export const notificationChannel = pgEnum('notification_channel', ['email', 'io']);
/**
 * failed: the last attempt failed and another is scheduled; cancelled: the position was paid or cancelled first;
 * unreachable: the citizen cannot get it on this channel (no App IO profile, or the Ente's messages turned off
 * there), which is nobody's error to fix. An App IO message that IO accepted stays pending, with its IO id in
 * provider_id, until IO says it was processed (sent) or rejected (dead).
 */
export const notificationState = pgEnum('notification_state', ['pending', 'sent', 'failed', 'dead', 'cancelled', 'unreachable']);

/** What an Ente sends to citizens. No row: the defaults of lib/notifications/settings.ts (e-mail receipts and notices). */
export const notificationSettings = pgTable(
  'notification_settings',
  {
    enteId: uuid('ente_id')
      .primaryKey()
      .references(() => enti.id, { onDelete: 'restrict' }),
    emailEnabled: boolean('email_enabled').notNull().default(true),
    ioEnabled: boolean('io_enabled').notNull().default(false),
    receiptEnabled: boolean('receipt_enabled').notNull().default(true),
    newNoticeEnabled: boolean('new_notice_enabled').notNull().default(true),
    reminderEnabled: boolean('reminder_enabled').notNull().default(false),
    /** The From address of this Ente's e-mail; without it SMTP_FROM. Must be a domain the SMTP relay may send for. */
    senderAddress: varchar('sender_address', { length: 254 }),
    attachReceiptPdf: boolean('attach_receipt_pdf').notNull().default(false),
    reminderDaysBefore: smallint('reminder_days_before').notNull().default(7),
    maxReminders: smallint('max_reminders').notNull().default(1),
    /**
     * The key (Ocp-Apim-Subscription-Key) of the Ente's own IO service, encrypted like the partners' credentials
     * (lib/partners/secrets.ts, bound to the Ente); write-only: the page shows only its last characters.
     */
    ioServiceKeyCiphertext: bytea('io_service_key_ciphertext'),
    ioServiceKeyHint: varchar('io_service_key_hint', { length: 4 }),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('notification_settings_reminder_days', sql`${t.reminderDaysBefore} between 1 and 60`),
    check('notification_settings_max_reminders', sql`${t.maxReminders} between 1 and 5`),
  ],
);

/**
 * One message to one citizen, written in the transaction of the event that causes it (a receipt, a new
 * position, a reminder's day) and delivered by the worker. The unique key makes every event reach a
 * recipient at most once per channel, however often the event is recorded.
 */
export const notificationOutbox = pgTable(
  'notification_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id, { onDelete: 'restrict' }),
    kind: notificationKind('kind').notNull(),
    channel: notificationChannel('channel').notNull(),
    /** The event: `receipt:<receipt row id>`, `notice:<position id>`, `reminder:<position id>:<n>`. */
    eventKey: varchar('event_key', { length: 120 }).notNull(),
    recipient: varchar('recipient', { length: 254 }).notNull(),
    /** The language of an e-mail: the payer's at checkout for a receipt, Italian otherwise (and on App IO). */
    locale: varchar('locale', { length: 2 }).notNull().default('it'),
    positionId: uuid('position_id').references(() => positions.id, { onDelete: 'restrict' }),
    receiptRowId: uuid('receipt_row_id').references(() => receipts.id, { onDelete: 'restrict' }),
    state: notificationState('state').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** A worker sending it holds it until then: another may take it only after. */
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    providerId: varchar('provider_id', { length: 200 }),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('notification_outbox_event_key').on(t.enteId, t.eventKey, t.channel, t.recipient),
    check('notification_outbox_locale', sql`${t.locale} in ('it', 'en')`),
    index('notification_outbox_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.state} in ('pending', 'failed')`),
    index('notification_outbox_position_idx').on(t.enteId, t.positionId, t.createdAt),
    index('notification_outbox_problems_idx')
      .on(t.enteId, t.updatedAt, t.id)
      .where(sql`${t.state} in ('failed', 'dead')`),
    index('notification_outbox_receipt_idx').on(t.receiptRowId),
  ],
);

/** Every delivery attempt of an outbox message, as the provider answered it. */
export const notificationAttempts = pgTable(
  'notification_attempts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    outboxId: uuid('outbox_id')
      .notNull()
      .references(() => notificationOutbox.id, { onDelete: 'restrict' }),
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id, { onDelete: 'restrict' }),
    channel: notificationChannel('channel').notNull(),
    attemptedAt: timestamp('attempted_at', { withTimezone: true }).notNull().defaultNow(),
    /** accepted: App IO took the message, its outcome comes later; unreachable: see notificationState. */
    outcome: varchar('outcome', { length: 16 }).notNull(),
    providerId: varchar('provider_id', { length: 200 }),
    error: text('error'),
  },
  (t) => [
    index('notification_attempts_outbox_idx').on(t.outboxId, t.attemptedAt),
    check('notification_attempts_outcome', sql`${t.outcome} in ('sent', 'accepted', 'failed', 'unreachable')`),
  ],
);
export type NotificationSettings = typeof notificationSettings.$inferSelect;
export type OutboxMessage = typeof notificationOutbox.$inferSelect;
export type NotificationKind = (typeof notificationKind.enumValues)[number];
