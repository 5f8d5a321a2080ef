import { and, asc, eq } from 'drizzle-orm';
import { auditLog, positions, type Ente } from '@/db/schema';
import { handleApiRequest } from '@/lib/api/http';
import { createApiKey } from '@/lib/api/keys';
import { deletePosition, putPosition } from '@/lib/api/position-endpoints';
import { recordReceipt } from '@/lib/payments/record-receipt';
import { findPositionDetail } from '@/lib/positions/history';
import { enteBySlug, receiptFor } from '../support/payments';
import { withTestDatabase } from '../support/test-db';

// @react-pdf ships only ES modules, which this jest setup does not load; these tests draw no PDF.
jest.mock('@/lib/documents/receipt-pdf', () => ({ renderReceiptPdf: jest.fn() }));

/*
 * /api/v1 writes are audited per key: every PUT or DELETE that changes a position leaves one audit_log
 * row naming the key (id and label), what changed (before and after) and the caller's address, in the
 * change's transaction. Replays, refusals and other Enti's keys leave nothing.
 */

const { db } = withTestDatabase();
let demo: Ente;
let valmora: Ente;
const keys: Record<'tributi' | 'pratiche' | 'valmora', { id: string; key: string }> = {} as never;

beforeAll(async () => {
  demo = await enteBySlug(db(), 'comune-demo');
  valmora = await enteBySlug(db(), 'valmora');
  keys.tributi = await createApiKey(db(), { enteId: demo.id, label: 'Gestionale tributi', createdBy: null });
  keys.pratiche = await createApiKey(db(), { enteId: demo.id, label: 'Gestionale pratiche', createdBy: null });
  keys.valmora = await createApiKey(db(), { enteId: valmora.id, label: 'Mensa', createdBy: null });
});

function call(method: 'PUT' | 'DELETE', externalId: string, key: string, body?: Record<string, unknown>, ente = demo) {
  const request = new Request(`https://${ente.slug}.pagamenti.test/api/v1/positions/${externalId}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      'x-forwarded-for': '198.51.100.23',
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body && JSON.stringify(body),
  });
  const handler = method === 'PUT' ? putPosition : deletePosition;
  return handleApiRequest(request, { db: db(), ente, now: new Date() }, 'positions', (context) => handler(request, context, externalId));
}

const body = (overrides: Record<string, unknown> = {}) => ({
  serviceCode: 'tari',
  amountCents: 15_000,
  causale: 'TARI 2027 - prima rata',
  dueDate: '2027-06-30',
  debtor: { type: 'F', fiscalCode: 'RCCMNL83S18D969H', name: 'Emanuele Rocca' },
  ...overrides,
});

async function positionOf(externalId: string, ente = demo) {
  const [row] = await db()
    .select()
    .from(positions)
    .where(and(eq(positions.enteId, ente.id), eq(positions.externalId, externalId)));
  return row!;
}

const auditOf = async (positionId: string) =>
  db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetType, 'position'), eq(auditLog.targetId, positionId)))
    .orderBy(asc(auditLog.id));

describe('API writes in the audit log', () => {
  it('records the creation, each change and the cancellation by the key that made them, and nothing for a replay', async () => {
    expect((await call('PUT', 'TARI-A1', keys.tributi.key, body())).status).toBe(201);
    const position = await positionOf('TARI-A1');
    expect((await call('PUT', 'TARI-A1', keys.tributi.key, body())).status).toBe(200);
    expect(await auditOf(position.id)).toEqual([
      expect.objectContaining({
        enteId: demo.id,
        actorUserId: null,
        action: 'posizione_creata_api',
        ip: '198.51.100.23',
        details: expect.objectContaining({
          apiKey: { id: keys.tributi.id, label: 'Gestionale tributi' },
          externalId: 'TARI-A1',
          noticeNumber: position.noticeNumber,
          after: expect.objectContaining({
            status: 'valid',
            amountCents: 15_000,
            causale: 'TARI 2027 - prima rata',
            dueDate: '2027-06-30',
          }),
        }),
      }),
    ]);

    // Another key of the same Ente changes it: that key is named, with the values before and after.
    expect((await call('PUT', 'TARI-A1', keys.pratiche.key, body({ amountCents: 12_000, dueDate: '2027-07-31' }))).status).toBe(200);
    const changed = (await auditOf(position.id))[1]!;
    expect(changed).toMatchObject({ action: 'posizione_modificata_api', actorUserId: null });
    expect(changed.details).toMatchObject({
      apiKey: { id: keys.pratiche.id, label: 'Gestionale pratiche' },
      before: { amountCents: 15_000, dueDate: '2027-06-30', status: 'valid' },
      after: { amountCents: 12_000, dueDate: '2027-07-31', status: 'valid' },
    });

    expect((await call('DELETE', 'TARI-A1', keys.tributi.key)).status).toBe(200);
    expect((await call('DELETE', 'TARI-A1', keys.tributi.key)).status).toBe(200);
    const audited = await auditOf(position.id);
    expect(audited.map((a) => a.action)).toEqual(['posizione_creata_api', 'posizione_modificata_api', 'posizione_annullata_api']);
    expect(audited[2]!.details).toEqual({
      apiKey: { id: keys.tributi.id, label: 'Gestionale tributi' },
      externalId: 'TARI-A1',
      noticeNumber: position.noticeNumber,
      before: 'valid',
      reason: "Annullata dal sistema dell'Ente",
    });

    // The position's history in the back office says who: the key, by its label.
    const detail = (await findPositionDetail(db(), demo.id, { serviceIds: null }, position.id))!;
    expect(detail.history.map((e) => [e.title, e.detail])).toEqual(
      expect.arrayContaining([
        ["Creata dal sistema dell'Ente (API)", 'chiave API «Gestionale tributi»'],
        ["Modificata dal sistema dell'Ente (API)", 'chiave API «Gestionale pratiche»'],
      ]),
    );
    expect(detail.history.filter((e) => e.title === 'Posizione annullata')).toHaveLength(1);
  });

  it('audits a cancellation by amount 0 through PUT', async () => {
    expect((await call('PUT', 'TARI-A2', keys.tributi.key, body())).status).toBe(201);
    expect((await call('PUT', 'TARI-A2', keys.tributi.key, body({ amountCents: 0 }))).status).toBe(200);
    const position = await positionOf('TARI-A2');
    expect(position.status).toBe('cancelled');
    expect((await auditOf(position.id)).map((a) => [a.action, (a.details as { reason?: string }).reason])).toEqual([
      ['posizione_creata_api', undefined],
      ['posizione_annullata_api', "Annullata dal sistema dell'Ente (importo 0)"],
    ]);
  });

  it('audits nothing for a refused write: invalid, paid, unknown, or with a key of another Ente', async () => {
    const before = await db().select().from(auditLog);
    expect((await call('PUT', 'TARI-A3', keys.tributi.key, body({ serviceCode: 'inesistente' }))).status).toBe(400);
    expect((await call('DELETE', 'TARI-NESSUNA', keys.tributi.key)).status).toBe(404);
    expect((await call('PUT', 'TARI-A3', keys.valmora.key, body())).status).toBe(401);
    expect(await db().select().from(auditLog)).toEqual(before);

    expect((await call('PUT', 'TARI-A4', keys.tributi.key, body())).status).toBe(201);
    const paid = await positionOf('TARI-A4');
    expect((await recordReceipt(db(), demo, 'sandbox', receiptFor(demo, paid, 'RIC-AUDIT-A4'))).kind).toBe('receipt_created');
    const audited = await auditOf(paid.id);
    expect((await call('PUT', 'TARI-A4', keys.tributi.key, body({ amountCents: 1000 }))).status).toBe(409);
    expect((await call('DELETE', 'TARI-A4', keys.tributi.key)).status).toBe(409);
    expect(await auditOf(paid.id)).toEqual(audited);
  });
});
