import { and, eq } from 'drizzle-orm';
import { auditLog, jobs, positionImports, users } from '@/db/schema';
import { unzipSync } from 'fflate';
import { prepareAvvisi } from '@/lib/imports/actions';
import { AVVISI_QUEUE } from '@/lib/imports/avvisi-zip';
import { MAX_IMPORT_REQUEST_BYTES } from '@/lib/imports/csv-format';
import { IMPORT_QUEUE } from '@/lib/imports/job';
import { uploadErrorOf } from '@/lib/imports/upload-schema';
import { POST as postUpload } from '@/app/ente/[slug]/admin/(area)/importazioni/carica/route';
import { GET as getModel } from '@/app/ente/[slug]/admin/(area)/importazioni/modello.csv/route';
import { GET as getZip } from '@/app/ente/[slug]/admin/(area)/importazioni/[id]/avvisi.zip/route';
import { GET as getRejects } from '@/app/ente/[slug]/admin/(area)/importazioni/[id]/scarti.csv/route';
import { GET as getState } from '@/app/ente/[slug]/admin/(area)/importazioni/[id]/stato/route';
import { REQUEST_PATH_HEADER } from '@/lib/tenancy/routing';
import { withTestDatabase } from '../support/test-db';
import { drainJobs, sandboxResolver } from '../support/payments';
import { requestHeaders } from '../support/staff-request';

/*
 * The entry points of the bulk import (the upload route, the JSON progress, the rejects and the
 * template downloads) through the real wrapper, guards and session decoding: only the request is injected.
 */
const current: { headers: Headers } = { headers: new Headers() };
jest.mock('next/headers', () => ({
  headers: async () => current.headers,
  cookies: async () => ({ get: () => undefined, set: () => undefined }),
}));

// A stand-in PDF per notice instead of the PDF threads (avvisi-pool.test.ts and worker-avvisi-zip.test.ts render real ones).
jest.mock('@/lib/documents/pool/notice-pool', () => ({
  renderNotice: async (data: { noticeNumber: string }) => Buffer.from(`%PDF-1.4 avviso ${data.noticeNumber}`),
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

/** A browser's POST of the upload form from a page of `origin` (the Ente's own by default). */
function uploadRequest(slug: string, body: BodyInit, origin: string | null = `http://${slug}.localhost:3000`): Request {
  return new Request(`http://${slug}.localhost:3000/admin/importazioni/carica`, {
    method: 'POST',
    body,
    headers: origin ? { origin } : {},
  });
}

/** Uploads through the route; the import's id when it answered with the redirect to the import's page. */
async function upload(slug: string, body: BodyInit, origin?: string | null): Promise<{ status: number; id?: string; title?: string }> {
  const response = await postUpload(uploadRequest(slug, body, origin), params(slug));
  const id = /^\/admin\/importazioni\/([0-9a-f-]{36})$/.exec(response.headers.get('location') ?? '')?.[1];
  const title = response.status === 303 ? undefined : ((await response.json()) as { title: string }).title;
  return { status: response.status, id, title };
}

describe('the upload route', () => {
  let saraImport: string;

  it('stores the file, queues its import and sends an admin of the Ente of the host to the import’s page', async () => {
    await as('valmora', SARA);
    const result = await upload('valmora', csvForm(`${HEADER}\nU-1;F;${CITIZEN};Mario Rossi;;tari;TARI;100,00;\n`));
    expect(result.status).toBe(303);
    saraImport = result.id!;
    const [stored] = await db().select().from(positionImports).where(eq(positionImports.id, saraImport));
    expect(stored).toMatchObject({ filename: 'posizioni.csv', status: 'queued' });
    expect(
      await db()
        .select()
        .from(jobs)
        .where(and(eq(jobs.queue, IMPORT_QUEUE), eq(jobs.singletonKey, saraImport))),
    ).toHaveLength(1);
  });

  it('refuses staff of another Ente and citizens with a 403 and audits it, and sends anonymous visitors to the login', async () => {
    const before = await db().select().from(positionImports);
    await as('valmora', PAOLO);
    // What the middleware sets for this request: the refusal is audited with it.
    current.headers.set(REQUEST_PATH_HEADER, 'POST /admin/importazioni/carica');
    expect(await upload('valmora', csvForm(`${HEADER}\n`))).toEqual({ status: 403, id: undefined, title: 'Accesso non consentito' });
    const audited = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'accesso_negato'), eq(auditLog.targetId, 'POST /admin/importazioni/carica')));
    expect(audited).toHaveLength(1);
    await as('valmora', CITIZEN);
    expect((await upload('valmora', csvForm(`${HEADER}\n`))).status).toBe(403);
    await as('valmora', null, '/admin/importazioni/carica');
    // Back to the page after signing in: the upload route itself has nothing to show on a GET.
    await expect(postUpload(uploadRequest('valmora', csvForm(`${HEADER}\n`)), params('valmora'))).rejects.toMatchObject({
      digest: expect.stringContaining(`/admin/accedi?ritorno=${encodeURIComponent('/admin/importazioni')};`),
    });
    expect(await db().select().from(positionImports)).toEqual(before);
  });

  it('refuses a form sent from another site or without its origin (CSRF)', async () => {
    await as('valmora', SARA);
    for (const origin of ['http://evil.example', 'http://comune-demo.localhost:3000', null]) {
      expect(await upload('valmora', csvForm(`${HEADER}\n`), origin)).toMatchObject({ status: 403, title: 'Richiesta non consentita' });
    }
  });

  it('refuses what is not a CSV file, an empty one and no file at all, saying what to fix', async () => {
    await as('valmora', SARA);
    expect(await upload('valmora', csvForm('x', 'posizioni.xlsx'))).toEqual({
      status: 400,
      id: undefined,
      title: 'Il file deve essere un CSV (nome che finisce con .csv)',
    });
    expect(await upload('valmora', csvForm(''))).toMatchObject({ status: 400, title: 'Il file è vuoto' });
    expect(await upload('valmora', new FormData())).toMatchObject({ status: 400, title: 'Scegli un file CSV' });
    expect(await upload('valmora', 'file=x')).toMatchObject({ status: 400, title: 'Scegli un file CSV' });
  });

  it('sends a browser posting the form without JavaScript back to the page with a known message code', async () => {
    await as('valmora', SARA);
    const navigation = (body: BodyInit) => {
      const req = uploadRequest('valmora', body);
      req.headers.set('sec-fetch-mode', 'navigate');
      req.headers.set('accept', 'text/html,application/xhtml+xml');
      return postUpload(req, params('valmora'));
    };
    const refused = await navigation(csvForm('x', 'posizioni.xlsx'));
    expect(refused.status).toBe(303);
    expect(refused.headers.get('location')).toBe('/admin/importazioni?errore=file-non-valido');
    expect(uploadErrorOf('file-non-valido')).toMatch(/CSV/);
    // Only known codes become text on the page.
    expect(uploadErrorOf('<script>')).toBeUndefined();
    expect(uploadErrorOf(['troppo-grande'])).toBeUndefined();
    expect(uploadErrorOf('constructor')).toBeUndefined();
  });

  it('answers 413 to a body over the limit, declared or not, without storing anything', async () => {
    await as('valmora', SARA);
    const before = await db().select().from(positionImports);
    const big = csvForm(`${HEADER}\n${'x'.repeat(MAX_IMPORT_REQUEST_BYTES)}`);
    expect(await upload('valmora', big)).toMatchObject({ status: 413, title: 'Il file supera i 20 MB: dividilo in più file' });
    // A chunked body, with no Content-Length: read only until it passes the limit.
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 1024 * 1024;
        controller.enqueue(new Uint8Array(1024 * 1024));
      },
    });
    const chunked = new Request('http://valmora.localhost:3000/admin/importazioni/carica', {
      method: 'POST',
      body: endless,
      headers: { origin: 'http://valmora.localhost:3000', 'content-type': 'multipart/form-data; boundary=x' },
      duplex: 'half',
    } as RequestInit);
    expect((await postUpload(chunked, params('valmora'))).status).toBe(413);
    expect(sent).toBeLessThan(MAX_IMPORT_REQUEST_BYTES + 3 * 1024 * 1024);
    expect(await db().select().from(positionImports)).toEqual(before);
  });

  it('lets a limited operator upload, and shows him only his own imports', async () => {
    await as('valmora', STEFANO);
    const result = await upload('valmora', csvForm(`${HEADER}\n`));
    expect(result.status).toBe(303);
    const own = result.id!;
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

describe('the avvisi ZIP of an import', () => {
  it('is built in the background once asked, with one PDF per new position, and downloaded by staff only', async () => {
    await as('valmora', SARA);
    const file = [HEADER, ...[1, 2, 3].map((n) => `Z-${n};F;${CITIZEN};Mario Rossi;;tari;TARI rata ${n};10${n},00;2027-06-30`)].join('\n');
    const id = (await upload('valmora', csvForm(file))).id!;
    expect(await prepareAvvisi({ importId: id })).toEqual({
      ok: false,
      error: 'Gli avvisi si preparano quando l’importazione è completata',
    });
    await drainJobs(db(), sandboxResolver(db()));

    expect(await prepareAvvisi({ importId: id })).toEqual({ ok: true, data: { queued: true } });
    // A double click queues nothing more.
    expect(await prepareAvvisi({ importId: id })).toEqual({ ok: true, data: { queued: true } });
    expect(
      await db()
        .select()
        .from(jobs)
        .where(and(eq(jobs.queue, AVVISI_QUEUE), eq(jobs.singletonKey, id))),
    ).toHaveLength(1);
    expect(await (await getState(request, params('valmora', id))).json()).toMatchObject({ avvisiStatus: 'queued', avvisiTotal: 3 });
    await drainJobs(db(), sandboxResolver(db()));
    expect(await (await getState(request, params('valmora', id))).json()).toMatchObject({ avvisiStatus: 'done', avvisiDone: 3 });

    const zip = await getZip(request, params('valmora', id));
    expect(zip.headers.get('content-type')).toBe('application/zip');
    const entries = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    expect(Object.keys(entries)).toHaveLength(3);
    for (const pdf of Object.values(entries)) expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');

    await as('comune-demo', PAOLO);
    expect((await getZip(request, params('comune-demo', id))).status).toBe(404);
    expect(await prepareAvvisi({ importId: id })).toEqual({ ok: false, error: 'Importazione non trovata' });
    await as('valmora', STEFANO);
    expect((await getZip(request, params('valmora', id))).status).toBe(404);
    expect(await prepareAvvisi({ importId: id })).toEqual({ ok: false, error: 'Importazione non trovata' });
  }, 120_000);
});
