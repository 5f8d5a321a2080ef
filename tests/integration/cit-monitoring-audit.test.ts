import { and, desc, eq } from 'drizzle-orm';
import { auditLog, users, type Ente } from '@/db/schema';
import { DEMO_CIT_STAFF, DEMO_ENTE_STAFF } from '@/db/seed/enti';
import { auditFiltersSchema, type AuditFilters } from '@/lib/cit/audit-filters';
import { auditActions, eachAuditLine, searchAuditLog } from '@/lib/cit/audit-log';
import { GET as exportAudit } from '@/app/provincia/cit/(area)/registro/export.csv/route';
import { shareDatabaseWithActions, staffSession } from '../support/acting-as';
import { actAs } from '../support/action-request';
import { enteBySlug } from '../support/payments';
import { withTestDatabase } from '../support/test-db';

jest.mock('next/headers', () => jest.requireActual('../support/action-request').nextHeaders);

/*
 * The CIT admins' audit register: filters, keyset pages, the CSV export, and the refusal of everyone else
 * (the CIT operator included) on the export route.
 */
const { db, testDb } = withTestDatabase();
shareDatabaseWithActions(() => testDb().handle);

const ADMIN = DEMO_CIT_STAFF.find((s) => s.platformRole === 'cit_admin')!;
const OPERATOR = DEMO_CIT_STAFF.find((s) => s.platformRole === 'cit_operator')!;
const EXPORT_URL = 'http://localhost:3000/cit/registro/export.csv';
let valmora: Ente;
let demo: Ente;
let adminId: string;
let operatorId: string;

const search = (filters: AuditFilters, limit = 100) => searchAuditLog(db(), filters, { limit });
const ids = async (filters: AuditFilters) => (await search(filters)).lines.map((l) => l.targetId);

beforeAll(async () => {
  valmora = await enteBySlug(db(), 'valmora');
  demo = await enteBySlug(db(), 'comune-demo');
  const idOf = async (email: string) => (await db().select({ id: users.id }).from(users).where(eq(users.email, email)))[0]!.id;
  adminId = await idOf(ADMIN.email);
  operatorId = await idOf(OPERATOR.email);
  // Known entries in 2019, before any demo data: Italian days, two at the same instant to test the tie-break.
  const entry = (targetId: string, at: string, extra: Partial<typeof auditLog.$inferInsert> = {}) => ({
    action: 'prova_registro',
    targetType: 'prova',
    targetId,
    createdAt: new Date(at),
    ...extra,
  });
  await db()
    .insert(auditLog)
    .values([
      entry('R1', '2019-05-01T08:00:00Z', { enteId: valmora.id, actorUserId: adminId, details: { motivo: 'prima', quante: 2 } }),
      entry('R2', '2019-05-01T21:59:00Z', { enteId: demo.id, actorUserId: operatorId }),
      entry('R3', '2019-05-01T22:00:00Z', { actorUserId: operatorId }), // 00:00 of 2 May in Rome
      entry('R4', '2019-05-02T10:00:00Z', { enteId: valmora.id, action: 'prova_altra' }),
      entry('R5', '2019-05-02T10:00:00Z', { enteId: valmora.id, action: 'prova_altra' }),
    ]);
});

describe('the audit register', () => {
  it('filters by Ente, platform only, user (e-mail or fiscal code), action and Italian days, newest first', async () => {
    const may = { dal: '2019-05-01', al: '2019-05-02' };
    expect(await ids({ ...may })).toEqual(['R5', 'R4', 'R3', 'R2', 'R1']);
    expect(await ids({ ...may, ente: valmora.id })).toEqual(['R5', 'R4', 'R1']);
    expect(await ids({ ...may, ente: 'piattaforma' })).toEqual(['R3']);
    expect(await ids({ ...may, utente: OPERATOR.email })).toEqual(['R3', 'R2']);
    expect(await ids({ ...may, utente: ADMIN.fiscalCode })).toEqual(['R1']);
    expect(await ids({ ...may, utente: 'nessuno@example.it' })).toEqual([]);
    expect(await ids({ ...may, azione: 'prova_altra' })).toEqual(['R5', 'R4']);
    expect(await ids({ dal: '2019-05-01', al: '2019-05-01' })).toEqual(['R2', 'R1']);
    expect(await ids({ dal: '2019-05-02', al: '2019-05-02' })).toEqual(['R5', 'R4', 'R3']);
  });

  it('pages by keyset without losing or repeating entries of the same instant', async () => {
    const filters = { dal: '2019-05-01', al: '2019-05-02' };
    const seen: (string | null)[] = [];
    let after: string | undefined;
    do {
      const page = await searchAuditLog(db(), filters, { after, limit: 2 });
      seen.push(...page.lines.map((l) => l.targetId));
      after = page.nextCursor ?? undefined;
    } while (after);
    expect(seen).toEqual(['R5', 'R4', 'R3', 'R2', 'R1']);
    const all: (string | null)[] = [];
    for await (const line of eachAuditLine(db(), filters, 2)) all.push(line.targetId);
    expect(all).toEqual(seen);
  });

  it('names the Ente and the user of each entry, and lists the actions recorded', async () => {
    const [r1] = (await search({ dal: '2019-05-01', al: '2019-05-01', utente: ADMIN.email })).lines;
    expect(r1).toMatchObject({
      enteName: valmora.name,
      actorName: ADMIN.fullName,
      actorEmail: ADMIN.email,
      details: { motivo: 'prima', quante: 2 },
    });
    expect(await auditActions(db())).toEqual(expect.arrayContaining(['prova_altra', 'prova_registro']));
    const actions = await auditActions(db());
    expect(actions).toEqual([...actions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('refuses malformed filters with messages in Italian', () => {
    const result = auditFiltersSchema.safeParse({ ente: 'valmora', utente: 'MARIO', azione: 'DROP TABLE', dal: '2019-02-30' });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path[0]).sort()).toEqual(['azione', 'dal', 'ente', 'utente']);
    expect(auditFiltersSchema.parse({ ente: '', utente: ' Cit.Admin@Provincia.Example.it ' })).toEqual({
      utente: 'cit.admin@provincia.example.it',
    });
  });
});

describe('the CSV export of the register', () => {
  it('gives a CIT admin every filtered entry as CSV, and audits the export', async () => {
    const admin = await staffSession(db(), ADMIN.fiscalCode);
    const response = await actAsProvincia(admin, () =>
      exportAudit(new Request(`${EXPORT_URL}?dal=2019-05-01&al=2019-05-02&ente=${valmora.id}`)),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const text = await response.text();
    const lines = text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('Data e ora;Ente;Utente;E-mail utente;Codice azione;Azione;Oggetto;Identificativo oggetto;Dettagli;Indirizzo IP');
    expect(lines.slice(1).map((l) => l.split(';')[7])).toEqual(['R5', 'R4', 'R1']);
    expect(lines[3]).toContain(
      '01/05/2019 10:00;Comune di Valmora;Laura Bertoli;cit.admin@provincia.example.it;prova_registro;Prova registro',
    );
    const [audited] = await db()
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'registro_esportato'))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(audited).toMatchObject({
      actorUserId: adminId,
      enteId: null,
      details: { dal: '2019-05-01', al: '2019-05-02', ente: valmora.id },
    });
  });

  it('answers 400 with the problems of malformed filters', async () => {
    const admin = await staffSession(db(), ADMIN.fiscalCode);
    const response = await actAsProvincia(admin, () => exportAudit(new Request(`${EXPORT_URL}?dal=ieri`)));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: { dal: expect.any(String) } });
  });

  it('refuses the CIT operator (403, audited) and answers 404 on an Ente host', async () => {
    const operator = await staffSession(db(), OPERATOR.fiscalCode);
    const refused = await actAsProvincia(operator, () => exportAudit(new Request(EXPORT_URL)));
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const [refusal] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'accesso_negato'), eq(auditLog.actorUserId, operatorId)))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(refusal!.details).toMatchObject({ required: ['cit_admin'] });

    const admin = await staffSession(db(), ADMIN.fiscalCode);
    expect((await actAs('valmora.localhost:3000', admin, () => exportAudit(new Request(EXPORT_URL)))).status).toBe(404);
  });

  it("refuses an Ente's admin and sends the signed-out to the login", async () => {
    const enteAdmin = await staffSession(db(), DEMO_ENTE_STAFF.find((s) => s.role === 'ente_admin')!.fiscalCode);
    expect((await actAsProvincia(enteAdmin, () => exportAudit(new Request(EXPORT_URL)))).status).toBe(403);
    await expect(actAsProvincia(undefined, () => exportAudit(new Request(EXPORT_URL)))).rejects.toMatchObject({
      digest: expect.stringContaining('/cit/accedi'),
    });
  });
});

/** The request as the provincial site (the bare base domain) receives it. */
function actAsProvincia<T>(session: Awaited<ReturnType<typeof staffSession>> | undefined, work: () => Promise<T>): Promise<T> {
  return actAs('localhost:3000', session, work);
}
