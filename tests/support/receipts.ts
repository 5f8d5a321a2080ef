import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { services, type Ente, type ReceiptSubject, type Service } from '@/db/schema';
import { recordReceipt } from '@/lib/payments/record-receipt';
import type { PartnerReceipt } from '@/lib/partners/types';
import { createPosition } from '@/lib/positions/create';
import { receiptFor } from './payments';

export async function serviceIdOf(db: Database, enteId: string, code: string): Promise<string> {
  const [row] = await db
    .select({ id: services.id })
    .from(services)
    .where(and(eq(services.enteId, enteId), eq(services.code, code)));
  if (!row) throw new Error(`servizio ${code} assente`);
  return row.id;
}

/** What createPosition copies from a service, read by id as the app reads it before creating a position. */
export async function serviceRef(db: Database, serviceId: string | null): Promise<Pick<Service, 'id' | 'title'> | null> {
  if (!serviceId) return null;
  const [row] = await db.select({ id: services.id, title: services.title }).from(services).where(eq(services.id, serviceId));
  if (!row) throw new Error(`servizio ${serviceId} assente`);
  return row;
}

/** A position of `serviceCode` paid by `payer` at `paidAt`, through the real receipt path. */
export async function paidReceipt(
  db: Database,
  ente: Ente,
  options: {
    serviceId: string | null;
    receiptId: string;
    paidAt: string;
    amountCents?: number;
    debtor?: ReceiptSubject;
    payer?: ReceiptSubject;
    feeCents?: number;
    /** The receipt as the partner delivered it, kept byte for byte. */
    original?: PartnerReceipt['original'];
  },
) {
  const debtor = options.debtor ?? { type: 'F', fiscalCode: 'RCCMNL83S18D969H', fullName: 'Emanuele Rocca' };
  const position = await createPosition(db, ente, {
    channel: 'staff',
    service: await serviceRef(db, options.serviceId),
    debtor,
    causale: `Prova ${options.receiptId}`,
    amountCents: options.amountCents ?? 2500,
    dueDate: null,
    taxonomyCode: '9/0104100TS/',
    iban: ente.iban!,
    formData: {},
  });
  const outcome = await recordReceipt(db, ente, 'sandbox', {
    ...receiptFor(ente, position, options.receiptId),
    debtor,
    payer: options.payer ?? debtor,
    feeCents: options.feeCents ?? 150,
    paymentDateTime: options.paidAt,
    ...(options.original ? { original: options.original } : {}),
  });
  if (outcome.kind !== 'receipt_created') throw new Error(`ricevuta non creata: ${outcome.kind}`);
  return { position, id: outcome.receiptRowId };
}

/**
 * `count` receipts of one Ente written straight into the tables (the receipt path takes seconds per
 * hundred): enough rows to see an export stream. Their chain hashes are placeholders.
 */
export async function bulkReceipts(db: Database, ente: Ente, count: number, paidOn: string): Promise<void> {
  await db.execute(sql`
    insert into positions (ente_id, creditor_fiscal_code, notice_number, iuv, debtor_type, debtor_fiscal_code, debtor_name,
                           causale, amount_cents, status, taxonomy_code, external_id)
    select ${ente.id}, ${ente.fiscalCode}, '39' || lpad(g::text, 16, '0'), '9' || lpad(g::text, 16, '0'), 'F', 'RSSMRA80A01H501U',
           'Debitore ' || g, 'Massiva ' || g, 100 + g, 'paid', '9/0101101IM/', 'EXT-' || g
    from generate_series(1, ${count}) g`);
  await db.execute(sql`
    insert into receipts (ente_id, position_id, receipt_id, notice_number, creditor_fiscal_code, creditor_reference_id, amount_cents,
                          description, company_name, debtor, payer, transfers, id_psp, psp_name, id_channel, fee_cents,
                          payment_date_time, partner, seq, prev_hash, hash)
    select p.ente_id, p.id, 'BULK' || p.external_id, p.notice_number, p.creditor_fiscal_code, p.iuv, p.amount_cents,
           p.causale, ${ente.name}, jsonb_build_object('type', 'F', 'fiscalCode', p.debtor_fiscal_code, 'fullName', p.debtor_name), null,
           '[]'::jsonb, 'BCITITMM', 'Intesa Sanpaolo S.p.A.', 'BCITITMM_01', 100,
           (${paidOn}::date + interval '8 hours') + (row_number() over (order by p.external_id)) * interval '1 second', 'sandbox',
           1000000 + row_number() over (order by p.external_id), repeat('0', 64), repeat('0', 64)
    from positions p where p.ente_id = ${ente.id} and p.external_id like 'EXT-%'`);
  // What autovacuum does on a server (PGlite has none): without statistics the planner expects a few rows.
  await db.execute(sql`analyze positions, receipts`);
}
