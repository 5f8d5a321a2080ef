import { eq } from 'drizzle-orm';
import { auditLog, billingStatements, billingYears, enti } from '@/db/schema';
import { DEMO_CIT_STAFF } from '@/db/seed/enti';
import { approveBillingYear, saveSharedReferente } from '@/lib/billing/actions';
import { billingCsv } from '@/lib/billing/csv';
import { billingReport, billingYearRange } from '@/lib/billing/queries';
import { billingStatementPdf } from '@/lib/billing/statement';
import { renderStatementPdf } from '@/lib/billing/statement-pdf';
import { actAsOnProvincia, shareDatabaseWithActions, staffSession } from '../support/acting-as';
import { withTestDatabase } from '../support/test-db';

jest.mock('next/headers', () => jest.requireActual('../support/acting-as').nextHeaders);
// @react-pdf ships ES modules only: the statement's data is checked here, its rendering by the e2e spec.
jest.mock('@/lib/billing/statement-pdf', () => ({
  renderStatementPdf: jest.fn(async () => Buffer.from('%PDF-prospetto')),
}));

const { db, testDb } = withTestDatabase();
shareDatabaseWithActions(() => testDb().handle);

const admin = () => staffSession(db(), DEMO_CIT_STAFF.find((s) => s.platformRole === 'cit_admin')!.fiscalCode);
const operator = () => staffSession(db(), DEMO_CIT_STAFF.find((s) => s.platformRole === 'cit_operator')!.fiscalCode);
const enteId = async (slug: string) => (await db().select({ id: enti.id }).from(enti).where(eq(enti.slug, slug)))[0]!.id;
const bySlug = (report: Awaited<ReturnType<typeof billingReport>>) => Object.fromEntries(report.lines.map((l) => [l.slug, l]));

/*
 * The seeded province's 2025 (365 days), by hand from db/seed/enti.ts and the service page's schedule:
 * - Comune Demo, 12,480 inhabitants, active all year: 2,500 €.
 * - Comunità Montana dell'Alta Valmora, sharing its referente: 1,000 €.
 * - Valmora, 1,420, member of that CM: 70% of 500 € = 350 €.
 * - Unione delle Terre Basse, not sharing: 1,500 €.
 * - Castel d'Oglio, 3,960, suspended 1–30 September: 900 € × 335 / 365 = 826.0273… → 826,03 €.
 * - Ronchi di Franciacorta, 8,030, activated 12 May 2025: 500 € activation + 1,800 € × 234 / 365 = 1,153.9726… → 1,153,97 €.
 * - Pratolungo, still being activated: not billed.
 */
const SEEDED_2025 = {
  'castel-oglio': { activeDays: 335, activationCents: 0, maintenanceCents: 82_603, totalCents: 82_603 },
  'cm-alta-valmora': { activeDays: 365, activationCents: 0, maintenanceCents: 100_000, totalCents: 100_000 },
  'comune-demo': { activeDays: 365, activationCents: 0, maintenanceCents: 250_000, totalCents: 250_000 },
  'ronchi-franciacorta': { activeDays: 234, activationCents: 50_000, maintenanceCents: 115_397, totalCents: 165_397 },
  'unione-terre-basse': { activeDays: 365, activationCents: 0, maintenanceCents: 150_000, totalCents: 150_000 },
  valmora: { activeDays: 365, activationCents: 0, maintenanceCents: 35_000, totalCents: 35_000 },
};

describe('the yearly billing of the seeded province', () => {
  it('reproduces 2025 to the cent, pro rata', async () => {
    const report = await billingReport(db(), 2025, 'pro_rata');
    expect(report.approval).toBeNull();
    expect(report.unbillable).toEqual([]);
    expect(report.withoutHistory).toEqual([]);
    expect(
      Object.fromEntries(
        report.lines.map((l) => [
          l.slug,
          { activeDays: l.activeDays, activationCents: l.activationCents, maintenanceCents: l.maintenanceCents, totalCents: l.totalCents },
        ]),
      ),
    ).toEqual(SEEDED_2025);
    expect(report.totals).toEqual({ activationCents: 50_000, maintenanceCents: 733_000, totalCents: 783_000 });
    expect(bySlug(report).valmora).toMatchObject({
      band: 'Comune fino a 2.000 abitanti',
      condition: expect.stringMatching(/^Multi-ente: Comune aderente/),
      ordinaryYearlyCents: 50_000,
      parentName: "Comunità Montana dell'Alta Valmora",
    });
    // In the name order of the report.
    expect(report.lines.map((l) => l.slug)).toEqual([
      'castel-oglio',
      'comune-demo',
      'ronchi-franciacorta',
      'valmora',
      'cm-alta-valmora',
      'unione-terre-basse',
    ]);
  });

  it('bills the whole yearly fee with the other method', async () => {
    const report = await billingReport(db(), 2025, 'whole_year');
    expect(bySlug(report)['castel-oglio']!.maintenanceCents).toBe(90_000);
    expect(bySlug(report)['ronchi-franciacorta']!.totalCents).toBe(50_000 + 180_000);
    expect(report.totals.totalCents).toBe(50_000 + 250_000 + 100_000 + 35_000 + 150_000 + 90_000 + 180_000);
  });

  it('charges activation in 2024, the year most Enti started (306 of 366 days)', async () => {
    const lines = bySlug(await billingReport(db(), 2024, 'pro_rata'));
    expect(lines['ronchi-franciacorta']).toBeUndefined();
    expect(lines['comune-demo']).toMatchObject({
      activeDays: 306,
      activationCents: 50_000,
      maintenanceCents: Math.round((250_000 * 306) / 366),
    });
    expect(lines['cm-alta-valmora']!.activationCents).toBe(0);
    expect(lines.valmora!.activationCents).toBe(40_000);
  });

  it('offers the years from the first adhesion event to this one', async () => {
    expect(await billingYearRange(db(), new Date('2026-11-27T12:00:00Z'))).toEqual([2026, 2025, 2024, 2023]);
  });

  it('exports CSV for an Italian spreadsheet', async () => {
    const csv = billingCsv(await billingReport(db(), 2025, 'pro_rata'));
    expect(csv.startsWith('\uFEFFEnte;Codice fiscale;Tipo;')).toBe(true);
    const castel = csv.split('\r\n').find((row) => row.startsWith("Comune di Castel d'Oglio;"))!;
    expect(castel.split(';')).toEqual([
      "Comune di Castel d'Oglio",
      '00834550170',
      'Comune',
      '3960',
      'Unione dei Comuni delle Terre Basse',
      'Comune da 2.001 a 5.000 abitanti',
      'Tariffa ordinaria',
      '01/03/2024',
      '335',
      '365',
      '900,00',
      '900,00',
      '0,00',
      '826,03',
      '826,03',
    ]);
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});

describe('the multi-ente condition', () => {
  it('is set on an Unione by CIT staff, applies to its members, and is refused for a Comune', async () => {
    const unione = await enteId('unione-terre-basse');
    expect(await actAsOnProvincia(await operator(), () => saveSharedReferente({ enteId: unione, shared: true }))).toEqual({
      ok: true,
      data: { shared: true },
    });
    const lines = bySlug(await billingReport(db(), 2025, 'pro_rata'));
    expect(lines['unione-terre-basse']!.maintenanceCents).toBe(100_000);
    // 70% of 1,800 € for 234 days: 1,260 € × 234 / 365 = 807,78 €; 400 € activation.
    expect(lines['ronchi-franciacorta']).toMatchObject({ yearlyCents: 126_000, activationCents: 40_000, maintenanceCents: 80_778 });
    const members = await db().select({ slug: enti.slug, shared: enti.sharedReferente }).from(enti).where(eq(enti.parentId, unione));
    expect(members.every((m) => m.shared)).toBe(true);
    const [audit] = await db().select().from(auditLog).where(eq(auditLog.action, 'referente_condiviso_modificato'));
    expect(audit).toMatchObject({ enteId: unione, details: { before: false, after: true } });

    const comune = await enteId('valmora');
    expect(await actAsOnProvincia(await admin(), () => saveSharedReferente({ enteId: comune, shared: true }))).toEqual({
      ok: false,
      error: 'Il referente condiviso riguarda solo Unioni di Comuni e Comunità Montane.',
    });
    await actAsOnProvincia(await admin(), () => saveSharedReferente({ enteId: unione, shared: false }));
    expect((await billingReport(db(), 2025, 'pro_rata')).totals.totalCents).toBe(783_000);
  });
});

describe('approving a year', () => {
  it('is refused to a CIT operator', async () => {
    expect(await actAsOnProvincia(await operator(), () => approveBillingYear({ year: 2025, method: 'pro_rata' }))).toEqual({
      ok: false,
      error: 'Non hai i permessi per questa operazione.',
    });
    expect(await db().select().from(billingYears)).toEqual([]);
  });

  it('is refused for a year not yet concluded', async () => {
    const thisYear = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric' }).format(new Date()));
    const result = await actAsOnProvincia(await admin(), () => approveBillingYear({ year: thisYear, method: 'pro_rata' }));
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/non è ancora concluso/) });
  });

  it('is refused, leaving nothing behind, while an Ente has fees that cannot be computed', async () => {
    const ronchi = await enteId('ronchi-franciacorta');
    await db().update(enti).set({ population2013: null }).where(eq(enti.id, ronchi));
    try {
      const result = await actAsOnProvincia(await admin(), () => approveBillingYear({ year: 2025, method: 'pro_rata' }));
      expect(result).toEqual({ ok: false, error: expect.stringMatching(/Comune di Ronchi di Franciacorta \(Comune senza popolazione/) });
      expect(await db().select().from(billingYears)).toEqual([]);
      expect((await billingReport(db(), 2025, 'pro_rata')).unbillable).toEqual([expect.objectContaining({ slug: 'ronchi-franciacorta' })]);
    } finally {
      await db().update(enti).set({ population2013: 8_030 }).where(eq(enti.id, ronchi));
    }
  });

  it('freezes the statements for a CIT admin; later changes and a second approval do not alter them', async () => {
    const approved = await actAsOnProvincia(await admin(), () => approveBillingYear({ year: 2025, method: 'pro_rata' }));
    expect(approved).toEqual({ ok: true, data: { statements: 6, totalCents: 783_000 } });
    expect(await db().select().from(billingStatements).where(eq(billingStatements.year, 2025))).toHaveLength(6);
    const [audit] = await db().select().from(auditLog).where(eq(auditLog.action, 'fatturazione_approvata'));
    expect(audit).toMatchObject({ targetId: '2025', details: { method: 'pro_rata', statements: 6, totalCents: 783_000 } });

    // The Comune grows past 10,000 and its Unione starts sharing the referente: 2025 stays as approved.
    await db().update(enti).set({ population2013: 10_500, name: 'Città di Ronchi' }).where(eq(enti.slug, 'ronchi-franciacorta'));
    await db().update(enti).set({ sharedReferente: true }).where(eq(enti.slug, 'unione-terre-basse'));
    const frozen = await billingReport(db(), 2025, 'whole_year');
    expect(frozen.method).toBe('pro_rata');
    expect(frozen.approval).toEqual({ at: expect.any(Date), by: 'Laura Bertoli' });
    expect(frozen.totals).toEqual({ activationCents: 50_000, maintenanceCents: 733_000, totalCents: 783_000 });
    expect(bySlug(frozen)['ronchi-franciacorta']).toMatchObject({
      name: 'Comune di Ronchi di Franciacorta',
      population: 8_030,
      totalCents: 165_397,
    });
    // 2026 is not approved: it follows today's data.
    expect(bySlug(await billingReport(db(), 2026, 'pro_rata'))['ronchi-franciacorta']!.band).toBe('Comune oltre 10.000 abitanti');

    const again = await actAsOnProvincia(await admin(), () => approveBillingYear({ year: 2025, method: 'whole_year' }));
    expect(again).toEqual({ ok: false, error: 'La fatturazione del 2025 è già stata approvata e non si può modificare.' });
  });

  it("gives an Ente's statement from the frozen line, on the provider's letterhead", async () => {
    const castel = await enteId('castel-oglio');
    const statement = await billingStatementPdf(db(), { year: 2025, enteId: castel, method: 'whole_year' });
    expect(statement?.filename).toBe('quote-cit-2025-castel-oglio.pdf');
    expect(renderStatementPdf).toHaveBeenLastCalledWith(
      expect.objectContaining({
        year: 2025,
        method: 'pro_rata',
        approvedAt: expect.any(Date),
        letterhead: expect.objectContaining({
          name: 'Provincia di Brescia',
          serviceCentreName: 'Centro Innovazione e Tecnologie',
          fiscalCode: '80008750178',
        }),
        line: expect.objectContaining({ enteId: castel, maintenanceCents: 82_603 }),
      }),
    );
    // Pratolungo owes nothing in 2025: no statement.
    expect(await billingStatementPdf(db(), { year: 2025, enteId: await enteId('pratolungo'), method: 'pro_rata' })).toBeUndefined();
  });
});
