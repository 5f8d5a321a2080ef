import { and, asc, eq } from 'drizzle-orm';
import { auditLog, enti, memberships, membershipServices, positions, services, users, type Service } from '@/db/schema';
import {
  createServiceAction,
  moveServiceAction,
  setServiceActiveAction,
  setServiceManagersAction,
  updateServiceAction,
} from '@/lib/catalogue/actions';
import { listManageableServices } from '@/lib/catalogue/admin-queries';
import { findActiveService, listActiveServices } from '@/lib/catalogue/queries';
import { renderCausale } from '@/lib/catalogue/service-form';
import { serviceFormValues, type ServiceFormValues } from '@/lib/catalogue/service-schema';
import type { PortalSession } from '@/lib/auth/session';
import { createPosition } from '@/lib/positions/create';
import { actAs } from '../support/action-request';
import { withTestDatabase } from '../support/test-db';

jest.mock('next/headers', () => jest.requireActual('../support/action-request').nextHeaders);

/*
 * The catalogue editor's actions through the real wrapper, session cookie and database: what each role
 * may do, what a scoped operator may touch, what is refused, and what each change leaves behind.
 */

const { testDb } = withTestDatabase();
const db = () => testDb().handle.db;
const VALMORA = 'valmora.localhost:3000';
const DEMO = 'comune-demo.localhost:3000';
const NOT_ALLOWED = 'Non hai i permessi per questa operazione.';
const NOT_FOUND = 'Servizio non trovato, oppure non lo gestisci.';
const STALE = 'Il servizio è stato modificato nel frattempo: ricarica la pagina e riprova.';
const sessions = new Map<string, PortalSession>();
const enteIds = new Map<string, string>();

beforeAll(async () => {
  (globalThis as { __portaleDatabase?: unknown }).__portaleDatabase = Promise.resolve(testDb().handle);
  for (const row of await db().select().from(users)) {
    if (row.fiscalCode)
      sessions.set(row.fiscalCode, { userId: row.id, fiscalCode: row.fiscalCode, name: row.fullName, method: 'spid', level: 2 });
  }
  for (const row of await db().select().from(enti)) enteIds.set(row.slug, row.id);
  // A viewer of Valmora: the seed has none.
  const [viewer] = await db().insert(users).values({ fullName: 'Vera Visione', fiscalCode: 'VSNVRE80A41B157X' }).returning();
  await db()
    .insert(memberships)
    .values({ userId: viewer!.id, enteId: enteIds.get('valmora')!, role: 'ente_viewer' });
  sessions.set('viewer', { userId: viewer!.id, fiscalCode: viewer!.fiscalCode!, name: viewer!.fullName, method: 'spid', level: 2 });
});

afterAll(() => {
  (globalThis as { __portaleDatabase?: unknown }).__portaleDatabase = undefined;
});

const sara = () => sessions.get('BNTSRA79S43B157V')!; // admin of Valmora
const stefano = () => sessions.get('GTTSFN85A30B157O')!; // operator of Valmora, limited to mensa and trasporto-scolastico
const paolo = () => sessions.get('FRRPLA70H21B157M')!; // admin of Comune Demo
const giulia = () => sessions.get('FRRGLI88B54B157Q')!; // operator of Comune Demo, no limits

async function serviceOf(slug: string, code: string): Promise<Service> {
  const [row] = await db()
    .select()
    .from(services)
    .where(and(eq(services.enteId, enteIds.get(slug)!), eq(services.code, code)));
  return row!;
}

const auditOf = (serviceId: string) =>
  db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetType, 'servizio'), eq(auditLog.targetId, serviceId)))
    .orderBy(asc(auditLog.id));

function newService(overrides: Partial<ServiceFormValues> = {}): ServiceFormValues {
  return {
    ...serviceFormValues(),
    code: 'centro-estivo',
    title: 'Centro estivo',
    summary: 'Iscrizione al centro estivo comunale.',
    description: 'Il centro estivo accoglie bambini e ragazzi da giugno ad agosto.',
    category: 'Scuola e servizi educativi',
    taxonomyCode: '9/0107100TS/',
    amountRule: { kind: 'unit', unitCents: 6000, unitLabel: 'settimana', minQuantity: 1, maxQuantity: 10 },
    causaleTemplate: 'Centro estivo - {bambino} - {turno}',
    iban: 'IT60 X054 2811 1010 0000 0123 456',
    formDefinition: [
      { name: 'bambino', label: 'Nome del bambino', kind: 'text', required: true, max: 80 },
      {
        name: 'turno',
        label: 'Turno',
        kind: 'select',
        required: true,
        options: [
          { value: 'giugno', label: 'Giugno' },
          { value: 'luglio', label: 'Luglio' },
        ],
      },
    ],
    ...overrides,
  };
}

function editable(service: Service): ServiceFormValues {
  return serviceFormValues(service);
}

describe('creating a service', () => {
  it('lets an admin create one, audited, on the citizen page at once', async () => {
    const result = await actAs(VALMORA, sara(), () => createServiceAction(newService()));
    expect(result).toEqual({ ok: true, data: { code: 'centro-estivo' } });
    const created = await serviceOf('valmora', 'centro-estivo');
    expect(created).toMatchObject({ active: true, ibanOverride: 'IT60X0542811101000000123456', payerInfo: null });
    // The next request of the citizen page reads the catalogue again: the new service is there.
    expect((await findActiveService(db(), enteIds.get('valmora')!, 'centro-estivo'))?.title).toBe('Centro estivo');
    const [row] = await auditOf(created.id);
    expect(row).toMatchObject({
      action: 'servizio_creato',
      actorUserId: sara().userId,
      enteId: enteIds.get('valmora'),
      ip: '203.0.113.44',
    });
    expect(row!.details).toMatchObject({ before: null, after: { code: 'centro-estivo', title: 'Centro estivo' } });
    // Last of the Ente's order, so last in its category too.
    const order = (await listActiveServices(db(), enteIds.get('valmora')!)).map((s) => s.code);
    expect(order.at(-1)).toBe('centro-estivo');
  });

  it('refuses a code already taken, reserved or malformed, and twice the same submission', async () => {
    const again = await actAs(VALMORA, sara(), () => createServiceAction(newService()));
    expect(again).toMatchObject({ ok: false, fieldErrors: { code: 'Esiste già un servizio con questo codice' } });
    // The same code in another Ente is another service.
    expect(await actAs(DEMO, paolo(), () => createServiceAction(newService()))).toMatchObject({ ok: true });
    for (const code of ['nuovo', 'Centro', 'centro-', '-x', 'a'.repeat(36), 'centro estivo', '']) {
      const result = await actAs(VALMORA, sara(), () => createServiceAction(newService({ code })));
      expect(result).toMatchObject({ ok: false, fieldErrors: { code: expect.any(String) } });
    }
  });

  it('refuses operators and viewers: only admins add services', async () => {
    const before = await db().select({ id: services.id }).from(services);
    expect(await actAs(VALMORA, stefano(), () => createServiceAction(newService({ code: 'x1' })))).toEqual({
      ok: false,
      error: NOT_ALLOWED,
    });
    expect(await actAs(DEMO, giulia(), () => createServiceAction(newService({ code: 'x2' })))).toEqual({ ok: false, error: NOT_ALLOWED });
    expect(await actAs(VALMORA, sessions.get('viewer'), () => createServiceAction(newService({ code: 'x3' })))).toEqual({
      ok: false,
      error: NOT_ALLOWED,
    });
    // Valmora's admin on Comune Demo's host is a stranger there.
    expect(await actAs(DEMO, sara(), () => createServiceAction(newService({ code: 'x4' })))).toEqual({ ok: false, error: NOT_ALLOWED });
    expect(await db().select({ id: services.id }).from(services)).toHaveLength(before.length);
  });

  it('refuses invalid form definitions, amounts, IBANs, taxonomy codes and huge input, field by field', async () => {
    const field = newService().formDefinition[0]!;
    const cases: [Partial<ServiceFormValues>, string][] = [
      [{ formDefinition: [field, { ...field, label: 'Altro' }] }, 'formDefinition.1.name'],
      [{ formDefinition: [{ name: 'turno', label: 'Turno', kind: 'select', required: true, options: [] }] }, 'formDefinition.0.options'],
      [{ formDefinition: [{ ...field, pattern: '([a-z' }] }, 'formDefinition.0.pattern'],
      [{ formDefinition: [{ name: 'eta', label: 'Età', kind: 'number', required: true, min: 10, max: 3 }] }, 'formDefinition.0.max'],
      [{ formDefinition: [{ ...field, name: 'Nome Bambino' }] }, 'formDefinition.0.name'],
      [{ formDefinition: [{ ...field, kind: 'script' as never }] }, 'formDefinition.0.kind'],
      [{ formDefinition: Array.from({ length: 31 }, (_, i) => ({ ...field, name: `c${i}` })) }, 'formDefinition'],
      [{ formDefinition: [{ ...field, label: 'x'.repeat(100_000) }] }, 'formDefinition.0.label'],
      [{ causaleTemplate: 'Centro estivo - {sconosciuto}' }, 'causaleTemplate'],
      [{ causaleTemplate: 'x'.repeat(141) }, 'causaleTemplate'],
      [{ amountRule: { kind: 'range', minCents: 5000, maxCents: 100 } }, 'amountRule'],
      [{ amountRule: { kind: 'fixed', cents: -5 } }, 'amountRule.cents'],
      [{ amountRule: { kind: 'fixed', cents: Number.NaN } }, 'amountRule.cents'],
      [{ iban: 'IT60X0542811101000000123457' }, 'iban'],
      [{ iban: 'DE89370400440532013000' }, 'iban'],
      [{ taxonomyCode: '9/0201102IM/' }, 'taxonomyCode'],
      [{ title: '   ' }, 'title'],
      [{ description: 'x'.repeat(5001) }, 'description'],
    ];
    for (const [overrides, path] of cases) {
      const result = await actAs(VALMORA, sara(), () => createServiceAction(newService({ code: 'prova-errori', ...overrides })));
      expect({ path, result }).toMatchObject({ path, result: { ok: false, fieldErrors: { [path]: expect.any(String) } } });
    }
    expect(await actAs(VALMORA, sara(), () => createServiceAction('x'.repeat(1_000_000) as never))).toMatchObject({ ok: false });
    expect(await serviceOf('valmora', 'prova-errori')).toBeUndefined();
  });
});

describe('editing a service', () => {
  it('changes the service, audits before and after, and leaves existing positions as they were', async () => {
    const ente = (await db().select().from(enti).where(eq(enti.slug, 'valmora')))[0]!;
    const mensa = await serviceOf('valmora', 'mensa');
    const fields = Object.fromEntries(mensa.formDefinition.map((f) => [f.name, f.options?.[0]?.value ?? 'Anna Rossi']));
    await createPosition(db(), ente, {
      channel: 'staff',
      service: mensa,
      debtor: { type: 'F', fiscalCode: 'RSSMRA80A01B157K', fullName: 'Mario Rossi' },
      causale: renderCausale(mensa.causaleTemplate, mensa.formDefinition, fields),
      amountCents: 2500,
      dueDate: null,
      taxonomyCode: mensa.taxonomyCode,
      iban: mensa.ibanOverride ?? ente.iban ?? '',
      formData: fields,
    });
    const positionsBefore = await db().select().from(positions).where(eq(positions.serviceId, mensa.id)).orderBy(asc(positions.id));
    expect(positionsBefore.length).toBeGreaterThan(0);

    const changed: ServiceFormValues = {
      ...editable(mensa),
      title: 'Refezione scolastica',
      causaleTemplate: 'Refezione',
      taxonomyCode: '9/0107100TS/',
      iban: 'IT60X0542811101000000123456',
      amountRule: { kind: 'fixed', cents: 9999 },
      formDefinition: [],
    };
    const result = await actAs(VALMORA, stefano(), () =>
      updateServiceAction({ id: mensa.id, version: mensa.updatedAt.toISOString(), service: changed }),
    );
    expect(result).toMatchObject({ ok: true });

    expect(await db().select().from(positions).where(eq(positions.serviceId, mensa.id)).orderBy(asc(positions.id))).toEqual(
      positionsBefore,
    );
    expect((await findActiveService(db(), ente.id, 'mensa'))?.title).toBe('Refezione scolastica');
    const [row] = (await auditOf(mensa.id)).filter((r) => r.action === 'servizio_modificato');
    expect(row).toMatchObject({ actorUserId: stefano().userId });
    expect(row!.details).toMatchObject({
      before: { title: mensa.title, causaleTemplate: mensa.causaleTemplate, amountRule: mensa.amountRule },
      after: {
        title: 'Refezione scolastica',
        causaleTemplate: 'Refezione',
        amountRule: { kind: 'fixed', cents: 9999 },
        formDefinition: [],
      },
    });

    // The same save again (a double submit, a replay) names a version that is no longer current.
    const replay = await actAs(VALMORA, stefano(), () =>
      updateServiceAction({ id: mensa.id, version: mensa.updatedAt.toISOString(), service: changed }),
    );
    expect(replay).toEqual({ ok: false, error: STALE });
  });

  it('never changes the code, and stores neither empty optional texts nor settings left from another kind of field', async () => {
    const tari = await serviceOf('valmora', 'tari');
    const renamed = await actAs(VALMORA, sara(), () =>
      updateServiceAction({ id: tari.id, version: tari.updatedAt.toISOString(), service: { ...editable(tari), code: 'tari-2' } }),
    );
    expect(renamed).toEqual({ ok: false, error: 'Il codice di un servizio esistente non si cambia' });
    const withBlanks = {
      ...editable(tari),
      causaleTemplate: 'TARI {nota}',
      formDefinition: [
        {
          name: 'nota',
          label: 'Nota',
          kind: 'text' as const,
          required: false,
          help: '',
          pattern: '',
          min: 3,
          options: [{ value: 'a', label: 'A' }],
        },
      ],
    };
    expect(
      await actAs(VALMORA, sara(), () => updateServiceAction({ id: tari.id, version: tari.updatedAt.toISOString(), service: withBlanks })),
    ).toMatchObject({
      ok: true,
    });
    expect((await serviceOf('valmora', 'tari')).formDefinition).toEqual([{ name: 'nota', label: 'Nota', kind: 'text', required: false }]);
  });

  it("refuses another Ente's service and a scoped operator's service outside the scope, as if they did not exist", async () => {
    const demoTari = await serviceOf('comune-demo', 'tari');
    const valmoraTari = await serviceOf('valmora', 'tari');
    const cases: [string, PortalSession, Service][] = [
      [VALMORA, sara(), demoTari],
      [VALMORA, stefano(), valmoraTari],
      [DEMO, giulia(), valmoraTari],
    ];
    for (const [host, session, service] of cases) {
      const version = service.updatedAt.toISOString();
      expect(await actAs(host, session, () => updateServiceAction({ id: service.id, version, service: editable(service) }))).toEqual({
        ok: false,
        error: NOT_FOUND,
      });
      expect(await actAs(host, session, () => setServiceActiveAction({ id: service.id, active: false }))).toEqual({
        ok: false,
        error: NOT_FOUND,
      });
      expect(await actAs(host, session, () => moveServiceAction({ id: service.id, direction: 'down', version }))).toEqual({
        ok: false,
        error: NOT_FOUND,
      });
    }
    expect((await serviceOf('comune-demo', 'tari')).updatedAt).toEqual(demoTari.updatedAt);
    expect((await serviceOf('valmora', 'tari')).active).toBe(true);
    expect(await actAs(VALMORA, sessions.get('viewer'), () => setServiceActiveAction({ id: valmoraTari.id, active: false }))).toEqual({
      ok: false,
      error: NOT_ALLOWED,
    });
  });

  it('lists for a scoped operator only the services he manages', async () => {
    const [mensa, trasporto] = [await serviceOf('valmora', 'mensa'), await serviceOf('valmora', 'trasporto-scolastico')];
    const listed = await listManageableServices(db(), enteIds.get('valmora')!, {
      role: 'ente_operator',
      serviceIds: [mensa.id, trasporto.id],
    });
    expect(listed.map((s) => s.code).sort()).toEqual(['mensa', 'trasporto-scolastico']);
  });
});

describe('activating, deactivating and reordering', () => {
  it('deactivates and reactivates once per change, hidden from citizens meanwhile', async () => {
    const trasporto = await serviceOf('valmora', 'trasporto-scolastico');
    for (let i = 0; i < 2; i++)
      expect(await actAs(VALMORA, stefano(), () => setServiceActiveAction({ id: trasporto.id, active: false }))).toMatchObject({
        ok: true,
      });
    expect(await findActiveService(db(), enteIds.get('valmora')!, 'trasporto-scolastico')).toBeUndefined();
    expect(await actAs(VALMORA, stefano(), () => setServiceActiveAction({ id: trasporto.id, active: true }))).toMatchObject({ ok: true });
    expect(await findActiveService(db(), enteIds.get('valmora')!, 'trasporto-scolastico')).toBeDefined();
    expect((await auditOf(trasporto.id)).map((r) => r.action)).toEqual(['servizio_disattivato', 'servizio_attivato']);
  });

  it('moves a service within its category, and refuses a replay, the category edge and a neighbour outside the scope', async () => {
    const enteId = enteIds.get('valmora')!;
    const school = async () =>
      (await listActiveServices(db(), enteId)).filter((s) => s.category === 'Scuola e servizi educativi').map((s) => s.code);
    expect(await school()).toEqual(['mensa', 'trasporto-scolastico', 'centro-estivo']);
    const centro = await serviceOf('valmora', 'centro-estivo');
    const version = centro.updatedAt.toISOString();
    expect(await actAs(VALMORA, sara(), () => moveServiceAction({ id: centro.id, direction: 'up', version }))).toEqual({
      ok: true,
      data: null,
    });
    expect(await school()).toEqual(['mensa', 'centro-estivo', 'trasporto-scolastico']);
    // The same click replayed names a version that moved on: nothing moves twice.
    expect(await actAs(VALMORA, sara(), () => moveServiceAction({ id: centro.id, direction: 'up', version }))).toEqual({
      ok: false,
      error: STALE,
    });
    const mensa = await serviceOf('valmora', 'mensa');
    expect(
      await actAs(VALMORA, sara(), () => moveServiceAction({ id: mensa.id, direction: 'up', version: mensa.updatedAt.toISOString() })),
    ).toMatchObject({
      ok: false,
      error: 'Il servizio è già il primo della sua categoria',
    });
    // Stefano manages mensa but not centro-estivo, its neighbour now.
    expect(
      await actAs(VALMORA, stefano(), () => moveServiceAction({ id: mensa.id, direction: 'down', version: mensa.updatedAt.toISOString() })),
    ).toMatchObject({
      ok: false,
      error: expect.stringContaining('non è tra quelli che gestisci'),
    });
    expect(await school()).toEqual(['mensa', 'centro-estivo', 'trasporto-scolastico']);
    expect((await auditOf(centro.id)).filter((r) => r.action === 'servizio_spostato')).toHaveLength(1);
    // Other categories keep their relative order.
    const all = (await listActiveServices(db(), enteId)).map((s) => s.code);
    expect(all.indexOf('tari')).toBeLessThan(all.indexOf('canone-unico'));
  });
});

describe('choosing the operators of a service', () => {
  const grantsOf = async (serviceId: string) =>
    (await db().select().from(membershipServices).where(eq(membershipServices.serviceId, serviceId))).map((r) => r.userId);

  it('lets an admin add and remove a limited operator, audited', async () => {
    const tari = await serviceOf('valmora', 'tari');
    expect(await actAs(VALMORA, sara(), () => setServiceManagersAction({ id: tari.id, operatorIds: [stefano().userId!] }))).toEqual({
      ok: true,
      data: null,
    });
    expect(await grantsOf(tari.id)).toEqual([stefano().userId]);
    expect(await actAs(VALMORA, sara(), () => setServiceManagersAction({ id: tari.id, operatorIds: [] }))).toEqual({
      ok: true,
      data: null,
    });
    expect(await grantsOf(tari.id)).toEqual([]);
    const rows = (await auditOf(tari.id)).filter((r) => r.action === 'servizio_operatori');
    expect(rows.map((r) => r.details)).toEqual([
      { before: { operatorIds: [] }, after: { operatorIds: [stefano().userId] } },
      { before: { operatorIds: [stefano().userId] }, after: { operatorIds: [] } },
    ]);
  });

  it("refuses operators, another Ente's people, unlimited operators and taking an operator's last service", async () => {
    const [tari, mensa, trasporto] = [
      await serviceOf('valmora', 'tari'),
      await serviceOf('valmora', 'mensa'),
      await serviceOf('valmora', 'trasporto-scolastico'),
    ];
    expect(await actAs(VALMORA, stefano(), () => setServiceManagersAction({ id: tari.id, operatorIds: [stefano().userId!] }))).toEqual({
      ok: false,
      error: NOT_ALLOWED,
    });
    const strangers = [giulia().userId!, paolo().userId!, sara().userId!, '00000000-0000-0000-0000-000000000000'];
    for (const id of strangers) {
      expect(await actAs(VALMORA, sara(), () => setServiceManagersAction({ id: tari.id, operatorIds: [id] }))).toMatchObject({ ok: false });
    }
    // Giulia manages every service of Comune Demo: narrowing her is the staff section's job.
    const demoTari = await serviceOf('comune-demo', 'tari');
    expect(await actAs(DEMO, paolo(), () => setServiceManagersAction({ id: demoTari.id, operatorIds: [giulia().userId!] }))).toMatchObject({
      ok: false,
    });
    expect(await actAs(VALMORA, sara(), () => setServiceManagersAction({ id: demoTari.id, operatorIds: [] }))).toEqual({
      ok: false,
      error: NOT_FOUND,
    });
    // Stefano keeps mensa when trasporto is taken from him; taking mensa too would lift his limits.
    expect(await actAs(VALMORA, sara(), () => setServiceManagersAction({ id: trasporto.id, operatorIds: [] }))).toMatchObject({ ok: true });
    expect(await actAs(VALMORA, sara(), () => setServiceManagersAction({ id: mensa.id, operatorIds: [] }))).toMatchObject({
      ok: false,
      error: expect.stringContaining('senza limiti'),
    });
    expect(await grantsOf(mensa.id)).toEqual([stefano().userId]);
    expect(await grantsOf(demoTari.id)).toEqual([]);
    const tooMany = Array.from({ length: 501 }, () => stefano().userId!);
    expect(await actAs(VALMORA, sara(), () => setServiceManagersAction({ id: tari.id, operatorIds: tooMany }))).toMatchObject({
      ok: false,
      fieldErrors: { operatorIds: expect.any(String) },
    });
  });
});
