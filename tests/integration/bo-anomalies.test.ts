import { and, eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { renderToStaticMarkup } from 'react-dom/server';
import AnomalyPage from '@/app/ente/[slug]/admin/(area)/anomalie/[id]/page';
import { anomalies, auditLog, jobs, memberships, positions, refunds, users, type Ente } from '@/db/schema';
import { recordRefund, resolveAnomaly } from '@/lib/anomalies/actions';
import { findAnomaly, listAnomalies } from '@/lib/anomalies/queries';
import type { PortalSession } from '@/lib/auth/session';
import { authSecret } from '@/lib/config';
import { retryEnteJob } from '@/lib/jobs/actions';
import { listEnteDeadJobs } from '@/lib/jobs/ente-jobs';
import { recordReceipt } from '@/lib/payments/record-receipt';
import { REGISTER_QUEUE } from '@/lib/positions/create';
import { REGISTER_BATCH_QUEUE } from '@/lib/positions/register-batch';
import { enteBySlug, newPosition, receiptFor } from '../support/payments';
import { serviceIdOf } from '../support/receipts';
import { withTestDatabase } from '../support/test-db';

/* The actions run through the real wrapper and session decoding; only the request is injected. */
const mockRequest: { headers: Headers } = { headers: new Headers() };
jest.mock('next/headers', () => ({
  headers: async () => mockRequest.headers,
  cookies: async () => ({ get: () => undefined, set: () => undefined }),
}));

const { testDb } = withTestDatabase();
const db = () => testDb().handle.db;

let valmora: Ente;
let demo: Ente;
const staff: Record<string, PortalSession> = {};
const anomalyIds: Record<string, string> = {};

async function sessionFor(fiscalCode: string): Promise<PortalSession> {
  const [user] = await db().select().from(users).where(eq(users.fiscalCode, fiscalCode));
  return { userId: user!.id, fiscalCode, name: user!.fullName, method: 'spid', level: 2 };
}

async function actAs<T>(slug: string, session: PortalSession, run: () => Promise<T>): Promise<T> {
  const token = await encode({ secret: authSecret(), salt: 'authjs.session-token', token: { sub: session.userId, ...session } });
  mockRequest.headers = new Headers({
    host: `${slug}.localhost:3000`,
    'x-forwarded-proto': 'http',
    'x-forwarded-for': '203.0.113.7',
    cookie: `authjs.session-token=${token}`,
  });
  return run();
}

/** A position of `serviceCode` (or none) whose receipt came with the wrong amount: an amount_mismatch anomaly. */
async function mismatch(ente: Ente, serviceId: string | null, receiptId: string): Promise<string> {
  const position = await newPosition(db(), ente, 5000);
  if (serviceId) await db().update(positions).set({ serviceId }).where(eq(positions.id, position.id));
  const outcome = await recordReceipt(db(), ente, 'sandbox', receiptFor(ente, position, receiptId, 4000));
  expect(outcome).toEqual({ kind: 'anomaly', anomaly: 'amount_mismatch', receiptRowId: expect.any(String) });
  const [row] = await db().select({ id: anomalies.id }).from(anomalies).where(eq(anomalies.receiptId, receiptId));
  return row!.id;
}

beforeAll(async () => {
  (globalThis as { __portaleDatabase?: unknown }).__portaleDatabase = Promise.resolve(testDb().handle);
  valmora = await enteBySlug(db(), 'valmora');
  demo = await enteBySlug(db(), 'comune-demo');
  staff.sara = await sessionFor('BNTSRA79S43B157V');
  staff.stefano = await sessionFor('GTTSFN85A30B157O');
  staff.paolo = await sessionFor('FRRPLA70H21B157M');
  const [viewer] = await db().insert(users).values({ fullName: 'Vera Visore', fiscalCode: 'VSRVRE80A41B157X' }).returning();
  await db().insert(memberships).values({ userId: viewer!.id, enteId: valmora.id, role: 'ente_viewer' });
  staff.vera = await sessionFor('VSRVRE80A41B157X');

  anomalyIds.mensa = await mismatch(valmora, await serviceIdOf(db(), valmora.id, 'mensa'), 'ANOM-mensa');
  anomalyIds.tari = await mismatch(valmora, await serviceIdOf(db(), valmora.id, 'tari'), 'ANOM-tari');
  anomalyIds.demo = await mismatch(demo, null, 'ANOM-demo');
  const unknown = receiptFor(valmora, { noticeNumber: '399000000000000099', amountCents: 100 }, 'ANOM-sconosciuto');
  expect(await recordReceipt(db(), valmora, 'sandbox', unknown)).toEqual({
    kind: 'anomaly',
    anomaly: 'unknown_notice',
    receiptRowId: expect.any(String),
  });
  const [row] = await db().select({ id: anomalies.id }).from(anomalies).where(eq(anomalies.receiptId, 'ANOM-sconosciuto'));
  anomalyIds.unknown = row!.id;
});

afterAll(() => {
  (globalThis as { __portaleDatabase?: unknown }).__portaleDatabase = undefined;
});

const NOTE = 'Rimborso disposto al pagatore il 3 febbraio';

describe('the anomalies of an Ente', () => {
  it("lists only the Ente's, and for an operator limited to some services only theirs", async () => {
    const open = await listAnomalies(db(), { enteId: valmora.id, serviceIds: null }, { state: 'aperte', limit: 50 });
    expect(open.lines.map((a) => a.receiptId).sort()).toEqual(['ANOM-mensa', 'ANOM-sconosciuto', 'ANOM-tari']);
    const mensa = await serviceIdOf(db(), valmora.id, 'mensa');
    const scoped = await listAnomalies(db(), { enteId: valmora.id, serviceIds: [mensa] }, { state: 'aperte', limit: 50 });
    expect(scoped.lines.map((a) => a.receiptId)).toEqual(['ANOM-mensa']);
    expect(scoped.lines[0]).toMatchObject({
      kind: 'amount_mismatch',
      amountCents: 4000,
      expectedAmountCents: 5000,
      serviceTitle: 'Mensa scolastica',
    });
  });

  it('refuses to resolve without a note, or with a huge one', async () => {
    for (const input of [
      { id: anomalyIds.mensa },
      { id: anomalyIds.mensa, nota: '   ' },
      { id: anomalyIds.mensa, nota: 'x'.repeat(2001) },
    ]) {
      const result = await actAs('valmora', staff.sara!, () => resolveAnomaly(input as never));
      expect(result).toMatchObject({ ok: false, fieldErrors: { nota: expect.any(String) } });
    }
    const [row] = await db().select().from(anomalies).where(eq(anomalies.id, anomalyIds.mensa!));
    expect(row!.resolvedAt).toBeNull();
  });

  it('does not let a viewer resolve, nor another Ente, nor an operator outside his services', async () => {
    expect(await actAs('valmora', staff.vera!, () => resolveAnomaly({ id: anomalyIds.mensa!, nota: NOTE }))).toEqual({
      ok: false,
      error: 'Non hai i permessi per questa operazione.',
    });
    // Another Ente's anomaly id on valmora's host, and valmora's id on the other host: unknown.
    expect(await actAs('valmora', staff.sara!, () => resolveAnomaly({ id: anomalyIds.demo!, nota: NOTE }))).toEqual({
      ok: false,
      error: 'Anomalia non trovata.',
    });
    expect(await actAs('comune-demo', staff.paolo!, () => resolveAnomaly({ id: anomalyIds.mensa!, nota: NOTE }))).toMatchObject({
      ok: false,
    });
    for (const id of [anomalyIds.tari!, anomalyIds.unknown!]) {
      expect(await actAs('valmora', staff.stefano!, () => resolveAnomaly({ id, nota: NOTE }))).toEqual({
        ok: false,
        error: 'Anomalia non trovata.',
      });
    }
    const resolved = await db().select().from(anomalies).where(eq(anomalies.enteId, valmora.id));
    expect(resolved.filter((a) => a.resolvedAt)).toEqual([]);
  });

  it('resolves with the note, audited once; a second resolve changes nothing', async () => {
    const first = await actAs('valmora', staff.stefano!, () => resolveAnomaly({ id: anomalyIds.mensa!, nota: `  ${NOTE}  ` }));
    expect(first).toEqual({ ok: true, data: 'resolved' });
    const again = await actAs('valmora', staff.sara!, () => resolveAnomaly({ id: anomalyIds.mensa!, nota: 'Un altro testo' }));
    expect(again).toEqual({ ok: true, data: 'already_resolved' });
    const [row] = await db().select().from(anomalies).where(eq(anomalies.id, anomalyIds.mensa!));
    expect(row).toMatchObject({ resolutionNote: NOTE, resolvedBy: staff.stefano!.userId, resolvedAt: expect.any(Date) });
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'anomalia_risolta'), eq(auditLog.targetId, anomalyIds.mensa!)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ enteId: valmora.id, actorUserId: staff.stefano!.userId, ip: '203.0.113.7' });
    const done = await listAnomalies(db(), { enteId: valmora.id, serviceIds: null }, { state: 'risolte', limit: 50 });
    expect(done.lines).toEqual([
      expect.objectContaining({ receiptId: 'ANOM-mensa', resolvedByName: 'Stefano Gatti', resolutionNote: NOTE }),
    ]);
  });
});

describe('the dead jobs of an Ente', () => {
  const jobIds: Record<string, number> = {};

  beforeAll(async () => {
    const dead = async (payload: Record<string, unknown>, queue = REGISTER_QUEUE) => {
      const [row] = await db()
        .insert(jobs)
        .values({ queue, payload, attempts: 50, maxAttempts: 50, lastError: 'partner non raggiungibile', deadAt: new Date() })
        .returning({ id: jobs.id });
      return row!.id;
    };
    const own = await newPosition(db(), valmora);
    const other = await newPosition(db(), demo);
    jobIds.own = await dead({ positionId: own.id, enteId: valmora.id });
    jobIds.other = await dead({ positionId: other.id, enteId: demo.id });
    // A payload that names valmora but a position of the other Ente: the position decides.
    jobIds.forged = await dead({ positionId: other.id, enteId: valmora.id });
    jobIds.garbage = await dead({ positionId: "x' or 1=1 --", enteId: valmora.id });
    // An import batch's job belongs to the Ente of its positions, like a single one.
    jobIds.batch = await dead({ positionIds: [own.id], enteId: valmora.id }, REGISTER_BATCH_QUEUE);
    jobIds.otherBatch = await dead({ positionIds: [other.id], enteId: valmora.id }, REGISTER_BATCH_QUEUE);
    jobIds.sandbox = await dead({ creditorFiscalCode: valmora.fiscalCode, body: '{}' }, 'sandbox.deliver');
  });

  it("lists only the registrations of the Ente's own positions", async () => {
    expect((await listEnteDeadJobs(db(), valmora.id, { limit: 50 })).jobs.map((j) => j.id).sort()).toEqual(
      [jobIds.own, jobIds.batch].sort(),
    );
    expect((await listEnteDeadJobs(db(), demo.id, { limit: 50 })).jobs.map((j) => j.id).sort()).toEqual(
      [jobIds.other, jobIds.forged, jobIds.otherBatch].sort(),
    );
  });

  it("refuses another Ente's job, other queues, operators and viewers; retries its own once, audited", async () => {
    for (const id of [jobIds.other!, jobIds.forged!, jobIds.otherBatch!, jobIds.garbage!, jobIds.sandbox!, 987_654_321]) {
      expect(await actAs('valmora', staff.sara!, () => retryEnteJob({ id }))).toEqual({ ok: false, error: 'Lavoro non trovato.' });
    }
    for (const who of [staff.stefano!, staff.vera!]) {
      expect(await actAs('valmora', who, () => retryEnteJob({ id: jobIds.own! }))).toEqual({
        ok: false,
        error: 'Non hai i permessi per questa operazione.',
      });
    }
    expect(await actAs('valmora', staff.sara!, () => retryEnteJob({ id: -1 }))).toMatchObject({
      ok: false,
      fieldErrors: { id: expect.any(String) },
    });
    expect(await actAs('valmora', staff.sara!, () => retryEnteJob({ id: jobIds.own! }))).toEqual({
      ok: true,
      data: 'Il lavoro è stato rimesso in coda.',
    });
    // A double click: the job is no longer dead, so it is no longer the Ente's to retry.
    expect(await actAs('valmora', staff.sara!, () => retryEnteJob({ id: jobIds.own! }))).toEqual({
      ok: false,
      error: 'Lavoro non trovato.',
    });
    const [job] = await db().select().from(jobs).where(eq(jobs.id, jobIds.own!));
    expect(job).toMatchObject({ deadAt: null, attempts: 0 });
    const [other] = await db().select().from(jobs).where(eq(jobs.id, jobIds.other!));
    expect(other!.deadAt).not.toBeNull();
    const audit = await db().select().from(auditLog).where(eq(auditLog.action, 'lavoro_riprovato'));
    expect(audit).toEqual([expect.objectContaining({ enteId: valmora.id, targetId: String(jobIds.own), actorUserId: staff.sara!.userId })]);
  });
});

describe('the refund of an anomaly', () => {
  const ids: Record<string, string> = {};
  let doublePaid: { id: string; paidAt: Date | null };
  const REFUND = {
    modalita: 'bonifico' as const,
    riferimento: '0306909606 1234567',
    importo: '50,00',
    data: '2026-02-03',
    nota: 'Restituito al pagatore',
  };

  /** A position of the mensa service paid twice: the second receipt is a not_payable anomaly. */
  beforeAll(async () => {
    const position = await newPosition(db(), valmora, 5000);
    await db()
      .update(positions)
      .set({ serviceId: await serviceIdOf(db(), valmora.id, 'mensa') })
      .where(eq(positions.id, position.id));
    expect((await recordReceipt(db(), valmora, 'sandbox', receiptFor(valmora, position, 'RIMB-PRIMO'))).kind).toBe('receipt_created');
    const [paid] = await db().select().from(positions).where(eq(positions.id, position.id));
    doublePaid = { id: position.id, paidAt: paid!.paidAt };
    expect(await recordReceipt(db(), valmora, 'sandbox', receiptFor(valmora, position, 'RIMB-SECONDO'))).toMatchObject({
      kind: 'anomaly',
      anomaly: 'not_payable',
    });
    const [row] = await db().select({ id: anomalies.id }).from(anomalies).where(eq(anomalies.receiptId, 'RIMB-SECONDO'));
    ids.double = row!.id;
    ids.demo = await mismatch(demo, null, 'RIMB-DEMO');
    ids.open = await mismatch(valmora, await serviceIdOf(db(), valmora.id, 'mensa'), 'RIMB-APERTA');
  });

  const refundsOf = (anomalyId: string) => db().select().from(refunds).where(eq(refunds.anomalyId, anomalyId));

  it('is refused to operators, viewers, another Ente’s admin and on another Ente’s host', async () => {
    for (const who of [staff.stefano!, staff.vera!]) {
      expect(await actAs('valmora', who, () => recordRefund({ id: ids.double!, ...REFUND }))).toEqual({
        ok: false,
        error: 'Non hai i permessi per questa operazione.',
      });
    }
    // Paolo administers comune-demo, not valmora: on valmora's host he is nobody.
    expect(await actAs('valmora', staff.paolo!, () => recordRefund({ id: ids.double!, ...REFUND }))).toEqual({
      ok: false,
      error: 'Non hai i permessi per questa operazione.',
    });
    // On his own host, valmora's anomaly does not exist; nor does comune-demo's on valmora's host for valmora's admin.
    expect(await actAs('comune-demo', staff.paolo!, () => recordRefund({ id: ids.double!, ...REFUND }))).toEqual({
      ok: false,
      error: 'Anomalia non trovata.',
    });
    expect(await actAs('valmora', staff.sara!, () => recordRefund({ id: ids.demo!, ...REFUND, importo: '40,00' }))).toEqual({
      ok: false,
      error: 'Anomalia non trovata.',
    });
    expect([...(await refundsOf(ids.double!)), ...(await refundsOf(ids.demo!))]).toEqual([]);
  });

  it('refuses inputs that are not a refund, naming the field', async () => {
    const future = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const attacks: [Record<string, unknown>, string][] = [
      [{ riferimento: '' }, 'riferimento'],
      [{ riferimento: 'X'.repeat(36) }, 'riferimento'],
      [{ riferimento: 'R'.repeat(100_000) }, 'riferimento'],
      [{ riferimento: 'CRO\u0000123' }, 'riferimento'],
      [{ riferimento: "1' or '1'='1" }, 'riferimento'],
      [{ riferimento: ['0306909606'] }, 'riferimento'],
      [{ importo: '0' }, 'importo'],
      [{ importo: '-5,00' }, 'importo'],
      [{ importo: 'cinquanta' }, 'importo'],
      [{ importo: 5000 }, 'importo'],
      [{ data: future }, 'data'],
      [{ data: '2026-02-30' }, 'data'],
      [{ modalita: 'contanti' }, 'modalita'],
      [{ nota: 'a\u0000b' }, 'nota'],
      [{ nota: 'n'.repeat(2001) }, 'nota'],
      [{ id: 'not-a-uuid' }, 'id'],
    ];
    for (const [change, field] of attacks) {
      const result = await actAs('valmora', staff.sara!, () => recordRefund({ id: ids.double!, ...REFUND, ...change } as never));
      expect(result).toMatchObject({ ok: false, fieldErrors: { [field]: expect.any(String) } });
    }
    expect(await actAs('valmora', staff.sara!, () => recordRefund({ id: ids.double!, ...REFUND, importo: '50,01' }))).toMatchObject({
      ok: false,
      fieldErrors: { importo: 'Il rimborso non può superare l’importo incassato (50,00\u00a0€).' },
    });
    expect(await refundsOf(ids.double!)).toEqual([]);
    const [row] = await db().select().from(anomalies).where(eq(anomalies.id, ids.double!));
    expect(row!.resolvedAt).toBeNull();
  });

  it('records the refund with every field, resolves the anomaly with it, audited once; a second one changes nothing', async () => {
    const result = await actAs('valmora', staff.sara!, () =>
      recordRefund({ id: ids.double!, ...REFUND, riferimento: ' 0306909606 1234567 ' }),
    );
    expect(result).toEqual({ ok: true, data: 'recorded' });
    expect(await refundsOf(ids.double!)).toEqual([
      expect.objectContaining({
        enteId: valmora.id,
        method: 'bonifico',
        reference: '0306909606 1234567',
        amountCents: 5000,
        refundedOn: '2026-02-03',
        note: 'Restituito al pagatore',
        recordedBy: staff.sara!.userId,
        createdAt: expect.any(Date),
      }),
    ]);
    const [anomaly] = await db().select().from(anomalies).where(eq(anomalies.id, ids.double!));
    expect(anomaly).toMatchObject({ resolvedBy: staff.sara!.userId, resolvedAt: expect.any(Date) });
    expect(anomaly!.resolutionNote).toBe(
      'Rimborso (bonifico al pagatore) di 50,00\u00a0€ il 03/02/2026, riferimento 0306909606 1234567\nRestituito al pagatore',
    );

    const again = await actAs('valmora', staff.sara!, () => recordRefund({ id: ids.double!, ...REFUND, riferimento: 'ALTRO' }));
    expect(again).toEqual({ ok: true, data: 'already_resolved' });
    expect(await refundsOf(ids.double!)).toHaveLength(1);
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'rimborso_registrato'), eq(auditLog.targetId, ids.double!)));
    expect(audit).toEqual([
      expect.objectContaining({
        enteId: valmora.id,
        actorUserId: staff.sara!.userId,
        ip: '203.0.113.7',
        details: expect.objectContaining({ method: 'bonifico', reference: '0306909606 1234567', amountCents: 5000 }),
      }),
    ]);

    // The operator of the mensa service sees it on the anomaly's page; the double payment paid the position once.
    const seen = await findAnomaly(db(), { enteId: valmora.id, serviceIds: [await serviceIdOf(db(), valmora.id, 'mensa')] }, ids.double!);
    expect(seen).toMatchObject({
      kind: 'not_payable',
      resolvedByName: 'Sara Bonetti',
      refund: {
        method: 'bonifico',
        reference: '0306909606 1234567',
        amountCents: 5000,
        refundedOn: '2026-02-03',
        recordedByName: 'Sara Bonetti',
      },
    });
    expect(await findAnomaly(db(), { enteId: demo.id, serviceIds: null }, ids.double!)).toBeUndefined();
    const [position] = await db().select().from(positions).where(eq(positions.id, doublePaid.id));
    expect(position).toMatchObject({ status: 'paid', paidAt: doublePaid.paidAt });
  });

  it('shows the refund on the anomaly’s page to admin and operator; an open one offers the form to the admin only', async () => {
    const page = async (slug: string, who: PortalSession, id: string) =>
      actAs(slug, who, async () =>
        renderToStaticMarkup(await AnomalyPage({ params: Promise.resolve({ slug, id }) }))
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' '),
      );
    for (const who of [staff.sara!, staff.stefano!]) {
      const refunded = await page('valmora', who, ids.double!);
      for (const expected of [
        'Bonifico al pagatore',
        '0306909606 1234567',
        '50,00',
        '03/02/2026',
        'Registrato da Sara Bonetti',
        'Restituito al pagatore',
      ])
        expect(refunded).toContain(expected);
      expect(refunded).not.toContain('Registra il rimborso e risolvi');
    }
    expect(await page('valmora', staff.sara!, ids.open!)).toContain('Registra il rimborso e risolvi');
    const asOperator = await page('valmora', staff.stefano!, ids.open!);
    expect(asOperator).toContain('Solo l’amministratore dell’Ente può registrare un rimborso.');
    expect(asOperator).not.toContain('Registra il rimborso e risolvi');
    // Another Ente's admin on his own host: the anomaly does not exist there.
    await expect(page('comune-demo', staff.paolo!, ids.double!)).rejects.toThrow();
  });
});
