import { and, eq, like } from 'drizzle-orm';
import { auditLog, enti, memberships, supportAttachments, supportRequests, users } from '@/db/schema';
import { closeSupportRequest, reopenSupportRequest, assignSupport, setSupportRequestStatus } from '@/lib/support/actions';
import { MAX_ATTACHMENT_BYTES } from '@/lib/support/attachments';
import { findSupportThread, listSupportRequests } from '@/lib/support/queries';
import { GET as limitsRoute, POST as openRoute } from '@/app/ente/[slug]/admin/(area)/assistenza/invio/route';
import { POST as enteReplyRoute } from '@/app/ente/[slug]/admin/(area)/assistenza/[id]/risposta/route';
import { GET as enteAttachmentRoute } from '@/app/ente/[slug]/admin/(area)/assistenza/[id]/allegati/[allegato]/route';
import { POST as citAnswerRoute } from '@/app/provincia/cit/(area)/assistenza/[id]/risposta/route';
import { GET as citAttachmentRoute } from '@/app/provincia/cit/(area)/assistenza/[id]/allegati/[allegato]/route';
import { withTestDatabase } from '../support/test-db';
import { requestHeaders } from '../support/staff-request';

/*
 * The helpdesk through its real entry points (the multipart route handlers, the downloads and the server
 * actions), with the real guards, session decoding and database: only next/headers is injected.
 */
const current: { headers: Headers } = { headers: new Headers() };
jest.mock('next/headers', () => ({
  headers: async () => current.headers,
  cookies: async () => ({ get: () => undefined, set: () => undefined }),
}));

const { testDb } = withTestDatabase();
const db = () => testDb().handle.db;
const SARA = 'BNTSRA79S43B157V'; // valmora admin
const PAOLO = 'FRRPLA70H21B157M'; // comune-demo admin
const MARCO = 'ZNRMRC82P05B157W'; // CIT operator
const CITIZEN = 'RSSMRA80A01B157X';
const VIEWER = 'VWRVLM80A01B157Q';
const BASE = 'localhost:3000';

beforeAll(async () => {
  (globalThis as { __portaleDatabase?: unknown }).__portaleDatabase = Promise.resolve(testDb().handle);
  // The seed has no viewer: one for Valmora, to show that viewers may ask for help too.
  const [valmora] = await db().select({ id: enti.id }).from(enti).where(eq(enti.slug, 'valmora'));
  const [viewer] = await db().insert(users).values({ fullName: 'Vera Lettrice', fiscalCode: VIEWER }).returning({ id: users.id });
  await db().insert(memberships).values({ userId: viewer!.id, enteId: valmora!.id, role: 'ente_viewer' });
});
afterAll(() => {
  (globalThis as { __portaleDatabase?: unknown }).__portaleDatabase = undefined;
});

const hostOf = (slug: string | null) => (slug ? `${slug}.${BASE}` : BASE);

async function userIdOf(fiscalCode: string): Promise<string | undefined> {
  const [user] = await db().select({ id: users.id }).from(users).where(eq(users.fiscalCode, fiscalCode));
  return user?.id;
}

/** The next request comes from `fiscalCode` (or nobody) on the site of `slug` (null: the provincial site). */
async function as(slug: string | null, fiscalCode: string | null, path = '/admin/assistenza') {
  const session = fiscalCode ? { userId: await userIdOf(fiscalCode), fiscalCode } : undefined;
  current.headers = await requestHeaders(hostOf(slug), session, path);
}

const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n');
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

function form(fields: Record<string, string>, files: { name: string; bytes: Uint8Array }[] = []): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  for (const file of files) data.append('allegati', new File([new Uint8Array(file.bytes)], file.name));
  return data;
}

/** A browser's multipart post from the page of the same host (Origin and Host agree, as Next passes them). */
function post(host: string, path: string, body: FormData, origin: string | null = `http://${host}`): Request {
  const headers = new Headers({ host, 'x-forwarded-for': '203.0.113.45' });
  if (origin) headers.set('origin', origin);
  return new Request(`http://${host}${path}`, { method: 'POST', headers, body });
}

const get = new Request('http://localhost/');
const enteParams = <T extends Record<string, string>>(p: T) => ({ params: Promise.resolve(p) });

async function openAs(slug: string, fields: Record<string, string>, files: { name: string; bytes: Uint8Array }[] = []) {
  await as(slug, SARA);
  return openRoute(post(hostOf(slug), '/admin/assistenza/invio', form(fields, files)), enteParams({ slug }));
}

const VALID = { categoria: 'pagamenti', oggetto: 'Ricevuta che non arriva', testo: 'Il pagamento di ieri non ha la ricevuta.' };

describe('a support request, from the Ente to the CIT and back', () => {
  let requestId: string;

  it('is opened by the Ente with its attachment, numbered, and audited', async () => {
    const response = await openAs('valmora', VALID, [{ name: 'schermata.png', bytes: PNG }]);
    expect(response.status).toBe(201);
    const body = (await response.json()) as { id: string; number: number };
    requestId = body.id;
    const [stored] = await db().select().from(supportRequests).where(eq(supportRequests.id, requestId));
    expect(stored).toMatchObject({ status: 'aperta', category: 'pagamenti', subject: 'Ricevuta che non arriva', number: body.number });
    const files = await db().select().from(supportAttachments).where(eq(supportAttachments.requestId, requestId));
    expect(files).toEqual([expect.objectContaining({ filename: 'schermata.png', mime: 'image/png', size: PNG.length })]);
    const audited = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'assistenza_aperta'), eq(auditLog.targetId, requestId)));
    expect(audited).toHaveLength(1);
  });

  it('is listed for the CIT, assigned, answered with an attachment, and then waits for the Ente', async () => {
    const marco = (await userIdOf(MARCO))!;
    const listed = await listSupportRequests(db(), { kind: 'cit' }, { assegnate: 'nessuno' });
    expect(listed.lines.map((l) => l.id)).toContain(requestId);

    await as(null, MARCO, '/cit/assistenza');
    expect(await assignSupport({ id: requestId, assegnatario: marco })).toEqual({ ok: true, data: 'ok' });
    const mine = await listSupportRequests(db(), { kind: 'cit' }, { assegnate: 'mie', me: marco });
    expect(mine.lines.map((l) => l.id)).toEqual([requestId]);
    expect(await assignSupport({ id: requestId, assegnatario: (await userIdOf(SARA))! })).toMatchObject({ ok: false });
    expect(await setSupportRequestStatus({ id: requestId, stato: 'in_lavorazione' })).toEqual({ ok: true, data: 'ok' });

    const answer = await citAnswerRoute(
      post(
        BASE,
        `/cit/assistenza/${requestId}/risposta`,
        form({ testo: 'Ricevuta arrivata ora: controlli.' }, [{ name: 'esito.pdf', bytes: PDF }]),
      ),
      enteParams({ id: requestId }),
    );
    expect(answer.status).toBe(201);
    const [stored] = await db().select().from(supportRequests).where(eq(supportRequests.id, requestId));
    expect(stored!.status).toBe('in_attesa_ente');
  });

  it('shows the Ente the answer, and its download; a reply puts it back in the queue', async () => {
    const [valmora] = await db().select({ id: enti.id }).from(enti).where(eq(enti.slug, 'valmora'));
    const thread = await findSupportThread(db(), { kind: 'ente', enteId: valmora!.id }, requestId);
    expect(thread!.messages.map((m) => [m.fromCit, m.body])).toEqual([
      [false, VALID.testo],
      [true, 'Ricevuta arrivata ora: controlli.'],
    ]);
    const pdf = thread!.messages[1]!.attachments[0]!;
    await as('valmora', SARA);
    const download = await enteAttachmentRoute(get, enteParams({ slug: 'valmora', id: requestId, allegato: pdf.id }));
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="esito.pdf"/);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF);

    const reply = await enteReplyRoute(
      post(hostOf('valmora'), `/admin/assistenza/${requestId}/risposta`, form({ testo: 'Grazie, tutto a posto.' })),
      enteParams({ slug: 'valmora', id: requestId }),
    );
    expect(reply.status).toBe(201);
    const [stored] = await db().select().from(supportRequests).where(eq(supportRequests.id, requestId));
    expect(stored!.status).toBe('aperta');
  });

  it('is closed and reopened by the Ente; a closed request takes no reply until reopened', async () => {
    await as('valmora', SARA);
    expect(await closeSupportRequest({ id: requestId })).toEqual({ ok: true, data: 'ok' });
    const [closed] = await db().select().from(supportRequests).where(eq(supportRequests.id, requestId));
    expect(closed).toMatchObject({ status: 'chiusa', closedAt: expect.any(Date) });
    const refused = await enteReplyRoute(
      post(hostOf('valmora'), `/admin/assistenza/${requestId}/risposta`, form({ testo: 'Ancora io' })),
      enteParams({ slug: 'valmora', id: requestId }),
    );
    expect(refused.status).toBe(409);
    expect(await reopenSupportRequest({ id: requestId })).toEqual({ ok: true, data: 'ok' });
    const [reopened] = await db().select().from(supportRequests).where(eq(supportRequests.id, requestId));
    expect(reopened).toMatchObject({ status: 'aperta', closedAt: null });
    expect(await reopenSupportRequest({ id: requestId })).toEqual({ ok: true, data: 'unchanged' });
    const changes = await db()
      .select({ details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'assistenza_stato'), eq(auditLog.targetId, requestId)));
    expect(changes.map((c) => `${String(c.details!.from)}>${String(c.details!.to)}`)).toEqual([
      'aperta>in_lavorazione',
      'aperta>chiusa',
      'chiusa>aperta',
    ]);
  });

  it('is opened by an Ente still in activation: the helpdesk is there before the portal serves citizens', async () => {
    await db().update(enti).set({ adhesionStatus: 'in_attivazione' }).where(eq(enti.slug, 'valmora'));
    try {
      expect((await openAs('valmora', { ...VALID, oggetto: 'Come configuro il catalogo?' })).status).toBe(201);
    } finally {
      await db().update(enti).set({ adhesionStatus: 'attivo' }).where(eq(enti.slug, 'valmora'));
    }
  });

  it('is opened by a viewer too: asking for help changes no payment data', async () => {
    await as('valmora', VIEWER);
    const response = await openRoute(post(hostOf('valmora'), '/admin/assistenza/invio', form(VALID)), enteParams({ slug: 'valmora' }));
    expect(response.status).toBe(201);
  });

  describe('is out of reach of every other Ente and role', () => {
    let attachmentId: string;
    beforeAll(async () => {
      const [file] = await db().select().from(supportAttachments).where(eq(supportAttachments.requestId, requestId));
      attachmentId = file!.id;
    });

    it("answers another Ente's staff on their own site as if it did not exist", async () => {
      const [demo] = await db().select({ id: enti.id }).from(enti).where(eq(enti.slug, 'comune-demo'));
      expect(await findSupportThread(db(), { kind: 'ente', enteId: demo!.id }, requestId)).toBeUndefined();
      await as('comune-demo', PAOLO);
      const reply = await enteReplyRoute(
        post(hostOf('comune-demo'), `/admin/assistenza/${requestId}/risposta`, form({ testo: 'Intruso' })),
        enteParams({ slug: 'comune-demo', id: requestId }),
      );
      expect(reply.status).toBe(404);
      const download = await enteAttachmentRoute(get, enteParams({ slug: 'comune-demo', id: requestId, allegato: attachmentId }));
      expect(download.status).toBe(404);
      expect(await closeSupportRequest({ id: requestId })).toEqual({ ok: false, error: 'Richiesta di assistenza non trovata' });
      const listed = await listSupportRequests(db(), { kind: 'ente', enteId: demo!.id }, {});
      expect(listed.lines.map((l) => l.id)).not.toContain(requestId);
    });

    it("refuses another Ente's staff and citizens on this Ente's site, and audits it", async () => {
      for (const who of [PAOLO, CITIZEN]) {
        await as('valmora', who);
        const download = await enteAttachmentRoute(get, enteParams({ slug: 'valmora', id: requestId, allegato: attachmentId }));
        expect(download.status).toBe(403);
        const reply = await enteReplyRoute(
          post(hostOf('valmora'), `/admin/assistenza/${requestId}/risposta`, form({ testo: 'Intruso' })),
          enteParams({ slug: 'valmora', id: requestId }),
        );
        expect(reply.status).toBe(403);
      }
      const refusals = await db()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'accesso_negato'), like(auditLog.targetId, 'GET /admin/assistenza%')));
      expect(refusals.length).toBeGreaterThanOrEqual(4);
    });

    it('answers a GET of the upload endpoint with its limits, behind the same guard', async () => {
      await as('valmora', SARA);
      const limits = await limitsRoute(get, enteParams({ slug: 'valmora' }));
      expect(await limits.json()).toMatchObject({ field: 'allegati', maxFiles: 3, maxFileBytes: MAX_ATTACHMENT_BYTES });
      await as('valmora', PAOLO);
      expect((await limitsRoute(get, enteParams({ slug: 'valmora' }))).status).toBe(403);
    });

    it("keeps the CIT's downloads and answers for CIT staff, and sends the anonymous to the login", async () => {
      await as(null, MARCO, '/cit/assistenza');
      expect((await citAttachmentRoute(get, enteParams({ id: requestId, allegato: attachmentId }))).status).toBe(200);
      await as(null, SARA, '/cit/assistenza');
      expect((await citAttachmentRoute(get, enteParams({ id: requestId, allegato: attachmentId }))).status).toBe(403);
      const answer = await citAnswerRoute(
        post(BASE, `/cit/assistenza/${requestId}/risposta`, form({ testo: 'Finto CIT' })),
        enteParams({ id: requestId }),
      );
      expect(answer.status).toBe(403);
      await as(null, null, '/cit/assistenza');
      await expect(citAttachmentRoute(get, enteParams({ id: requestId, allegato: attachmentId }))).rejects.toThrow('NEXT_REDIRECT');
      // The CIT's routes answer only on the provincial site.
      await as('valmora', MARCO, '/cit/assistenza');
      expect((await citAttachmentRoute(get, enteParams({ id: requestId, allegato: attachmentId }))).status).toBe(404);
    });
  });
});

describe('the attachments and the form', () => {
  const errorsOf = async (response: Response) => ((await response.json()) as { errors: Record<string, string> }).errors;

  it('refuses more than 3 files, a file over 5 MB, and a file whose bytes are not PDF, PNG, JPEG or text', async () => {
    const four = await openAs(
      'valmora',
      VALID,
      [1, 2, 3, 4].map((n) => ({ name: `f${n}.pdf`, bytes: PDF })),
    );
    expect(four.status).toBe(400);
    expect((await errorsOf(four)).allegati).toBe('Puoi allegare al massimo 3 file per messaggio.');

    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    big.set(PDF);
    const tooBig = await openAs('valmora', VALID, [{ name: 'grande.pdf', bytes: big }]);
    expect(tooBig.status).toBe(400);
    expect((await errorsOf(tooBig)).allegati).toMatch(/supera i 5 MB/);

    const exe = await openAs('valmora', VALID, [{ name: 'fattura.pdf', bytes: new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0]) }]);
    expect(exe.status).toBe(400);
    expect((await errorsOf(exe)).allegati).toMatch(/non è un PDF/);

    const binaryCsv = await openAs('valmora', VALID, [{ name: 'dati.csv', bytes: new Uint8Array([0x61, 0x00, 0x62]) }]);
    expect(binaryCsv.status).toBe(400);

    const accepted = await openAs('valmora', VALID, [
      { name: 'dati.csv', bytes: new TextEncoder().encode('a;b\n1;2\n') },
      { name: 'log.txt', bytes: new TextEncoder().encode('errore 500 alle 10:02') },
      { name: 'foto.jpg', bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]) },
    ]);
    expect(accepted.status).toBe(201);
    const { id } = (await accepted.json()) as { id: string };
    const stored = await db()
      .select({ mime: supportAttachments.mime })
      .from(supportAttachments)
      .where(eq(supportAttachments.requestId, id));
    expect(stored.map((s) => s.mime).sort()).toEqual(['image/jpeg', 'text/csv', 'text/plain']);
  });

  it('stops reading a body over the cap (413) and refuses posts from another origin or without fields', async () => {
    await as('valmora', SARA);
    const huge = new Uint8Array(16 * 1024 * 1024);
    huge.set(PDF);
    const tooLarge = await openRoute(
      post(hostOf('valmora'), '/admin/assistenza/invio', form(VALID, [{ name: 'enorme.pdf', bytes: huge }])),
      enteParams({ slug: 'valmora' }),
    );
    expect(tooLarge.status).toBe(413);

    for (const origin of [null, `http://${hostOf('comune-demo')}`, 'https://evil.example']) {
      const refused = await openRoute(
        post(hostOf('valmora'), '/admin/assistenza/invio', form(VALID), origin),
        enteParams({ slug: 'valmora' }),
      );
      expect(refused.status).toBe(403);
    }
    const empty = await openAs('valmora', { categoria: 'nessuna', oggetto: '', testo: '' });
    expect(empty.status).toBe(400);
    expect(Object.keys(await errorsOf(empty)).sort()).toEqual(['categoria', 'oggetto', 'testo']);
  });
});
