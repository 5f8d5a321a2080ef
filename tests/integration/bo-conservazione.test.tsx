import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import ConservazioneReceiptPage from '@/app/ente/[slug]/admin/(area)/conservazione/[id]/page';
import { GET as getRapporto } from '@/app/ente/[slug]/admin/(area)/conservazione/[id]/rapporto.xml/route';
import ConservazioneExportsPage from '@/app/ente/[slug]/admin/(area)/conservazione/esportazioni/page';
import { GET as getExport } from '@/app/ente/[slug]/admin/(area)/conservazione/esportazioni/[id]/route';
import ConservazioneSettingsPage from '@/app/ente/[slug]/admin/(area)/conservazione/impostazioni/page';
import ConservazionePage from '@/app/ente/[slug]/admin/(area)/conservazione/page';
import ReceiptPage from '@/app/ente/[slug]/admin/(area)/ricevute/[id]/page';
import ConservazioneManualPage from '@/app/ente/[slug]/[lingua]/conservazione/page';
import EnteMonitoringPage from '@/app/provincia/cit/(area)/monitoraggio/[enteId]/page';
import MonitoringPage from '@/app/provincia/cit/(area)/monitoraggio/page';
import {
  auditLog,
  conservazioneConfigs,
  conservazioneExports,
  conservazioneReceipts,
  memberships,
  receipts,
  users,
  type Ente,
  type Receipt,
} from '@/db/schema';
import { DEMO_CIT_STAFF } from '@/db/seed/enti';
import type { PortalSession } from '@/lib/auth/session';
import { retryConservazione, saveConservazione, sendConservazioneNow } from '@/lib/conservazione/actions';
import type { ConservazioneConfigInput } from '@/lib/conservazione/config-schema';
import { loadConservazioneConfig, saveConservazioneConfig, type ConservazioneActor } from '@/lib/conservazione/ente-config';
import { findConservazioneReceipt } from '@/lib/conservazione/queries';
import { runConservazione } from '@/lib/conservazione/run';
import type { RunOptions } from '@/lib/conservazione/run-context';
import { startSacerMock, type SacerMock } from '../mocks/sacer';
import { actAs, actAsOnProvincia, shareDatabaseWithActions, staffSession } from '../support/acting-as';
import { parerSettings, SACER_PASSWORD, sampleSettingsInput } from '../support/conservazione';
import { takeRevalidatedTags } from '../support/next-cache';
import { enteBySlug } from '../support/payments';
import { paidReceipt } from '../support/receipts';
import { renderPage, type Rendered } from '../support/render-page';
import { withTestDatabase } from '../support/test-db';

jest.mock('next/headers', () => jest.requireActual('../support/acting-as').nextHeaders);
// next.config.ts turns on authInterrupts (forbidden()); Next passes it to the server this way.
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = 'true';
// The forms' useRouter needs the App Router's context, which a plain server render does not have.
jest.mock('next/navigation', () => ({
  ...jest.requireActual('next/navigation'),
  useRouter: () => ({ refresh: () => undefined, push: () => undefined }),
}));

/*
 * Every entry point of the conservazione back office (pages, route handlers, server actions), the CIT's
 * monitoring of it and the public manuale, through the real guards, wrapper and session decoding; only the
 * request is injected. Valmora sends to the SacER mock: two receipts preserved, one refused for its document.
 */

const { db, testDb } = withTestDatabase();
shareDatabaseWithActions(() => testDb().handle);

const SARA = 'BNTSRA79S43B157V'; // admin of Valmora
const STEFANO = 'GTTSFN85A30B157O'; // operator of Valmora
const PAOLO = 'FRRPLA70H21B157M'; // admin of Comune Demo
const VIEWER = 'VSRVRE80A41B157X';
const OPERATOR = 'PRTTTO75C10B157Z'; // an operator of every Valmora service
const NOT_ALLOWED = 'Non hai i permessi per questa operazione.';
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

let mock: SacerMock;
let valmora: Ente;
let demo: Ente;
const people: Record<'sara' | 'stefano' | 'otto' | 'paolo' | 'vera', PortalSession> = {} as never;
const rows: Record<'good' | 'bad' | 'demo', Receipt> = {} as never;
let exportIds: Record<'valmora' | 'demo', string>;

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest();
const fakePdf: NonNullable<RunOptions['renderPdf']> = async (_db, _ente, receipt) => Buffer.from(`%PDF-1.7\n% ${receipt.id}\n%%EOF\n`);

/** The HTML as a person reads it. */
const textOf = (rendered: Rendered) =>
  'html' in rendered
    ? rendered.html
        .replace(/<[^>]+>/g, ' ')
        .replace(/&amp;/g, '&')
        .replace(/&#x27;/g, "'")
        .replace(/\s+/g, ' ')
    : '';

const noSearch = Promise.resolve({});
const statusPage =
  (slug: string, query: Record<string, string> = {}) =>
  () =>
    ConservazionePage({ params: Promise.resolve({ slug }), searchParams: Promise.resolve(query) });
const detailPage = (slug: string, id: string) => () => ConservazioneReceiptPage({ params: Promise.resolve({ slug, id }) });
const settingsPage = (slug: string) => () => ConservazioneSettingsPage({ params: Promise.resolve({ slug }) });
const exportsPage = (slug: string) => () => ConservazioneExportsPage({ params: Promise.resolve({ slug }), searchParams: noSearch });
const rapporto = (slug: string, id: string) => getRapporto(new Request('http://x/'), { params: Promise.resolve({ slug, id }) });
const exportZip = (slug: string, id: string) => getExport(new Request('http://x/'), { params: Promise.resolve({ slug, id }) });

const exportConfig: ConservazioneConfigInput = { conservatore: 'export', enabled: true, settings: sampleSettingsInput };
const parerConfig = (): ConservazioneConfigInput => ({
  conservatore: 'parer',
  enabled: true,
  settings: sampleSettingsInput,
  parer: parerSettings(mock.url),
  parerPassword: SACER_PASSWORD,
});

async function stored(ente: Ente, receiptId: string): Promise<Receipt> {
  const original = {
    format: 'xml' as const,
    bytes: Buffer.from(`<?xml version="1.0"?><receipt><receiptId>${receiptId}</receiptId></receipt>`),
  };
  const { id } = await paidReceipt(db(), ente, { serviceId: null, receiptId, paidAt: new Date().toISOString(), original });
  const [row] = await db().select().from(receipts).where(eq(receipts.id, id));
  return row!;
}

/** The refused receipt back to «Rifiutata» (a save of the settings, or a «Riprova», makes it pending). */
async function refuse(receipt: Receipt): Promise<void> {
  await db()
    .update(conservazioneReceipts)
    .set({ state: 'rejected', outcomeCode: 'HASH-003', outcomeMessage: 'Hash SHA-256 calcolato diverso da quello dichiarato' })
    .where(eq(conservazioneReceipts.receiptRowId, receipt.id));
}

async function storedExport(ente: Ente, text: string): Promise<string> {
  const zip = Buffer.from(`PK\u0003\u0004${text}`);
  const [row] = await db()
    .insert(conservazioneExports)
    .values({
      enteId: ente.id,
      day: '2030-01-15',
      fileName: `conservazione-${ente.slug}-2030-01-15.zip`,
      sha256: sha256(zip).toString('hex'),
      sizeBytes: zip.length,
      receipts: 1,
      skipped: [],
      zip,
    })
    .returning({ id: conservazioneExports.id });
  return row!.id;
}

beforeAll(async () => {
  mock = await startSacerMock();
  [valmora, demo] = await Promise.all([enteBySlug(db(), 'valmora'), enteBySlug(db(), 'comune-demo')]);
  const [viewer, operator] = await db()
    .insert(users)
    .values([
      { fullName: 'Vera Visore', fiscalCode: VIEWER },
      { fullName: 'Otto Operatore', fiscalCode: OPERATOR },
    ])
    .returning();
  await db()
    .insert(memberships)
    .values([
      { userId: viewer!.id, enteId: valmora.id, role: 'ente_viewer' },
      { userId: operator!.id, enteId: valmora.id, role: 'ente_operator' },
    ]);
  people.sara = await staffSession(db(), SARA);
  people.stefano = await staffSession(db(), STEFANO);
  people.paolo = await staffSession(db(), PAOLO);
  people.vera = await staffSession(db(), VIEWER);
  people.otto = await staffSession(db(), OPERATOR);

  const actor: ConservazioneActor = { userId: people.sara.userId!, address: '203.0.113.7', via: 'ente' };
  await saveConservazioneConfig(db(), actor, valmora.id, parerConfig());
  rows.good = await stored(valmora, 'CONS-UI-OK');
  rows.bad = await stored(valmora, 'CONS-UI-RIFIUTATA');
  mock.failKey(rows.bad.id, { code: 'HASH-003', message: 'Hash SHA-256 calcolato diverso da quello dichiarato' });
  expect(await runConservazione(db(), valmora.id, { renderPdf: fakePdf })).toMatchObject({
    kind: 'ran',
    summary: { preserved: 1, rejected: 1 },
  });
  // Comune Demo's seeded receipts, enrolled by its own (export) run: another Ente's to Valmora.
  await saveConservazioneConfig(db(), { ...actor, userId: people.paolo.userId! }, demo.id, exportConfig);
  await runConservazione(db(), demo.id, { renderPdf: fakePdf });
  const [demoRow] = await db().select().from(conservazioneReceipts).where(eq(conservazioneReceipts.enteId, demo.id)).limit(1);
  rows.demo = (await db().select().from(receipts).where(eq(receipts.id, demoRow!.receiptRowId)))[0]!;
  exportIds = { valmora: await storedExport(valmora, 'valmora'), demo: await storedExport(demo, 'demo') };
  takeRevalidatedTags();
});

afterAll(async () => {
  await mock?.close();
});

describe('the status page', () => {
  it('shows the admin the configuration, the counts, the last run and the refused receipt, with «Invia ora»', async () => {
    const page = await actAs('valmora', people.sara, () => renderPage(statusPage('valmora')));
    expect(page.status).toBe(200);
    const text = textOf(page);
    expect(text).toContain('ParER, Polo archivistico dell’Emilia-Romagna');
    expect(text).toContain('1 conservata, 1 rifiutata');
    expect(text).toContain('HASH-003');
    expect(text).toContain('Invia ora');
    expect(text).toContain('Modifica le impostazioni');
  });

  it('shows the consultation role what the admin sees, without the commands; refuses operators, other Enti, citizens', async () => {
    const viewer = await actAs('valmora', people.vera, () => renderPage(statusPage('valmora')));
    expect(viewer.status).toBe(200);
    expect(textOf(viewer)).not.toMatch(/Invia ora|Modifica le impostazioni|Impostazioni/);
    expect((await actAs('valmora', people.stefano, () => renderPage(statusPage('valmora')))).status).toBe(403);
    expect((await actAs('valmora', people.paolo, () => renderPage(statusPage('valmora')))).status).toBe(403);
    expect((await actAs('valmora', undefined, () => renderPage(statusPage('valmora')))).status).toBe(307);
    const citizen = { fiscalCode: 'RSSMRA80A01H501U', name: 'Mario Rossi', method: 'spid' as const, level: 2 as const };
    expect((await actAs('valmora', citizen, () => renderPage(statusPage('valmora')))).status).toBe(403);
  });

  it('filters by state, and ignores a forged state or cursor', async () => {
    const rejected = textOf(await actAs('valmora', people.sara, () => renderPage(statusPage('valmora', { stato: 'rejected' }))));
    expect(rejected).toContain('HASH-003');
    expect(rejected).not.toContain('Nessuna ricevuta in questo stato');
    const exported = textOf(await actAs('valmora', people.sara, () => renderPage(statusPage('valmora', { stato: 'exported' }))));
    expect(exported).toContain('Nessuna ricevuta in questo stato');
    const forged: Record<string, string>[] = [
      { stato: "rejected' or 1=1 --" },
      { stato: '\u0000' },
      { dopo: 'x'.repeat(5000) },
      { dopo: '-1' },
    ];
    for (const query of forged) {
      const page = await actAs('valmora', people.sara, () => renderPage(statusPage('valmora', query)));
      expect(page.status).toBe(200);
      expect(textOf(page)).toContain('HASH-003');
    }
  });
});

describe('a receipt’s preservation', () => {
  it('shows the rapporto verbatim with its checked SHA-256, and «Riprova» only on the refused one', async () => {
    const detail = (await findConservazioneReceipt(db(), valmora.id, rows.good.id))!;
    const page = await actAs('valmora', people.sara, () => renderPage(detailPage('valmora', rows.good.id)));
    const text = textOf(page);
    expect(text).toContain('Conservata');
    expect(text).toContain(detail.rapportoSha256!);
    expect(text).toContain('L’impronta corrisponde al rapporto conservato.');
    expect((page as { html: string }).html).toContain(detail.rapportoUrn!);
    const button = />Riprova<\/button>/;
    expect((page as { html: string }).html).not.toMatch(button);
    const refused = await actAs('valmora', people.sara, () => renderPage(detailPage('valmora', rows.bad.id)));
    expect(textOf(refused)).toContain('Rifiutata');
    expect(textOf(refused)).toContain('HASH-003');
    expect((refused as { html: string }).html).toMatch(button);
    const asViewer = await actAs('valmora', people.vera, () => renderPage(detailPage('valmora', rows.bad.id)));
    expect((asViewer as { html: string }).html).not.toMatch(button);
  });

  it('is a 404 for another Ente’s receipt, a guessed or malformed id; a 403 for an operator', async () => {
    for (const id of [rows.demo.id, UNKNOWN, 'non-un-uuid', `${rows.good.id}\u0000`])
      expect([id, (await actAs('valmora', people.sara, () => renderPage(detailPage('valmora', id)))).status]).toEqual([id, 404]);
    expect((await actAs('comune-demo', people.paolo, () => renderPage(detailPage('comune-demo', rows.good.id)))).status).toBe(404);
    expect((await actAs('valmora', people.stefano, () => renderPage(detailPage('valmora', rows.good.id)))).status).toBe(403);
  });

  it('downloads the rapporto byte for byte with its SHA-256 in Repr-Digest, to the Ente’s admin and consultation role', async () => {
    const detail = (await findConservazioneReceipt(db(), valmora.id, rows.good.id))!;
    for (const who of [people.sara, people.vera]) {
      const response = await actAs('valmora', who, () => rapporto('valmora', rows.good.id));
      expect(response.status).toBe(200);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.toString('utf8')).toBe(detail.rapporto);
      expect(sha256(bytes).toString('hex')).toBe(detail.rapportoSha256);
      expect(response.headers.get('repr-digest')).toBe(`sha-256=:${sha256(bytes).toString('base64')}:`);
      expect(response.headers.get('content-type')).toBe('application/xml');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect((await actAs('valmora', people.stefano, () => rapporto('valmora', rows.good.id))).status).toBe(403);
    expect((await actAs('valmora', people.paolo, () => rapporto('valmora', rows.good.id))).status).toBe(403);
    for (const id of [rows.demo.id, rows.bad.id, UNKNOWN, 'x'])
      expect([id, (await actAs('valmora', people.sara, () => rapporto('valmora', id))).status]).toEqual([id, 404]);
  });

  it('shows its state on the receipt’s page, as a link for those who may open it', async () => {
    const receiptPage = (who: PortalSession) =>
      actAs('valmora', who, () => renderPage(() => ReceiptPage({ params: Promise.resolve({ slug: 'valmora', id: rows.good.id }) })));
    const admin = await receiptPage(people.sara);
    expect((admin as { html: string }).html).toContain(`href="/admin/conservazione/${rows.good.id}"`);
    const operator = await receiptPage(people.otto);
    expect(textOf(operator)).toContain('Conservata');
    expect((operator as { html: string }).html).not.toContain('/admin/conservazione/');
  });
});

describe('the day exports', () => {
  it('lists and downloads the Ente’s own ZIPs only, as recorded', async () => {
    const list = textOf(await actAs('valmora', people.vera, () => renderPage(exportsPage('valmora'))));
    expect(list).toContain('conservazione-valmora-2030-01-15.zip');
    expect(list).not.toContain('comune-demo');
    const response = await actAs('valmora', people.sara, () => exportZip('valmora', exportIds.valmora));
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    const [row] = await db().select().from(conservazioneExports).where(eq(conservazioneExports.id, exportIds.valmora));
    expect(sha256(bytes).toString('hex')).toBe(row!.sha256);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="conservazione-valmora-2030-01-15.zip"');
    for (const id of [exportIds.demo, UNKNOWN, "1' or '1'='1"])
      expect([id, (await actAs('valmora', people.sara, () => exportZip('valmora', id))).status]).toEqual([id, 404]);
    expect((await actAs('valmora', people.stefano, () => exportZip('valmora', exportIds.valmora))).status).toBe(403);
    expect((await actAs('valmora', people.stefano, () => renderPage(exportsPage('valmora')))).status).toBe(403);
  });
});

describe('the settings', () => {
  it('are the admin’s only, and never show the password', async () => {
    const page = await actAs('valmora', people.sara, () => renderPage(settingsPage('valmora')));
    expect(page.status).toBe(200);
    expect((page as { html: string }).html).not.toContain(SACER_PASSWORD);
    expect(textOf(page)).toContain('Impostata: lascia vuoto per mantenerla.');
    for (const who of [people.vera, people.stefano, people.paolo])
      expect((await actAs('valmora', who, () => renderPage(settingsPage('valmora')))).status).toBe(403);
  });

  it('refuse the consultation role, operators, another Ente’s admin, no session, the provincial host', async () => {
    expect(await actAs('valmora', people.vera, () => saveConservazione(exportConfig))).toEqual({ ok: false, error: NOT_ALLOWED });
    expect(await actAs('valmora', people.stefano, () => saveConservazione(exportConfig))).toEqual({ ok: false, error: NOT_ALLOWED });
    expect(await actAs('valmora', people.paolo, () => saveConservazione(exportConfig))).toEqual({ ok: false, error: NOT_ALLOWED });
    expect(await actAs('valmora', undefined, () => saveConservazione(exportConfig))).toMatchObject({ ok: false });
    expect(await actAsOnProvincia(people.sara, () => saveConservazione(exportConfig))).toMatchObject({ ok: false });
    expect((await loadConservazioneConfig(db(), valmora.id))!.conservatore).toBe('parer');
    expect(takeRevalidatedTags()).toEqual([]);
  });

  it('refuse what is not a configuration, field by field, and store nothing', async () => {
    const before = await db().select().from(conservazioneConfigs).where(eq(conservazioneConfigs.enteId, valmora.id));
    const parer = parerConfig() as Extract<ConservazioneConfigInput, { conservatore: 'parer' }>;
    const cases: [unknown, string | null][] = [
      [{ ...exportConfig, settings: { ...sampleSettingsInput, registro: ['RT_PAGOPA'] } }, 'settings.registro'],
      [{ ...exportConfig, settings: { ...sampleSettingsInput, tipologiaDocumentale: 'Ricevuta\u0000' } }, 'settings.tipologiaDocumentale'],
      [
        { ...exportConfig, settings: { ...sampleSettingsInput, tipologiaDocumentale: 'x'.repeat(100_000) } },
        'settings.tipologiaDocumentale',
      ],
      [{ ...exportConfig, settings: { ...sampleSettingsInput, retentionYears: '10' } }, 'settings.retentionYears'],
      [{ ...parer, parer: { ...parer.parer, ambiente: ['PARER_TEST'] } }, 'parer.ambiente'],
      [{ ...parer, parer: { ...parer.parer, url: 'javascript:alert(1)' } }, 'parer.url'],
      [{ ...parer, parerPassword: 'x'.repeat(501) }, 'parerPassword'],
      [{ ...parer, parerPassword: ['segreto'] }, 'parerPassword'],
      [{ conservatore: 'ftp' }, null],
      [[exportConfig], null],
    ];
    for (const [input, field] of cases) {
      const result = await actAs('valmora', people.sara, () => saveConservazione(input as ConservazioneConfigInput));
      expect([field, result.ok]).toEqual([field, false]);
      if (field) expect(Object.keys((result as { fieldErrors?: Record<string, string> }).fieldErrors ?? {})).toContain(field);
    }
    expect(await db().select().from(conservazioneConfigs).where(eq(conservazioneConfigs.enteId, valmora.id))).toEqual(before);
    expect(takeRevalidatedTags()).toEqual([]);
  });

  it('read an empty optional group as none, save once for two clicks at once, and revalidate the public manuale', async () => {
    const form = {
      ...exportConfig,
      settings: {
        ...sampleSettingsInput,
        registro: '  ',
        classificazione: { indice: '', descrizione: '', piano: '' },
        aggregazioni: [{ tipo: 'Fascicolo' as const, id: '' }],
      },
    };
    const twice = await actAs('comune-demo', people.paolo, () =>
      Promise.all([saveConservazione(form as ConservazioneConfigInput), saveConservazione(form as ConservazioneConfigInput)]),
    );
    expect(twice.map((r) => r.ok)).toEqual([true, true]);
    const config = (await loadConservazioneConfig(db(), demo.id))!;
    expect(config.settings).toMatchObject({ registro: null, classificazione: null, aggregazioni: [] });
    expect(await db().select().from(conservazioneConfigs).where(eq(conservazioneConfigs.enteId, demo.id))).toHaveLength(1);
    expect(new Set(takeRevalidatedTags())).toEqual(new Set([`conservazione:${demo.id}`]));
    const audits = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.enteId, demo.id), eq(auditLog.action, 'conservazione_configurata')));
    expect(audits.length).toBeGreaterThanOrEqual(2);
  });

  it('keep the stored ParER password when the field is empty, never in the audit', async () => {
    const result = await actAs('valmora', people.sara, () => saveConservazione({ ...parerConfig(), parerPassword: '' }));
    expect(result).toMatchObject({ ok: true });
    expect((await loadConservazioneConfig(db(), valmora.id))!.parerPasswordStored).toBe(true);
    const audits = await db().select().from(auditLog).where(eq(auditLog.enteId, valmora.id));
    expect(JSON.stringify(audits)).not.toContain(SACER_PASSWORD);
    takeRevalidatedTags();
  });
});

describe('«Invia ora» and «Riprova»', () => {
  it('are the admin’s only', async () => {
    expect(await actAs('valmora', people.vera, () => sendConservazioneNow({}))).toEqual({ ok: false, error: NOT_ALLOWED });
    expect(await actAs('valmora', people.stefano, () => retryConservazione({ id: rows.bad.id }))).toEqual({
      ok: false,
      error: NOT_ALLOWED,
    });
    expect(await actAs('valmora', people.paolo, () => retryConservazione({ id: rows.bad.id }))).toEqual({ ok: false, error: NOT_ALLOWED });
  });

  it('refuse another Ente’s receipt, a guessed id, what is not an id; retry the refused one once for two clicks', async () => {
    expect(await actAs('comune-demo', people.paolo, () => retryConservazione({ id: rows.bad.id }))).toEqual({
      ok: false,
      error: 'Ricevuta non trovata.',
    });
    expect(await actAs('valmora', people.sara, () => retryConservazione({ id: UNKNOWN }))).toEqual({
      ok: false,
      error: 'Ricevuta non trovata.',
    });
    for (const id of ['x', ['a'], `${UNKNOWN}\u0000`, 'x'.repeat(100_000)])
      expect(await actAs('valmora', people.sara, () => retryConservazione({ id } as never))).toMatchObject({
        ok: false,
        fieldErrors: { id: expect.any(String) },
      });
    await refuse(rows.bad);
    const twice = await actAs('valmora', people.sara, () =>
      Promise.all([retryConservazione({ id: rows.bad.id }), retryConservazione({ id: rows.bad.id })]),
    );
    expect(twice.filter((r) => r.ok)).toEqual([{ ok: true, data: 'requeued' }]);
    expect(twice.filter((r) => !r.ok)).toEqual([{ ok: false, error: expect.stringContaining('non è da riprovare') }]);
    expect((await findConservazioneReceipt(db(), valmora.id, rows.bad.id))!.state).toBe('pending');
    expect(await actAs('valmora', people.sara, () => retryConservazione({ id: rows.good.id }))).toMatchObject({ ok: false });
  });

  it('«Invia ora» queues one run, says so again for a second click, and refuses an Ente without conservazione', async () => {
    const first = await actAs('valmora', people.sara, () => sendConservazioneNow({}));
    expect(first.ok && ['queued', 'already_queued'].includes(first.data)).toBe(true);
    expect(await actAs('valmora', people.sara, () => sendConservazioneNow({}))).toEqual({ ok: true, data: 'already_queued' });
    await db().update(conservazioneConfigs).set({ enabled: false }).where(eq(conservazioneConfigs.enteId, demo.id));
    expect(await actAs('comune-demo', people.paolo, () => sendConservazioneNow({}))).toEqual({
      ok: false,
      error: 'La conservazione non è attiva: configurala e attivala prima.',
    });
  });
});

describe('the public manuale di conservazione', () => {
  const manual = (slug: string, lingua = 'it') => renderPage(() => ConservazioneManualPage({ params: Promise.resolve({ slug, lingua }) }));

  it('publishes the configuration: conservatore, documents, metadata, formats, timing and retention, never the ParER account', async () => {
    const page = await manual('valmora');
    expect(page.status).toBe(200);
    const text = textOf(page);
    for (const expected of [
      'ParER, Polo archivistico dell’Emilia-Romagna',
      'Ricevuta di pagamento pagoPA',
      'PDF/A-2b',
      'TempoDiConservazione',
      '10 anni',
      'dalle 02:00',
      'repertorio «RT_PAGOPA»',
      'Comune di Valmora - AOO unica',
    ])
      expect([expected, text.includes(expected)]).toEqual([expected, true]);
    for (const secret of [SACER_PASSWORD, mock.url, 'ws_portale', 'PARER_TEST'])
      expect([secret, text.includes(secret)]).toEqual([secret, false]);
  });

  it('says when conservazione is not active yet, and is a 404 for an Ente that does not serve citizens', async () => {
    const demoPage = textOf(await manual('comune-demo'));
    expect(demoPage).toContain('La conservazione a norma delle ricevute non è ancora attiva');
    expect((await manual('non-esiste')).status).toBe(404);
    expect((await manual('valmora', 'de')).status).toBe(404);
  });

  it('in English: says the manual is in Italian, and marks the Italian text as such', async () => {
    const page = await manual('valmora', 'en');
    expect(page.status).toBe(200);
    expect(textOf(page)).toContain('The manual is published in Italian');
    expect(page.status === 200 && page.html).toMatch(/<article lang="it"/);
  });
});

describe('the CIT’s monitoring', () => {
  const citAdmin = () => staffSession(db(), DEMO_CIT_STAFF.find((s) => s.platformRole === 'cit_admin')!.fiscalCode);
  const citOperator = () => staffSession(db(), DEMO_CIT_STAFF.find((s) => s.platformRole === 'cit_operator')!.fiscalCode);
  const list = () => MonitoringPage({ searchParams: Promise.resolve({}) });
  const drill = (enteId: string) => () => EnteMonitoringPage({ params: Promise.resolve({ enteId }), searchParams: Promise.resolve({}) });

  it('lists who configured conservazione and whether it works, and shows an Ente’s refusals', async () => {
    await refuse(rows.bad);
    const page = await actAsOnProvincia(await citOperator(), () => renderPage(list));
    expect(page.status).toBe(200);
    const text = textOf(page);
    expect(text).toContain('Conservazione delle ricevute');
    expect(text).toMatch(/Comune di Valmora ParER Attiva, ricevute da riesaminare/);
    expect(text).toMatch(/Comune di Demo Altro \(UNI SInCRO\) Configurata, non attiva/);
    const detail = textOf(await actAsOnProvincia(await citAdmin(), () => renderPage(drill(valmora.id))));
    expect(detail).toContain('HASH-003');
    expect(detail).toContain('Rifiutate 1');
  });

  it('is the CIT’s only', async () => {
    expect((await actAsOnProvincia(people.sara, () => renderPage(list))).status).toBe(403);
    expect((await actAsOnProvincia(people.sara, () => renderPage(drill(valmora.id)))).status).toBe(403);
    expect((await actAs('valmora', await citAdmin(), () => renderPage(list))).status).toBe(404);
  });
});
