import { and, eq } from 'drizzle-orm';
import { auditLog, jobs, positionImports, users } from '@/db/schema';
import { uploadImport } from '@/lib/imports/actions';
import { IMPORT_QUEUE } from '@/lib/imports/job';
import { GET as getModel } from '@/app/ente/[slug]/admin/(area)/importazioni/modello.csv/route';
import { GET as getRejects } from '@/app/ente/[slug]/admin/(area)/importazioni/[id]/scarti.csv/route';
import { GET as getState } from '@/app/ente/[slug]/admin/(area)/importazioni/[id]/stato/route';
import { withTestDatabase } from '../support/test-db';
import { requestHeaders } from '../support/staff-request';

/*
 * The entry points of the bulk import (the upload action, the JSON progress, the rejects and the
 * template downloads) through the real wrapper, guards and session decoding: only the request is injected.
 */
const current: { headers: Headers } = { headers: new Headers() };
jest.mock('next/headers', () => ({
  headers: async () => current.headers,
  cookies: async () => ({ get: () => undefined, set: () => undefined }),
}));

const { testDb } = withTestDatabase();
const db = () => testDb().handle.db;
const SARA = 'BNTSRA79S43B157V'; // valmora admin
const STEFANO = 'GTTSFN85A30B157O'; // valmora operator, only mensa and trasporto-scolastico
const PAOLO = 'FRRPLA70H21B157M'; // comune-demo admin
const CITIZEN = 'RSSMRA80A01B157X';
const HEADER = 'id_esterno;tipo_debitore;codice_fiscale;nominativo;email;servizio;causale;importo;scadenza';

beforeAll(() => {
  (globalThis as { __portaleDatabase?: unknown }).__portaleDatabase = Promise.resolve(testDb().handle);
});
afterAll(() => {
  (globalThis as { __portaleDatabase?: unknown }).__portaleDatabase = undefined;
});

async function as(slug: string, fiscalCode: string | null, path = '/admin/importazioni') {
  const [user] = fiscalCode ? await db().select({ id: users.id }).from(users).where(eq(users.fiscalCode, fiscalCode)) : [];
  current.headers = await requestHeaders(`${slug}.localhost:3000`, fiscalCode ? { userId: user?.id, fiscalCode } : undefined, path);
}

function csvForm(content: string, name = 'posizioni.csv'): FormData {
  const form = new FormData();
  form.set('file', new File([content], name, { type: 'text/csv' }));
  return form;
}

const params = (slug: string, id = '') => ({ params: Promise.resolve({ slug, id }) });
const request = new Request('http://localhost/');

describe('the upload action', () => {
  let saraImport: string;

  it('stores the file and queues its import for an admin of the Ente of the host', async () => {
    await as('valmora', SARA);
    const result = await uploadImport(csvForm(`${HEADER}\nU-1;F;${CITIZEN};Mario Rossi;;tari;TARI;100,00;\n`));
    expect(result.ok).toBe(true);
    saraImport = result.ok ? result.data.id : '';
    const [stored] = await db().select().from(positionImports).where(eq(positionImports.id, saraImport));
    expect(stored).toMatchObject({ filename: 'posizioni.csv', status: 'queued' });
    expect(
      await db()
        .select()
        .from(jobs)
        .where(and(eq(jobs.queue, IMPORT_QUEUE), eq(jobs.singletonKey, saraImport))),
    ).toHaveLength(1);
  });

  it('refuses staff of another Ente, citizens and anonymous visitors, and audits the refusal', async () => {
    await as('valmora', PAOLO);
    expect(await uploadImport(csvForm(`${HEADER}\n`))).toEqual({ ok: false, error: 'Non hai i permessi per questa operazione.' });
    const audited = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'accesso_negato'), eq(auditLog.targetId, 'azione uploadImport')));
    expect(audited).toHaveLength(1);
    await as('valmora', CITIZEN);
    expect(await uploadImport(csvForm(`${HEADER}\n`))).toMatchObject({ ok: false });
    await as('valmora', null);
    expect(await uploadImport(csvForm(`${HEADER}\n`))).toEqual({ ok: false, error: 'La sessione è scaduta: accedi di nuovo.' });
  });

  it('refuses what is not a CSV file, an empty one and no file at all', async () => {
    await as('valmora', SARA);
    expect(await uploadImport(csvForm('x', 'posizioni.xlsx'))).toMatchObject({
      ok: false,
      fieldErrors: { file: expect.stringContaining('CSV') },
    });
    expect(await uploadImport(csvForm(''))).toMatchObject({ ok: false, fieldErrors: { file: 'Il file è vuoto' } });
    expect(await uploadImport(new FormData())).toMatchObject({ ok: false });
    expect(await uploadImport({ file: 'x'.repeat(100_000) } as never)).toMatchObject({ ok: false });
  });

  it('lets a limited operator upload, and shows him only his own imports', async () => {
    await as('valmora', STEFANO);
    const result = await uploadImport(csvForm(`${HEADER}\n`));
    expect(result.ok).toBe(true);
    const own = result.ok ? result.data.id : '';
    expect((await getState(request, params('valmora', own))).status).toBe(200);
    expect((await getState(request, params('valmora', saraImport))).status).toBe(404);
  });

  it('answers the progress as JSON, and not found for another Ente’s import or a malformed id', async () => {
    await as('valmora', SARA);
    const state = await getState(request, params('valmora', saraImport));
    expect(state.status).toBe(200);
    expect(await state.json()).toMatchObject({ status: 'queued', processedRows: 0, rejected: 0 });

    await as('comune-demo', PAOLO);
    expect((await getState(request, params('comune-demo', saraImport))).status).toBe(404);
    expect((await getRejects(request, params('comune-demo', saraImport))).status).toBe(404);
    expect((await getState(request, params('comune-demo', 'not-a-uuid'))).status).toBe(404);
    expect((await getState(request, params('comune-demo', '../../etc'))).status).toBe(404);
  });

  it('refuses the downloads to staff of another Ente with a 403 in Italian, and sends anonymous visitors to the login', async () => {
    await as('valmora', PAOLO);
    const refused = await getRejects(request, params('valmora', saraImport));
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Accesso non consentito');
    expect((await getModel(request, params('valmora'))).status).toBe(403);
    await as('valmora', null, '/admin/importazioni/modello.csv');
    await expect(getModel(request, params('valmora'))).rejects.toMatchObject({ digest: expect.stringContaining('NEXT_REDIRECT') });
  });

  it('gives the rejects file and the template to staff', async () => {
    await as('valmora', SARA);
    const rejects = await getRejects(request, params('valmora', saraImport));
    expect(rejects.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(Buffer.from(await rejects.arrayBuffer()).toString('utf8')).toBe('\ufeffriga;colonna;valore;motivo\r\n');
    const model = await getModel(request, params('valmora'));
    expect((await model.text()).split('\r\n')[0]).toBe(HEADER);
  });
});
