import { readFileSync } from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { jobs, positionImports, positions, users } from '@/db/schema';
import { REGISTER_QUEUE } from '@/lib/positions/create';
import { INVALIDATE_QUEUE } from '@/lib/positions/invalidate';
import { REGISTER_BATCH_QUEUE } from '@/lib/positions/register-batch';
import { CANCEL_REASON } from '@/lib/imports/apply-batch';
import { findImport, listImports, rejectsCsv } from '@/lib/imports/queries';
import { ImportFailedError, createImport, runImport } from '@/lib/imports/run-import';
import { withTestDatabase } from '../support/test-db';
import { enteBySlug } from '../support/payments';

const { db } = withTestDatabase();
const FIXTURES = path.join(__dirname, '../fixtures/imports');
const FIXTURE = readFileSync(path.join(FIXTURES, 'posizioni.csv'));
const HEADER = 'id_esterno;tipo_debitore;codice_fiscale;nominativo;email;servizio;causale;importo;scadenza';

async function userId(fiscalCode: string): Promise<string> {
  const [row] = await db().select({ id: users.id }).from(users).where(eq(users.fiscalCode, fiscalCode));
  return row!.id;
}

async function importFile(slug: string, file: Uint8Array | string, createdBy: string | null = null) {
  const ente = await enteBySlug(db(), slug);
  const id = await createImport(db(), { enteId: ente.id, createdBy, filename: 'posizioni.csv', file: Buffer.from(file) });
  // Small batches, so that the fixture spans several transactions.
  return { id, ente, counts: await runImport(db(), id, { batchRows: 5 }) };
}

const byExternalId = async (enteId: string, externalId: string) =>
  (
    await db()
      .select()
      .from(positions)
      .where(and(eq(positions.enteId, enteId), eq(positions.externalId, externalId)))
  )[0]!;

describe('positions import', () => {
  it('loads the valid rows and rejects every kind of invalid row, with the exact rejects file', async () => {
    const { id, ente, counts } = await importFile('comune-demo', FIXTURE);
    expect(counts).toEqual({ loaded: 4, updated: 0, cancelled: 0, unchanged: 0, rejected: 17 });
    expect(await rejectsCsv(db(), id)).toBe(readFileSync(path.join(FIXTURES, 'posizioni-scarti.csv'), 'utf8'));

    const [summary] = await db().select().from(positionImports).where(eq(positionImports.id, id));
    expect(summary).toMatchObject({ status: 'done', totalRows: 21, processedRows: 21, loaded: 4, rejected: 17 });

    const quoted = await byExternalId(ente.id, 'T-013');
    expect(quoted).toMatchObject({
      debtorType: 'F',
      debtorFiscalCode: 'RSSMRA80A01B157X',
      debtorName: 'Rossi; Mario',
      causale: 'TARI "acconto"',
      amountCents: 1000,
      dueDate: '2027-12-31',
      importId: id,
      status: 'valid',
      registrationStatus: 'pending',
    });
    expect(quoted.noticeNumber).toMatch(/^301\d{15}$/);
    const first = await byExternalId(ente.id, 'T-001');
    expect(first).toMatchObject({ amountCents: 12345, dueDate: '2027-03-31', debtorEmail: 'mario.rossi@example.it' });
    expect((await byExternalId(ente.id, 'T-002')).debtorType).toBe('G');

    // Each new position is queued for registration with the partner by its batch's job (one per batch, not per position).
    const registrations = await db().select().from(jobs).where(eq(jobs.queue, REGISTER_BATCH_QUEUE));
    expect(registrations.filter((j) => (j.payload.positionIds as string[]).includes(first.id))).toHaveLength(1);
    expect(registrations.flatMap((j) => j.payload.positionIds as string[])).toHaveLength(4);
    expect(await db().select().from(jobs).where(eq(jobs.queue, REGISTER_QUEUE))).toHaveLength(0);
  });

  it('is idempotent: the same file again creates nothing and gives the same rejects', async () => {
    const { id, counts } = await importFile('comune-demo', FIXTURE);
    expect(counts).toEqual({ loaded: 0, updated: 0, cancelled: 0, unchanged: 4, rejected: 17 });
    expect(await rejectsCsv(db(), id)).toBe(readFileSync(path.join(FIXTURES, 'posizioni-scarti.csv'), 'utf8'));
  });

  it('updates a changed row, cancels on amount 0 and refuses to change a paid position', async () => {
    const ente = await enteBySlug(db(), 'comune-demo');
    const paid = await byExternalId(ente.id, 'M-001');
    await db().update(positions).set({ status: 'paid', paidAt: new Date() }).where(eq(positions.id, paid.id));
    const before = await byExternalId(ente.id, 'T-001');
    // The partner has T-002: cancelling it must withdraw it there too.
    const atPartner = await byExternalId(ente.id, 'T-002');
    await db().update(positions).set({ registrationStatus: 'registered', registeredAt: new Date() }).where(eq(positions.id, atPartner.id));
    const file = [
      HEADER,
      'T-001;F;RSSMRA80A01B157X;Mario Rossi;mario.rossi@example.it;tari;TARI 2027 rata 1;130,00;2027-04-15',
      'T-002;G;00812300176;Esempio S.r.l.;;tari;TARI 2027 rata unica;0;',
      'M-001;F;FRRPLA70H21B157M;Paolo Ferri;;mensa;Mensa gennaio;104,00;',
      'T-013;F;RSSMRA80A01B157X;Mario Rossi;;mensa;Mensa;5,20;',
      '',
    ].join('\n');
    const { id, counts } = await importFile('comune-demo', file);
    expect(counts).toEqual({ loaded: 0, updated: 1, cancelled: 1, unchanged: 0, rejected: 2 });

    const updated = await byExternalId(ente.id, 'T-001');
    expect(updated).toMatchObject({ amountCents: 13000, dueDate: '2027-04-15', importId: id, registrationStatus: 'pending' });
    // Same notice: an update never gives the debtor a new number to pay.
    expect(updated.noticeNumber).toBe(before.noticeNumber);
    const cancelled = await byExternalId(ente.id, 'T-002');
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: CANCEL_REASON });
    expect(cancelled.cancelledAt).toBeInstanceOf(Date);
    const invalidation = await db()
      .select({ payload: jobs.payload })
      .from(jobs)
      .where(and(eq(jobs.queue, INVALIDATE_QUEUE), eq(jobs.singletonKey, cancelled.id)));
    expect(invalidation).toEqual([{ payload: { enteId: ente.id, positionId: cancelled.id } }]);
    expect((await byExternalId(ente.id, 'M-001')).amountCents).toBe(5200);
    expect(await rejectsCsv(db(), id)).toBe(
      '\ufeffriga;colonna;valore;motivo\r\n' +
        '4;id_esterno;M-001;Posizione già pagata: non si può modificare\r\n' +
        '5;servizio;mensa;La posizione con questo id_esterno è di un altro servizio: il servizio non si può cambiare\r\n',
    );

    // Cancelling again is unchanged; reviving a cancelled position is refused.
    const again = await importFile(
      'comune-demo',
      [
        HEADER,
        'T-002;G;00812300176;Esempio S.r.l.;;tari;TARI 2027 rata unica;0;',
        'T-002;G;00812300176;Esempio S.r.l.;;tari;TARI;5,00;',
      ].join('\n'),
    );
    expect(again.counts).toEqual({ loaded: 0, updated: 0, cancelled: 0, unchanged: 1, rejected: 1 });
  });

  it('rejects the rows of services outside a limited operator’s scope', async () => {
    const stefano = await userId('GTTSFN85A30B157O');
    const file = [
      HEADER,
      'V-1;F;RSSMRA80A01B157X;Mario Rossi;;mensa;Mensa marzo;9,00;',
      'V-2;F;RSSMRA80A01B157X;Mario Rossi;;trasporto-scolastico;Trasporto primo trimestre;80,00;',
      'V-3;F;RSSMRA80A01B157X;Mario Rossi;;tari;TARI 2027;100,00;',
    ].join('\r\n');
    const { ente, id, counts } = await importFile('valmora', file, stefano);
    expect(counts).toEqual({ loaded: 2, updated: 0, cancelled: 0, unchanged: 0, rejected: 1 });
    expect(await rejectsCsv(db(), id)).toContain('4;servizio;tari;Servizio sconosciuto, non attivo o non tra quelli che puoi gestire');
    expect(
      await db()
        .select()
        .from(positions)
        .where(and(eq(positions.enteId, ente.id), eq(positions.externalId, 'V-3'))),
    ).toHaveLength(0);

    // The limited operator sees only their own imports; the admin sees them all.
    const sara = await userId('BNTSRA79S43B157V');
    const adminImport = await importFile(
      'valmora',
      [HEADER, 'V-4;F;RSSMRA80A01B157X;Mario Rossi;;tari;TARI 2027;100,00;'].join('\n'),
      sara,
    );
    const scoped = { userId: stefano, serviceIds: ['x'] };
    expect(await findImport(db(), ente.id, scoped, adminImport.id)).toBeUndefined();
    expect(await findImport(db(), ente.id, scoped, id)).toMatchObject({ loaded: 2 });
    expect((await listImports(db(), ente.id, scoped)).map((i) => i.id)).toEqual([id]);
    expect((await listImports(db(), ente.id, { userId: sara, serviceIds: null })).map((i) => i.id)).toEqual([adminImport.id, id]);
  });

  it('keeps another Ente’s import out of reach', async () => {
    const valmora = await enteBySlug(db(), 'valmora');
    const demo = await enteBySlug(db(), 'comune-demo');
    const [imported] = await db().select().from(positionImports).where(eq(positionImports.enteId, valmora.id)).limit(1);
    const admin = { userId: await userId('FRRPLA70H21B157M'), serviceIds: null };
    expect(await findImport(db(), demo.id, admin, imported!.id)).toBeUndefined();
    expect((await listImports(db(), demo.id, admin)).some((i) => i.id === imported!.id)).toBe(false);
  });

  it('fails an import whose header is wrong, without touching any position, and one whose author lost the role', async () => {
    const ente = await enteBySlug(db(), 'comune-demo');
    const wrong = await createImport(db(), {
      enteId: ente.id,
      createdBy: null,
      filename: 'x.csv',
      file: Buffer.from('codice;importo\nA;1\n'),
    });
    await expect(runImport(db(), wrong)).rejects.toBeInstanceOf(ImportFailedError);
    const [row] = await db().select().from(positionImports).where(eq(positionImports.id, wrong));
    expect(row).toMatchObject({ status: 'failed', error: `La prima riga deve essere l'intestazione: ${HEADER}` });

    const empty = await createImport(db(), { enteId: ente.id, createdBy: null, filename: 'x.csv', file: Buffer.alloc(0) });
    await expect(runImport(db(), empty)).rejects.toThrow('Il file è vuoto');

    // Valmora's admin is nobody at comune-demo: an import in their name cannot run there.
    const outsider = await createImport(db(), {
      enteId: ente.id,
      createdBy: await userId('BNTSRA79S43B157V'),
      filename: 'x.csv',
      file: FIXTURE,
    });
    await expect(runImport(db(), outsider)).rejects.toThrow('non ha più il permesso');
    expect(await db().select().from(positions).where(eq(positions.importId, outsider))).toHaveLength(0);
  });

  it('checks the codice fiscale on its own and against the kind of debtor', async () => {
    const file = [
      HEADER,
      'K-1;G;RSSMRA80A01B157X;Mario Rossi;;tari;TARI;10,00;',
      'K-2;F;00812300176;Esempio S.r.l.;;tari;TARI;10,00;',
      'K-3;F;RSSMRA80A01B157Z;Mario Rossi;mario@;tari;TARI;10,00;',
    ].join('\n');
    const { id, counts } = await importFile('comune-demo', file);
    expect(counts).toMatchObject({ loaded: 0, rejected: 3 });
    expect(await rejectsCsv(db(), id)).toBe(
      '\ufeffriga;colonna;valore;motivo\r\n' +
        '2;codice_fiscale;RSSMRA80A01B157X;Per G (persona giuridica) servono 11 cifre\r\n' +
        '3;codice_fiscale;00812300176;Per F (persona fisica) servono 16 caratteri\r\n' +
        '4;codice_fiscale;RSSMRA80A01B157Z;Codice fiscale non valido: controlla lunghezza e carattere di controllo\r\n' +
        '4;email;mario@;Indirizzo e-mail non valido\r\n',
    );
  });

  it('survives odd input: huge fields, binary noise and a lone header', async () => {
    const noise = Buffer.concat([
      Buffer.from(`${HEADER}\n`),
      Buffer.from([0, 1, 2, 0xff, 0xfe, 0x0a, 0x22, 0x22, 0x22, 0x0a]),
      Buffer.from(`${'A'.repeat(100_000)};F\n`),
    ]);
    const { id, counts } = await importFile('comune-demo', noise);
    expect(counts).toEqual({ loaded: 0, updated: 0, cancelled: 0, unchanged: 0, rejected: 3 });
    const csv = await rejectsCsv(db(), id);
    expect(csv.split('\r\n')).toHaveLength(5);
    expect((await importFile('comune-demo', `${HEADER}\n`)).counts).toEqual({
      loaded: 0,
      updated: 0,
      cancelled: 0,
      unchanged: 0,
      rejected: 0,
    });
  });
});
