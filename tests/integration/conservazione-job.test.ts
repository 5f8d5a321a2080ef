import { createHash, randomUUID } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { and, eq } from 'drizzle-orm';
import { unzipSync } from 'fflate';
import { ZodError } from 'zod';
import { auditLog, conservazioneConfigs, conservazioneReceipts, enti, jobs, receipts, users, type Ente, type Receipt } from '@/db/schema';
import { ActionError } from '@/lib/actions/result';
import { dashboardFigures } from '@/lib/backoffice/dashboard';
import { citOverview, figuresPerEnte } from '@/lib/cit/monitoring';
import { saveConservazioneConfig, loadConservazioneConfig, type ConservazioneActor } from '@/lib/conservazione/ente-config';
import type { ConservazioneConfigInput } from '@/lib/conservazione/config-schema';
import { conservazioneJobHandler } from '@/lib/conservazione/job';
import { retryConservazioneReceipt, runConservazioneNow } from '@/lib/conservazione/operations';
import { buildVersamentoPackage } from '@/lib/conservazione/package';
import { createParerConservatore } from '@/lib/conservazione/parer/versamento-sync';
import {
  conservazioneCitOverview,
  conservazioneSummary,
  downloadConservazioneExport,
  findConservazioneReceipt,
  listConservazioneExports,
  listConservazioneReceipts,
} from '@/lib/conservazione/queries';
import { MAX_FAILED_ATTEMPTS } from '@/lib/conservazione/parer-batch';
import { runConservazione } from '@/lib/conservazione/run';
import type { RunOptions } from '@/lib/conservazione/run-context';
import { CONSERVAZIONE_QUEUE, scheduleConservazioneRuns } from '@/lib/conservazione/schedule';
import { PINDEX_PATH } from '@/lib/conservazione/sincro/day-export';
import { SINCRO_NS } from '@/lib/conservazione/sincro/pindex-builder';
import { renderReceiptPdf } from '@/lib/documents/receipt-pdf';
import { italianDay } from '@/lib/format/date';
import { romeDateAndTime } from '@/lib/format/rome-time';
import { runDueJobs } from '@/lib/jobs/queue';
import { decryptSecrets } from '@/lib/partners/secrets';
import { startSacerMock, type SacerMock } from '../mocks/sacer';
import { parerSettings, SACER_PASSWORD, sampleSettings, sampleSettingsInput } from '../support/conservazione';
import { enteBySlug } from '../support/payments';
import { paidReceipt } from '../support/receipts';
import { withTestDatabase } from '../support/test-db';

// @react-pdf is ESM-only and this jest setup does not load it: the ricevuta's drawing is replaced by a recorder
// (the PDF itself is checked in the PDF/A tests), so that the job's own way to it is exercised.
jest.mock('@/lib/documents/receipt-pdf', () => ({
  renderReceiptPdf: jest.fn(async (data: { receipt: { id: string } }) => Buffer.from(`%PDF-ricevuta ${data.receipt.id}`)),
}));

/*
 * The daily conservazione job against the SacER mock (tests/mocks/sacer.ts) and the SInCRO export, on the
 * real tables: receipts recorded through the real receipt path with their original documents, outcomes
 * stored, retries, the lease that keeps two runs of one Ente apart, the read functions the pages use and
 * their scoping by Ente. The PDF is a small fixed document (rendering is lib/documents' business), except
 * in the one test that goes through the job queue, which takes the job's own way to the ricevuta.
 */

const { db } = withTestDatabase();
let mock: SacerMock;
let valmora: Ente;
let ronchi: Ente;
let castel: Ente;
let demo: Ente;
let sara: ConservazioneActor;
let counter = 0;

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const fakePdf: NonNullable<RunOptions['renderPdf']> = async (_db, _ente, receipt) =>
  Buffer.from(`%PDF-1.7\n% ricevuta ${receipt.id}\n%%EOF\n`, 'latin1');
const run = (ente: Ente, options: RunOptions = {}) => runConservazione(db(), ente.id, { renderPdf: fakePdf, ...options });

async function stored(ente: Ente, options: { original?: boolean; paidAt?: string } = {}): Promise<Receipt> {
  counter++;
  const receiptId = `CONS-JOB-${counter}-${Date.now()}`;
  const { id } = await paidReceipt(db(), ente, {
    serviceId: null,
    receiptId,
    paidAt: options.paidAt ?? new Date().toISOString(),
    original:
      options.original === false
        ? undefined
        : { format: 'xml', bytes: Buffer.from(`<?xml version="1.0"?><receipt><receiptId>${receiptId}</receiptId></receipt>`) },
  });
  const [row] = await db().select().from(receipts).where(eq(receipts.id, id));
  return row!;
}

const parerConfig = (overrides: Partial<Parameters<typeof parerSettings>[1]> = {}, password: string | undefined = SACER_PASSWORD) =>
  ({
    conservatore: 'parer',
    enabled: true,
    settings: sampleSettingsInput,
    parer: parerSettings(mock.url, overrides),
    parerPassword: password,
  }) satisfies ConservazioneConfigInput;

const stateOf = async (receipt: Receipt) => (await findConservazioneReceipt(db(), receipt.enteId, receipt.id))!;
/** The key SacER files a receipt under: registro, year of payment (Italian time), receipt row id. */
const keyOf = (receipt: Receipt) => `RT_PAGOPA-${romeDateAndTime(receipt.paymentDateTime).date.slice(0, 4)}-${receipt.id}`;
const versamentoOf = (receipt: Receipt) => mock.versamenti.get(keyOf(receipt));

async function alertsOf(ente: Ente, action: string) {
  return db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.enteId, ente.id), eq(auditLog.action, action)));
}

beforeAll(async () => {
  mock = await startSacerMock();
  valmora = await enteBySlug(db(), 'valmora');
  ronchi = await enteBySlug(db(), 'ronchi-franciacorta');
  castel = await enteBySlug(db(), 'castel-oglio');
  demo = await enteBySlug(db(), 'comune-demo');
  const [user] = await db().select({ id: users.id }).from(users).where(eq(users.fiscalCode, 'BNTSRA79S43B157V'));
  sara = { userId: user!.id, address: '203.0.113.7', via: 'ente' };
  await saveConservazioneConfig(db(), sara, valmora.id, parerConfig());
});

afterAll(async () => {
  await mock?.close();
});

afterEach(() => {
  mock.controls.delayMs = 0;
});

describe('versamento to SacER', () => {
  it('sends a day’s receipts in ledger order and stores each rapporto verbatim with its hash', async () => {
    const day = [await stored(valmora), await stored(valmora), await stored(valmora)];
    const before = mock.controls.requests.length;
    const result = await run(valmora);
    expect(result).toMatchObject({ kind: 'ran', summary: { preserved: 3, rejected: 0, failed: 0, stoppedBy: null } });
    expect(mock.controls.requests.length - before).toBe(3);
    // In ledger order: SacER received them by ascending sequence.
    expect([...mock.versamenti.keys()].slice(-3)).toEqual(day.map(keyOf));
    for (const receipt of day) {
      const detail = await stateOf(receipt);
      const versamento = versamentoOf(receipt)!;
      expect(detail).toMatchObject({
        state: 'preserved',
        seq: receipt.seq,
        rapporto: versamento.rapporto,
        rapportoSha256: sha256(versamento.rapporto),
        rapportoUrn: versamento.urnRapporto,
        attempts: 0,
      });
      expect(detail.preservedAt).toBeInstanceOf(Date);
      expect(versamento.files.get('rt')!.equals(receipt.originalDocument!)).toBe(true);
    }
    const summary = await conservazioneSummary(db(), valmora.id);
    expect(summary.counts.preserved).toBeGreaterThanOrEqual(3);
    expect(summary.backlog).toBe(0);
    expect(summary.lastRun.summary).toMatchObject({ preserved: 3 });
    expect(summary.lastPreservedAt).toBeInstanceOf(Date);
    expect(summary.running).toBe(false);
  });

  it('a second run finds nothing to send', async () => {
    const before = mock.controls.requests.length;
    expect(await run(valmora)).toMatchObject({ kind: 'ran', summary: { enrolled: 0, preserved: 0 } });
    expect(mock.controls.requests.length).toBe(before);
  });

  it('recognises a receipt SacER already has (UD-002-001) and keeps the original rapporto', async () => {
    const receipt = await stored(valmora);
    // A run that died after SacER took the package, before it stored the outcome.
    const pkg = buildVersamentoPackage({ receipt, ente: valmora, pdf: await fakePdf(db(), valmora, receipt), settings: sampleSettings() });
    const first = await createParerConservatore(parerSettings(mock.url), { password: SACER_PASSWORD }).send(pkg);
    expect(first.kind).toBe('preserved');
    await run(valmora);
    const detail = await stateOf(receipt);
    expect(detail).toMatchObject({ state: 'preserved', outcomeCode: 'UD-002-001', rapporto: versamentoOf(receipt)!.rapporto });
    if (first.kind === 'preserved') expect(detail.rapportoSha256).toBe(first.rapporto.sha256);
  });

  it('keeps SacER’s warnings of an accepted receipt', async () => {
    const receipt = await stored(valmora);
    mock.warnNext();
    await run(valmora);
    expect(await stateOf(receipt)).toMatchObject({
      state: 'preserved',
      outcomeCode: 'UD-008-001',
      warnings: [expect.objectContaining({ code: 'UD-008-001' }), { code: 'MOCK-001', message: 'Avviso ulteriore simulato dal mock' }],
    });
  });

  it('rejects a receipt for its document, goes on with the batch, alerts, and preserves it after «riprova» once fixed', async () => {
    const [bad, good] = [await stored(valmora), await stored(valmora)];
    mock.failKey(bad.id, { code: 'HASH-004-001', message: 'Componente rt: l’hash calcolato non coincide con l’hash versato' });
    const result = await run(valmora);
    expect(result).toMatchObject({ kind: 'ran', summary: { preserved: 1, rejected: 1, stoppedBy: null } });
    expect(await stateOf(bad)).toMatchObject({
      state: 'rejected',
      outcomeCode: 'HASH-004-001',
      outcomeMessage: 'Componente rt: l’hash calcolato non coincide con l’hash versato',
      rapporto: null,
    });
    expect((await stateOf(good)).state).toBe('preserved');
    // The alert: an audit entry of the system, and the counts of the dashboard and the CIT monitoring.
    expect(await alertsOf(valmora, 'conservazione_rifiutata')).toContainEqual(
      expect.objectContaining({
        actorUserId: null,
        targetType: 'ricevuta',
        targetId: bad.id,
        details: expect.objectContaining({ code: 'HASH-004-001' }),
      }),
    );
    expect((await dashboardFigures(db(), valmora.id, { serviceIds: null })).conservazione).toEqual({ toReview: 1, stopped: false });
    const today = italianDay(new Date());
    expect((await figuresPerEnte(db(), { from: today, to: today }, valmora.id))[0]!.conservazioneToReview).toBe(1);
    expect((await citOverview(db())).attention.conservazioneToReview).toBeGreaterThanOrEqual(1);
    expect((await conservazioneCitOverview(db())).find((l) => l.enteId === valmora.id)).toMatchObject({ rejected: 1, working: false });

    // Still refused: the next run does not send it again on its own.
    const before = mock.controls.requests.length;
    await run(valmora);
    expect(mock.controls.requests.length).toBe(before);

    mock.failKey(bad.id, null);
    expect(await retryConservazioneReceipt(db(), sara, demo.id, bad.id)).toBe('not_found');
    expect(await retryConservazioneReceipt(db(), sara, valmora.id, bad.id)).toBe('requeued');
    expect(await retryConservazioneReceipt(db(), sara, valmora.id, good.id)).toBe('not_retryable');
    await run(valmora);
    expect(await stateOf(bad)).toMatchObject({ state: 'preserved', rapporto: versamentoOf(bad)!.rapporto });
    expect((await dashboardFigures(db(), valmora.id, { serviceIds: null })).conservazione).toEqual({ toReview: 0, stopped: false });
    expect(await alertsOf(valmora, 'conservazione_riprovata')).toContainEqual(
      expect.objectContaining({ actorUserId: sara.userId, targetId: bad.id, ip: '203.0.113.7' }),
    );
  });

  it('retries a receipt without verdict (5xx, SacER’s 666) with backoff, and stops the batch when SacER is down', async () => {
    const receipt = await stored(valmora);
    mock.controls.failNext(503);
    const started = Date.now();
    expect(await run(valmora)).toMatchObject({ kind: 'ran', summary: { failed: 1, preserved: 0 } });
    const failed = await stateOf(receipt);
    expect(failed).toMatchObject({ state: 'failed', attempts: 1, outcomeMessage: expect.stringContaining('HTTP 503') });
    expect(failed.nextAttemptAt!.getTime() - started).toBeGreaterThanOrEqual(5 * 60_000 - 1_000);
    const [config] = await db().select().from(conservazioneConfigs).where(eq(conservazioneConfigs.enteId, valmora.id));
    expect(config!.runAgainAt!.getTime()).toBe(failed.nextAttemptAt!.getTime());

    // Not due yet: nothing is sent.
    const before = mock.controls.requests.length;
    await run(valmora);
    expect(mock.controls.requests.length).toBe(before);

    // Due again, and SacER has an error of its own (666): the backoff doubles.
    const later = new Date(failed.nextAttemptAt!.getTime() + 1_000);
    mock.unexpectedErrorNext();
    await run(valmora, { now: () => later });
    const again = await stateOf(receipt);
    expect(again).toMatchObject({ state: 'failed', attempts: 2, outcomeCode: '666' });
    expect(again.nextAttemptAt!.getTime() - later.getTime()).toBe(10 * 60_000);

    await run(valmora, { now: () => new Date(again.nextAttemptAt!.getTime() + 1_000) });
    expect(await stateOf(receipt)).toMatchObject({ state: 'preserved', attempts: 0, nextAttemptAt: null });

    // SacER down: three failures in a row stop the batch; the rest waits, pending.
    const batch = [await stored(valmora), await stored(valmora), await stored(valmora), await stored(valmora)];
    mock.controls.failNext(502, 3);
    expect(await run(valmora)).toMatchObject({ kind: 'ran', summary: { failed: 3, stoppedBy: 'failures' } });
    expect((await stateOf(batch[3]!)).state).toBe('pending');
  });

  it('a receipt out of automatic attempts waits for «riprova» and alerts', async () => {
    // The previous test's receipts go through first (their backoff is over two days later).
    await run(valmora, { now: () => new Date(Date.now() + 2 * 86_400_000) });
    const receipt = await stored(valmora);
    mock.controls.failNext(503);
    await run(valmora);
    await db()
      .update(conservazioneReceipts)
      .set({ attempts: MAX_FAILED_ATTEMPTS - 1, nextAttemptAt: new Date(Date.now() - 1_000) })
      .where(eq(conservazioneReceipts.receiptRowId, receipt.id));
    mock.controls.failNext(503);
    await run(valmora);
    expect(await stateOf(receipt)).toMatchObject({ state: 'failed', attempts: MAX_FAILED_ATTEMPTS, nextAttemptAt: null });
    expect(await alertsOf(valmora, 'conservazione_non_riuscita')).toContainEqual(expect.objectContaining({ targetId: receipt.id }));
    expect((await dashboardFigures(db(), valmora.id, { serviceIds: null })).conservazione!.toReview).toBe(1);
    // Never again on its own: a person decides.
    const before = mock.controls.requests.length;
    await run(valmora, { now: () => new Date(Date.now() + 30 * 86_400_000) });
    expect(mock.controls.requests.length).toBe(before);
    expect(await retryConservazioneReceipt(db(), sara, valmora.id, receipt.id)).toBe('requeued');
    await run(valmora);
    expect((await stateOf(receipt)).state).toBe('preserved');
  });

  it('two runs of one Ente at once: one holds the lease, nothing is sent twice', async () => {
    const batch = [await stored(valmora), await stored(valmora), await stored(valmora), await stored(valmora)];
    mock.controls.delayMs = 50;
    const before = mock.controls.requests.length;
    const results = await Promise.all([run(valmora), run(valmora)]);
    expect(results.map((r) => r.kind).sort()).toEqual(['busy', 'ran']);
    expect(mock.controls.requests.length - before).toBe(4);
    for (const receipt of batch) expect(await stateOf(receipt)).toMatchObject({ state: 'preserved', outcomeCode: null });
  });
});

describe('runs that end early', () => {
  it('a run that died mid-send: once its lease is over the next run sends its receipt again and gets the rapporto', async () => {
    const receipt = await stored(valmora);
    await run(valmora, { batchLimit: 0 });
    // The dead run: SacER took the package, the row stayed `sent`, the lease was never released.
    const pkg = buildVersamentoPackage({ receipt, ente: valmora, pdf: await fakePdf(db(), valmora, receipt), settings: sampleSettings() });
    await createParerConservatore(parerSettings(mock.url), { password: SACER_PASSWORD }).send(pkg);
    await db().update(conservazioneReceipts).set({ state: 'sent' }).where(eq(conservazioneReceipts.receiptRowId, receipt.id));
    const lease = { runToken: randomUUID(), runLeaseUntil: new Date(Date.now() + 60_000) };
    await db().update(conservazioneConfigs).set(lease).where(eq(conservazioneConfigs.enteId, valmora.id));
    expect(await run(valmora)).toEqual({ kind: 'busy' });
    expect((await conservazioneSummary(db(), valmora.id)).running).toBe(true);
    await db()
      .update(conservazioneConfigs)
      .set({ runLeaseUntil: new Date(Date.now() - 1_000) })
      .where(eq(conservazioneConfigs.enteId, valmora.id));
    expect(await run(valmora)).toMatchObject({ kind: 'ran', summary: { preserved: 1 } });
    expect(await stateOf(receipt)).toMatchObject({
      state: 'preserved',
      outcomeCode: 'UD-002-001',
      rapporto: versamentoOf(receipt)!.rapporto,
    });
  });

  it('a batch over its limit stops and asks to run again at once; the scheduler queues it', async () => {
    const batch = [await stored(valmora), await stored(valmora), await stored(valmora)];
    const at = new Date();
    expect(await run(valmora, { batchLimit: 2, now: () => at })).toMatchObject({
      kind: 'ran',
      summary: { preserved: 2, stoppedBy: 'limit' },
    });
    expect((await stateOf(batch[2]!)).state).toBe('pending');
    const [config] = await db().select().from(conservazioneConfigs).where(eq(conservazioneConfigs.enteId, valmora.id));
    expect(config!.runAgainAt).toEqual(at);
    await db()
      .delete(jobs)
      .where(eq(jobs.singletonKey, `conservazione:${valmora.id}`));
    await scheduleConservazioneRuns(db(), new Date(at.getTime() + 1_000));
    expect((await conservazioneSummary(db(), valmora.id)).queued).toBe(true);
    await run(valmora);
    expect((await stateOf(batch[2]!)).state).toBe('preserved');
  });

  it('two «riprova» of one receipt at once requeue it once', async () => {
    const receipt = await stored(valmora);
    mock.failKey(receipt.id, { code: 'HASH-004-001', message: 'hash diverso' });
    await run(valmora);
    mock.failKey(receipt.id, null);
    const outcomes = await Promise.all([
      retryConservazioneReceipt(db(), sara, valmora.id, receipt.id),
      retryConservazioneReceipt(db(), sara, valmora.id, receipt.id),
    ]);
    expect(outcomes.sort()).toEqual(['not_retryable', 'requeued']);
    await run(valmora);
    expect((await stateOf(receipt)).state).toBe('preserved');
  });
});

describe('a configuration refusal', () => {
  beforeAll(async () => {
    await saveConservazioneConfig(db(), sara, ronchi.id, parerConfig({ struttura: 'ALTRA_STRUTTURA' }));
  });

  it('stops the batch at the first receipt, shows on the Ente’s configuration and alerts; a fixed configuration sends them all', async () => {
    const batch = [await stored(ronchi), await stored(ronchi), await stored(ronchi)];
    const before = mock.controls.requests.length;
    expect(await run(ronchi)).toMatchObject({ kind: 'ran', summary: { preserved: 0, rejected: 0, stoppedBy: 'configuration' } });
    expect(mock.controls.requests.length - before).toBe(1);
    for (const receipt of batch) expect((await stateOf(receipt)).state).toBe('pending');
    expect(await stateOf(batch[0]!)).toMatchObject({ outcomeCode: 'UD-001-003' });
    const summary = await conservazioneSummary(db(), ronchi.id);
    expect(summary.config!.configError).toMatchObject({ code: 'UD-001-003', message: expect.stringContaining('ALTRA_STRUTTURA') });
    expect(summary.backlog).toBe(3);
    expect(await alertsOf(ronchi, 'conservazione_configurazione_rifiutata')).toHaveLength(1);
    expect((await dashboardFigures(db(), ronchi.id, { serviceIds: null })).conservazione).toEqual({ toReview: 0, stopped: true });
    expect((await citOverview(db())).attention.conservazioneStopped).toBe(1);
    expect((await conservazioneCitOverview(db())).find((l) => l.enteId === ronchi.id)).toMatchObject({
      conservatore: 'parer',
      configError: expect.objectContaining({ code: 'UD-001-003' }),
      backlog: 3,
      working: false,
    });

    // The fix: the configuration saved again (the password kept: left empty) clears the error and queues a run.
    expect(await saveConservazioneConfig(db(), sara, ronchi.id, parerConfig({}, ''))).toEqual({ requeued: 0 });
    expect((await conservazioneSummary(db(), ronchi.id)).config!.configError).toBeNull();
    const [queued] = await db()
      .select()
      .from(jobs)
      .where(eq(jobs.singletonKey, `conservazione:${ronchi.id}`));
    expect(queued).toMatchObject({ queue: CONSERVAZIONE_QUEUE, payload: { enteId: ronchi.id }, doneAt: null });
    expect(await run(ronchi)).toMatchObject({ kind: 'ran', summary: { preserved: 3 } });
    expect((await conservazioneCitOverview(db())).find((l) => l.enteId === ronchi.id)).toMatchObject({ backlog: 0, working: true });
  });

  it('a rejected receipt goes back to pending when the configuration changes', async () => {
    const receipt = await stored(ronchi);
    mock.failKey(receipt.id, { code: 'COMP-006-001', message: 'Componente rt: il Formato XML non è ammesso per la struttura versante' });
    await run(ronchi);
    expect((await stateOf(receipt)).state).toBe('rejected');
    mock.failKey(receipt.id, null);
    expect(await saveConservazioneConfig(db(), sara, ronchi.id, parerConfig({}, ''))).toEqual({ requeued: 1 });
    expect((await stateOf(receipt)).state).toBe('pending');
    await run(ronchi);
    expect((await stateOf(receipt)).state).toBe('preserved');
  });
});

describe('an Ente without a digital address', () => {
  it('stops before any package: the metadata need its PEC or e-mail', async () => {
    const unione = await enteBySlug(db(), 'unione-terre-basse');
    await db().update(enti).set({ pec: null, email: null }).where(eq(enti.id, unione.id));
    await saveConservazioneConfig(db(), sara, unione.id, { conservatore: 'export', enabled: true, settings: sampleSettingsInput });
    const receipt = await stored(unione);
    expect(await run(unione, { now: () => new Date(Date.now() + 86_400_000) })).toMatchObject({
      kind: 'ran',
      summary: { enrolled: 1, exported: 0, stoppedBy: 'configuration' },
    });
    expect((await stateOf(receipt)).state).toBe('pending');
    expect((await loadConservazioneConfig(db(), unione.id))!.configError).toMatchObject({ code: 'PORTALE-ENTE-SENZA-INDIRIZZO' });
  });
});

describe('the configuration', () => {
  it('is validated with the form’s schema and audited, never with the password', async () => {
    await expect(saveConservazioneConfig(db(), sara, demo.id, { ...parerConfig(), parer: { url: 'ftp://x' } } as never)).rejects.toThrow(
      ZodError,
    );
    await expect(
      saveConservazioneConfig(db(), sara, demo.id, { conservatore: 'none', enabled: true } as unknown as ConservazioneConfigInput),
    ).rejects.toThrow(ZodError);
    await expect(saveConservazioneConfig(db(), sara, demo.id, parerConfig({}, ''))).rejects.toThrow(ActionError);
    await expect(
      saveConservazioneConfig(db(), sara, demo.id, { ...parerConfig(), parerPassword: ['a'] } as unknown as ConservazioneConfigInput),
    ).rejects.toThrow(ZodError);
    for (const huge of [{ ambiente: 'x'.repeat(100_000) }, { struttura: 'RICEVUTE\u0000' }]) {
      const input = { ...parerConfig(), parer: { ...parerConfig().parer, ...huge } };
      await expect(saveConservazioneConfig(db(), sara, demo.id, input)).rejects.toThrow(ZodError);
    }
    await expect(saveConservazioneConfig(db(), sara, demo.id, { ...parerConfig(), parerPassword: 'p'.repeat(100_000) })).rejects.toThrow(
      ZodError,
    );
    expect(await loadConservazioneConfig(db(), demo.id)).toBeNull();
    const [audit] = await alertsOf(valmora, 'conservazione_configurata');
    expect(audit).toMatchObject({ actorUserId: sara.userId, details: expect.objectContaining({ passwordSet: true, tramite: 'ente' }) });
    expect(JSON.stringify(audit)).not.toContain(SACER_PASSWORD);
  });

  it('never returns the ParER password, and its ciphertext does not decrypt on another Ente’s row', async () => {
    const reads = [
      await loadConservazioneConfig(db(), valmora.id),
      await conservazioneSummary(db(), valmora.id),
      await listConservazioneReceipts(db(), valmora.id, { limit: 200 }),
      await conservazioneCitOverview(db()),
    ];
    for (const read of reads) expect(JSON.stringify(read)).not.toContain(SACER_PASSWORD);
    expect(await loadConservazioneConfig(db(), valmora.id)).toMatchObject({ parerPasswordStored: true, conservatore: 'parer' });

    const [own] = await db().select().from(conservazioneConfigs).where(eq(conservazioneConfigs.enteId, valmora.id));
    expect(decryptSecrets(valmora.id, own!.parerSecretsCiphertext!)).toEqual({ password: SACER_PASSWORD });
    expect(() => decryptSecrets(demo.id, own!.parerSecretsCiphertext!)).toThrow('illeggibili');
    await db()
      .insert(conservazioneConfigs)
      .values({ ...own!, enteId: demo.id, runToken: null, runLeaseUntil: null });
    const before = mock.controls.requests.length;
    expect(await run(demo)).toEqual({ kind: 'inactive', reason: 'Password di ParER illeggibile: va inserita di nuovo' });
    expect(mock.controls.requests.length).toBe(before);
    await db().delete(conservazioneConfigs).where(eq(conservazioneConfigs.enteId, demo.id));
  });

  it('«esegui ora» queues one run per Ente, and only when conservazione is on', async () => {
    expect(await runConservazioneNow(db(), sara, demo.id)).toBe('inactive');
    await db()
      .delete(jobs)
      .where(eq(jobs.singletonKey, `conservazione:${valmora.id}`));
    expect(await runConservazioneNow(db(), sara, valmora.id)).toBe('queued');
    expect(await runConservazioneNow(db(), sara, valmora.id)).toBe('already_queued');
    expect((await conservazioneSummary(db(), valmora.id)).queued).toBe(true);
    expect(await scheduleConservazioneRuns(db())).toBe(0);
  });
});

describe('the job queue', () => {
  it('runs the Ente’s job from the queue, with the ricevuta PDF the back office serves', async () => {
    await db().delete(jobs).where(eq(jobs.queue, CONSERVAZIONE_QUEUE));
    const receipt = await stored(valmora);
    // Daily: an Ente whose last run started before today's slot is due once.
    await db()
      .update(conservazioneConfigs)
      .set({ lastRunStartedAt: new Date('2020-01-01T00:00:00Z') })
      .where(eq(conservazioneConfigs.enteId, valmora.id));
    const slotPassed = new Date(`${italianDay(new Date())}T12:00:00Z`);
    expect(await scheduleConservazioneRuns(db(), slotPassed)).toBeGreaterThanOrEqual(1);
    expect(await scheduleConservazioneRuns(db(), slotPassed)).toBe(0);
    expect(await runDueJobs(db(), { [CONSERVAZIONE_QUEUE]: conservazioneJobHandler }, { timeoutMs: 120_000 })).toBeGreaterThanOrEqual(1);
    expect((await stateOf(receipt)).state).toBe('preserved');
    expect(versamentoOf(receipt)!.files.get('pdf')!.toString('latin1')).toBe(`%PDF-ricevuta ${receipt.id}`);
    expect(jest.mocked(renderReceiptPdf)).toHaveBeenCalledWith(
      expect.objectContaining({
        receipt: expect.objectContaining({ id: receipt.id }),
        ente: expect.objectContaining({ name: valmora.name }),
      }),
    );
  });
});

describe('the SInCRO export of an Ente with another conservatore', () => {
  let day: string;
  let mine: Receipt[];
  let withoutOriginal: Receipt;

  beforeAll(async () => {
    await saveConservazioneConfig(db(), sara, castel.id, { conservatore: 'export', enabled: true, settings: sampleSettingsInput });
    mine = [await stored(castel), await stored(castel)];
    withoutOriginal = await stored(castel, { original: false });
    day = italianDay(mine[0]!.createdAt);
  });

  it('exports nothing of today until the day is over', async () => {
    expect(await run(castel)).toMatchObject({ kind: 'ran', summary: { exported: 0 } });
    expect((await listConservazioneExports(db(), castel.id, { limit: 10 })).lines).toHaveLength(0);
  });

  it('records the day’s ZIP with its hash; every file of the PIndex is there with a matching SHA-256', async () => {
    const tomorrow = new Date(Date.now() + 86_400_000);
    expect(await run(castel, { now: () => tomorrow })).toMatchObject({ kind: 'ran', summary: { exported: 2, rejected: 1 } });
    const { lines } = await listConservazioneExports(db(), castel.id, { limit: 10 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ day, receipts: 2, fileName: `conservazione-castel-oglio-${day}.zip` });
    expect(lines[0]!.skipped).toEqual([{ receiptRowId: withoutOriginal.id, reason: expect.stringContaining('documento originale') }]);
    const download = (await downloadConservazioneExport(db(), castel.id, lines[0]!.id))!;
    expect(sha256(download.zip)).toBe(lines[0]!.sha256);
    expect(download.sha256).toBe(lines[0]!.sha256);
    expect(download.zip.length).toBe(lines[0]!.sizeBytes);

    const files = unzipSync(new Uint8Array(download.zip));
    const pindex = new DOMParser().parseFromString(Buffer.from(files[PINDEX_PATH]!).toString('utf8'), 'text/xml').documentElement!;
    const fileList = pindex.getElementsByTagNameNS(SINCRO_NS, 'File');
    const listed = Array.from({ length: fileList.length }, (_, i) => fileList.item(i)!);
    expect(listed).toHaveLength(6);
    for (const file of listed) {
      const path = file.getElementsByTagNameNS(SINCRO_NS, 'Path')[0]!.textContent!;
      expect(sha256(files[path]!)).toBe(file.getElementsByTagNameNS(SINCRO_NS, 'Hash')[0]!.textContent);
    }
    expect(Object.keys(files)).toHaveLength(7);
    for (const receipt of mine) {
      expect(await stateOf(receipt)).toMatchObject({ state: 'exported', export: { id: lines[0]!.id, day, sha256: lines[0]!.sha256 } });
    }
    expect(await stateOf(withoutOriginal)).toMatchObject({ state: 'rejected', outcomeCode: 'PORTALE-DOCUMENTO' });
    expect(await alertsOf(castel, 'conservazione_rifiutata')).toHaveLength(1);
  });

  it('does not export a day twice, and keeps the download byte for byte', async () => {
    const tomorrow = new Date(Date.now() + 86_400_000);
    expect(await run(castel, { now: () => tomorrow })).toMatchObject({ kind: 'ran', summary: { exported: 0 } });
    expect((await listConservazioneExports(db(), castel.id, { limit: 10 })).lines).toHaveLength(1);
  });

  it('is another Ente’s to nobody', async () => {
    const [line] = (await listConservazioneExports(db(), castel.id, { limit: 1 })).lines;
    expect(await downloadConservazioneExport(db(), valmora.id, line!.id)).toBeUndefined();
    expect((await listConservazioneExports(db(), valmora.id, { limit: 10 })).lines).toHaveLength(0);
    for (const bad of ['x', `${line!.id}\u0000`, [line!.id], 'x'.repeat(100_000)]) {
      expect(await downloadConservazioneExport(db(), castel.id, bad as string)).toBeUndefined();
    }
  });
});

describe('wrong Ente and attacker inputs', () => {
  it('finds no receipt of another Ente, lists only the Ente’s own, and ignores malformed ids and cursors', async () => {
    const [mineLine] = (await listConservazioneReceipts(db(), valmora.id, { limit: 1 })).lines;
    expect(await findConservazioneReceipt(db(), demo.id, mineLine!.receiptRowId)).toBeUndefined();
    expect(await findConservazioneReceipt(db(), valmora.id, mineLine!.receiptRowId)).toBeDefined();
    for (const bad of ['x', `${mineLine!.receiptRowId}\u0000`, [mineLine!.receiptRowId], 'x'.repeat(100_000), '']) {
      expect(await findConservazioneReceipt(db(), valmora.id, bad as string)).toBeUndefined();
      expect(await retryConservazioneReceipt(db(), sara, valmora.id, bad as string)).toBe('not_found');
    }
    const own = await listConservazioneReceipts(db(), valmora.id, { limit: 200 });
    const valmoraIds = new Set(own.lines.map((l) => l.receiptRowId));
    const others = await listConservazioneReceipts(db(), ronchi.id, { limit: 200 });
    expect(others.lines.some((l) => valmoraIds.has(l.receiptRowId))).toBe(false);
    const weird = await listConservazioneReceipts(db(), valmora.id, {
      state: 'bogus' as never,
      after: 'x'.repeat(100_000),
      limit: Number.NaN,
    });
    expect(weird.lines.length).toBeGreaterThan(0);
    expect((await listConservazioneReceipts(db(), valmora.id, { limit: 1e9 })).lines.length).toBeLessThanOrEqual(200);
    expect((await conservazioneSummary(db(), demo.id)).counts.preserved).toBe(0);
  });

  it('pages by keyset, newest in the ledger first, by state', async () => {
    const first = await listConservazioneReceipts(db(), valmora.id, { state: 'preserved', limit: 2 });
    const second = await listConservazioneReceipts(db(), valmora.id, { state: 'preserved', limit: 2, after: first.nextCursor! });
    expect(first.lines).toHaveLength(2);
    expect(first.lines[0]!.seq).toBeGreaterThan(first.lines[1]!.seq);
    expect(second.lines[0]!.seq).toBeLessThan(first.lines[1]!.seq);
    expect([...first.lines, ...second.lines].every((l) => l.state === 'preserved')).toBe(true);
  });
});
