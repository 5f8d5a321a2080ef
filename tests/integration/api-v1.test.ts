import { createHash } from 'node:crypto';
import Ajv2020 from 'ajv/dist/2020';
import { and, eq } from 'drizzle-orm';
import { apiKeys, conservazioneExports, jobs, positions, receipts, services, type Ente } from '@/db/schema';
import { handleApiRequest, type ApiContext } from '@/lib/api/http';
import { authenticateApiKey, createApiKey, revokeApiKey } from '@/lib/api/keys';
import { API_SCOPES, type ApiScope } from '@/lib/api/scopes';
import { buildOpenApiDocument } from '@/lib/api/openapi';
import { deletePosition, getPosition, positionNoticePdf, putPosition } from '@/lib/api/position-endpoints';
import { preservationExportZip } from '@/lib/api/preservation-endpoints';
import { listReceipts, receiptPdf } from '@/lib/api/receipt-endpoints';
import { verifyLink } from '@/lib/documents/links';
import { renderNotice } from '@/lib/documents/pool/notice-pool';
import { renderReceiptPdf } from '@/lib/documents/receipt-pdf';
import { recordReceipt } from '@/lib/payments/record-receipt';
import { withTestDatabase } from '../support/test-db';
import { enteBySlug, receiptFor } from '../support/payments';

// The renderers (the avvisi threads, and the receipt's @react-pdf, ESM-only, which this jest setup does not load) are
// replaced by recorders (the PDFs themselves are drawn in the browser tests). What they are asked to draw is checked.
jest.mock('@/lib/documents/pool/notice-pool', () => ({
  renderNotice: jest.fn(async (data: unknown) => Buffer.from(`%PDF-avviso ${JSON.stringify(data)}`)),
}));
jest.mock('@/lib/documents/receipt-pdf', () => ({
  renderReceiptPdf: jest.fn(async (data: unknown) => Buffer.from(`%PDF-ricevuta ${JSON.stringify(data)}`)),
}));

/*
 * /api/v1 through its real handlers and a real key, on a seeded database. Every answer is checked
 * against openapi.json (the generated document), and the test fails if a documented operation was
 * never exercised.
 */

const { db } = withTestDatabase();
let demo: Ente;
let valmora: Ente;
let demoKey: string;
let valmoraKey: string;

beforeAll(async () => {
  demo = await enteBySlug(db(), 'comune-demo');
  valmora = await enteBySlug(db(), 'valmora');
  demoKey = (await createApiKey(db(), { enteId: demo.id, label: 'Gestionale tributi', scopes: API_SCOPES, createdBy: null })).key;
  valmoraKey = (await createApiKey(db(), { enteId: valmora.id, label: 'Mensa', scopes: API_SCOPES, createdBy: null })).key;
});

// ---- the document and its checker ----

type Schema = Record<string, unknown>;
const documentOf = () =>
  buildOpenApiDocument('https://comune-demo.pagamenti.test/api/v1') as {
    paths: Record<string, Record<string, Schema>>;
    components: { schemas: Record<string, Schema> };
  };
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
const exercised = new Set<string>();

/** The operation of the document a request path and method belong to. */
const OPERATIONS: { pattern: RegExp; path: string }[] = [
  { pattern: /^\/positions\/[^/]+\/avviso\.pdf$/, path: '/positions/{externalId}/avviso.pdf' },
  { pattern: /^\/positions\/[^/]+$/, path: '/positions/{externalId}' },
  { pattern: /^\/receipts$/, path: '/receipts' },
  { pattern: /^\/receipts\/[^/]+\/ricevuta\.pdf$/, path: '/receipts/{id}/ricevuta.pdf' },
  { pattern: /^\/preservation\/exports\/[^/]+$/, path: '/preservation/exports/{day}' },
];

/** Fails unless the response's status, content type and body are what the document says for it. */
async function expectDocumented(method: string, path: string, response: Response): Promise<unknown> {
  const operationPath = OPERATIONS.find((o) => o.pattern.test(path))!.path;
  const operation = documentOf().paths[operationPath]![method.toLowerCase()] as {
    responses: Record<string, { content: Record<string, { schema: Schema }> }>;
  };
  const documented = operation.responses[String(response.status)];
  expect([method, path, response.status, documented ? 'documented' : 'undocumented']).toEqual([
    method,
    path,
    response.status,
    'documented',
  ]);
  exercised.add(`${method.toLowerCase()} ${operationPath}`);
  const contentType = response.headers.get('content-type')!.split(';')[0]!;
  const media = documented!.content[contentType];
  expect([contentType, media ? 'documented' : 'undocumented']).toEqual([contentType, 'documented']);
  if (contentType === 'application/zip') {
    expect(
      Buffer.from(await response.clone().arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    return null;
  }
  if (contentType === 'application/pdf') {
    expect(
      Buffer.from(await response.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    return null;
  }
  const body: unknown = await response.json();
  const name = String(media!.schema.$ref).split('/').pop()!;
  const validate = ajv.compile(documentOf().components.schemas[name]!);
  if (!validate(body)) throw new Error(`${method} ${path} ${response.status}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`);
  return body;
}

// ---- a tiny router, mapping paths to the handlers the route files use ----

interface Call {
  key?: string | null;
  ente?: Ente;
  body?: BodyInit;
  contentType?: string;
  headers?: Record<string, string>;
}

function dispatch(method: string, path: string): (request: Request, context: ApiContext) => Promise<Response> {
  const [, resource, id, document] = path.split('?')[0]!.split('/');
  const decoded = id === undefined ? '' : decodeURIComponent(id);
  if (resource === 'positions' && document === 'avviso.pdf') return (r, c) => positionNoticePdf(r, c, decoded);
  if (resource === 'positions') {
    const handlers = { GET: getPosition, PUT: putPosition, DELETE: deletePosition } as const;
    const handler = handlers[method as keyof typeof handlers];
    return (r, c) => handler(r, c, decoded);
  }
  if (resource === 'receipts' && document === 'ricevuta.pdf') return (r, c) => receiptPdf(r, c, decoded);
  if (resource === 'preservation') return (r, c) => preservationExportZip(r, c, decodeURIComponent(document ?? ''));
  return listReceipts;
}

function send(method: string, path: string, call: Call = {}): Promise<Response> {
  const key = call.key === undefined ? demoKey : call.key;
  const headers: Record<string, string> = { ...(key ? { authorization: `Bearer ${key}` } : {}), ...call.headers };
  if (call.body !== undefined) headers['content-type'] = call.contentType ?? 'application/json';
  const request = new Request(`https://comune-demo.pagamenti.test/api/v1${path}`, {
    method,
    headers,
    body: call.body,
    duplex: 'half',
  } as RequestInit);
  // Each resource is the scope it requires (lib/api/scopes.ts), as the route files declare it.
  const scope = path.split('?')[0]!.split('/')[1] as ApiScope;
  return handleApiRequest(request, { db: db(), ente: call.ente ?? demo, now: new Date() }, scope, (context) =>
    dispatch(method, path)(request, context),
  );
}

async function api(method: string, path: string, call: Call = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await send(method, path, call);
  const status = response.status;
  return { status, body: (await expectDocumented(method, path.split('?')[0]!, response)) as Record<string, unknown> };
}

function positionBody(overrides: Record<string, unknown> = {}) {
  return {
    serviceCode: 'tari',
    amountCents: 15_000,
    causale: 'TARI 2027 - prima rata',
    dueDate: '2027-06-30',
    debtor: { type: 'F', fiscalCode: 'RCCMNL83S18D969H', name: 'Emanuele Rocca', email: 'emanuele@example.it' },
    ...overrides,
  };
}

const put = (externalId: string, body: unknown, call: Call = {}) =>
  api('PUT', `/positions/${externalId}`, { ...call, body: JSON.stringify(body) });

async function positionRow(externalId: string, ente = demo) {
  const [row] = await db()
    .select()
    .from(positions)
    .where(and(eq(positions.enteId, ente.id), eq(positions.externalId, externalId)));
  return row;
}

async function pay(externalId: string, receiptId: string) {
  const row = (await positionRow(externalId))!;
  await recordReceipt(db(), demo, 'sandbox', receiptFor(demo, row, receiptId));
}

// ---- keys ----

describe('API keys', () => {
  it('opens the API to a live key of the Host’s Ente and records its use', async () => {
    const { id, key, prefix } = await createApiKey(db(), { enteId: demo.id, label: 'Ciclo di vita', createdBy: null });
    expect(key.startsWith(prefix)).toBe(true);
    const [stored] = await db().select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(stored!.keyHash).not.toContain(key.slice(3));
    expect(stored!.lastUsedAt).toBeNull();
    expect((await send('GET', '/positions/NESSUNA', { key })).status).toBe(404);
    const [used] = await db().select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(used!.lastUsedAt).not.toBeNull();

    expect(await revokeApiKey(db(), valmora.id, id)).toBe(false);
    expect(await revokeApiKey(db(), demo.id, id)).toBe(true);
    expect(await revokeApiKey(db(), demo.id, id)).toBe(false);
    const refused = await send('GET', '/positions/NESSUNA', { key });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);
    await expectDocumented('GET', '/positions/NESSUNA', refused);
  });

  it('refuses a missing, malformed or unknown key, and another Ente’s key on this host', async () => {
    for (const call of [
      { key: null },
      { key: 'pk_sbagliata' },
      { key: `pk_${'a'.repeat(300)}` },
      { key: valmoraKey },
      { key: demoKey, ente: valmora },
    ]) {
      const response = await send('GET', '/positions/NESSUNA', call);
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
    const basic = await send('GET', '/positions/NESSUNA', { key: null, headers: { authorization: `Basic ${demoKey}` } });
    expect(basic.status).toBe(401);
    expect(await authenticateApiKey(db(), valmora.id, valmoraKey, new Date())).not.toBeNull();
  });

  it('limits each key and says when to retry', async () => {
    const { key } = await createApiKey(db(), { enteId: demo.id, label: 'Frettolosa', createdBy: null });
    const rule = { name: 'api-test', limit: 2, windowSeconds: 60 };
    const call = () => {
      const request = new Request('https://comune-demo.pagamenti.test/api/v1/receipts', { headers: { authorization: `Bearer ${key}` } });
      return handleApiRequest(
        request,
        { db: db(), ente: demo, now: new Date() },
        'receipts',
        (context) => listReceipts(request, context),
        rule,
      );
    };
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(200);
    const limited = await call();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    await expectDocumented('GET', '/receipts', limited);
    // Another key of the same Ente has its own counter.
    expect((await send('GET', '/receipts')).status).toBe(200);
  });
});

// ---- positions ----

describe('PUT /positions/{externalId}', () => {
  it('creates (201), then answers a replay with 200 and the same notice', async () => {
    const first = await put('TARI-2027-1', positionBody());
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ externalId: 'TARI-2027-1', status: 'valid', amountCents: 15_000, dueDate: '2027-06-30' });
    const avviso = new URL((first.body.links as { avviso: string }).avviso);
    expect([avviso.hostname.split('.')[0], avviso.pathname]).toEqual(['comune-demo', `/avvisi/${String(first.body.noticeNumber)}`]);
    expect(verifyLink('notice', demo.id, String(first.body.noticeNumber), avviso.searchParams.get('t'))).toBe(true);
    expect(verifyLink('notice', valmora.id, String(first.body.noticeNumber), avviso.searchParams.get('t'))).toBe(false);
    const again = await put('TARI-2027-1', positionBody());
    expect(again.status).toBe(200);
    expect(again.body.noticeNumber).toBe(first.body.noticeNumber);
    const registrations = await db()
      .select()
      .from(jobs)
      .where(eq(jobs.singletonKey, (await positionRow('TARI-2027-1'))!.id));
    expect(registrations).toHaveLength(1);
  });

  it('updates a still-payable position in place', async () => {
    const created = await put('TARI-2027-2', positionBody());
    const updated = await put('TARI-2027-2', positionBody({ amountCents: 17_500, causale: 'TARI 2027 - rata unica', dueDate: undefined }));
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ noticeNumber: created.body.noticeNumber, amountCents: 17_500, dueDate: null });
    expect((await positionRow('TARI-2027-2'))!.causale).toBe('TARI 2027 - rata unica');
  });

  it('creates one position under concurrent identical requests', async () => {
    const answers = await Promise.all([1, 2, 3, 4].map(() => put('CONCORRENTE-1', positionBody())));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.noticeNumber)).size).toBe(1);
    const rows = await db()
      .select()
      .from(positions)
      .where(and(eq(positions.enteId, demo.id), eq(positions.externalId, 'CONCORRENTE-1')));
    expect(rows).toHaveLength(1);
  });

  it('cancels with amount 0, idempotently, and refuses to revive a cancelled one', async () => {
    await put('TARI-2027-3', positionBody());
    const cancelled = await put('TARI-2027-3', positionBody({ amountCents: 0 }));
    expect([cancelled.status, cancelled.body.status]).toEqual([200, 'cancelled']);
    expect((await put('TARI-2027-3', positionBody({ amountCents: 0 }))).status).toBe(200);
    const revived = await put('TARI-2027-3', positionBody({ amountCents: 9_000 }));
    expect([revived.status, revived.body.positionStatus]).toEqual([409, 'cancelled']);
    expect((await put('MAI-VISTA', positionBody({ amountCents: 0 }))).status).toBe(404);
  });

  it('refuses to change or cancel a paid position, and answers a replay of it', async () => {
    await put('TARI-2027-4', positionBody());
    await pay('TARI-2027-4', 'R-API-PAID-1');
    expect((await put('TARI-2027-4', positionBody())).status).toBe(200);
    const changed = await put('TARI-2027-4', positionBody({ amountCents: 100 }));
    expect([changed.status, changed.body.positionStatus]).toEqual([409, 'paid']);
    expect((await put('TARI-2027-4', positionBody({ amountCents: 0 }))).status).toBe(409);
    expect((await api('DELETE', '/positions/TARI-2027-4')).status).toBe(409);
    expect((await positionRow('TARI-2027-4'))!.status).toBe('paid');
  });

  it('checks the body against the catalogue: unknown or inactive service, amount outside the rule', async () => {
    const unknown = await put('CAT-1', positionBody({ serviceCode: 'non-esiste' }));
    expect([unknown.status, unknown.body.errors]).toEqual([400, [{ field: 'serviceCode', message: 'Servizio sconosciuto' }]]);
    const tooMuch = await put('CAT-2', positionBody({ amountCents: 600_000 }));
    expect((tooMuch.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['amountCents']);
    const notFixed = await put('CAT-3', positionBody({ serviceCode: 'carta-identita', amountCents: 2_000 }));
    expect(notFixed.status).toBe(400);
    expect((await put('CAT-4', positionBody({ serviceCode: 'carta-identita', amountCents: 2_221 }))).status).toBe(201);
    expect(await positionRow('CAT-1')).toBeUndefined();
  });

  it('accepts a whole number of units within the rule of a per-unit service', async () => {
    const [mensa] = await db()
      .select()
      .from(services)
      .where(and(eq(services.enteId, demo.id), eq(services.code, 'mensa')));
    const rule = mensa!.amountRule as { kind: 'unit'; unitCents: number; maxQuantity: number };
    const meals = (n: number, id: string) => put(id, positionBody({ serviceCode: 'mensa', amountCents: rule.unitCents * n }));
    expect((await meals(3, 'MENSA-1')).status).toBe(201);
    expect((await meals(rule.maxQuantity + 1, 'MENSA-2')).status).toBe(400);
    expect((await put('MENSA-3', positionBody({ serviceCode: 'mensa', amountCents: rule.unitCents * 2 + 1 }))).status).toBe(400);
  });

  it('brings an expired position back when its due date moves forward', async () => {
    await put('SCADUTA-1', positionBody({ dueDate: '2027-01-31' }));
    await db()
      .update(positions)
      .set({ status: 'expired' })
      .where(and(eq(positions.enteId, demo.id), eq(positions.externalId, 'SCADUTA-1')));
    const moved = await put('SCADUTA-1', positionBody({ dueDate: '2099-12-31' }));
    expect([moved.status, moved.body.status, moved.body.dueDate]).toEqual([200, 'valid', '2099-12-31']);
  });

  it('answers a replay after the service was switched off, and refuses a change to it', async () => {
    const body = positionBody({ serviceCode: 'lampade-votive', amountCents: 3_600 });
    expect((await put('LAMPADA-1', body)).status).toBe(201);
    const lampade = and(eq(services.enteId, demo.id), eq(services.code, 'lampade-votive'));
    await db().update(services).set({ active: false }).where(lampade);
    try {
      expect((await put('LAMPADA-1', body)).status).toBe(200);
      const changed = await put('LAMPADA-1', { ...body, amountCents: 1_800 });
      expect([changed.status, changed.body.errors]).toEqual([400, [{ field: 'serviceCode', message: 'Servizio non attivo' }]]);
      expect((await put('LAMPADA-2', body)).status).toBe(400);
    } finally {
      await db().update(services).set({ active: true }).where(lampade);
    }
  });

  it.each([
    ['a wrong check character', { debtor: { type: 'F', fiscalCode: 'RCCMNL83S18D969X', name: 'Emanuele Rocca' } }, 'debtor.fiscalCode'],
    ['a company with a person’s code', { debtor: { type: 'G', fiscalCode: 'RCCMNL83S18D969H', name: 'Rocca srl' } }, 'debtor.fiscalCode'],
    ['a NUL byte in the causale', { causale: 'TARI\u0000' }, 'causale'],
    ['an array where a string goes', { causale: ['TARI'] }, 'causale'],
    ['a string amount', { amountCents: '150' }, 'amountCents'],
    ['a fractional amount', { amountCents: 150.5 }, 'amountCents'],
    ['a negative amount', { amountCents: -1 }, 'amountCents'],
    ['a date that does not exist', { dueDate: '2027-02-30' }, 'dueDate'],
    ['a long causale', { causale: 'x'.repeat(141) }, 'causale'],
    ['an unknown field', { enteId: 'altro' }, 'enteId'],
    [
      'an unknown debtor field',
      { debtor: { type: 'F', fiscalCode: 'RCCMNL83S18D969H', name: 'Emanuele Rocca', ruolo: 'admin' } },
      'debtor.ruolo',
    ],
  ])('refuses %s with the field named', async (_label, overrides, field) => {
    const response = await put('INVALIDA-1', positionBody(overrides));
    expect(response.status).toBe(400);
    expect((response.body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
    expect(await positionRow('INVALIDA-1')).toBeUndefined();
  });

  it('refuses a bad external id, a body that is not JSON, too large, or not declared JSON', async () => {
    expect((await put(encodeURIComponent('con spazio'), positionBody())).status).toBe(400);
    expect((await put('x'.repeat(65), positionBody())).status).toBe(400);
    expect((await api('PUT', '/positions/RAW-1', { body: '{"serviceCode":' })).status).toBe(400);
    expect((await api('PUT', '/positions/RAW-1', { body: JSON.stringify(positionBody()), contentType: 'text/plain' })).status).toBe(415);
    const huge = JSON.stringify(positionBody({ causale: 'x'.repeat(1_000_000) }));
    expect((await api('PUT', '/positions/RAW-1', { body: huge })).status).toBe(413);
    expect((await api('PUT', '/positions/RAW-1', { body: JSON.stringify([positionBody()]) })).status).toBe(400);
    expect((await api('PUT', '/positions/RAW-1', { body: 'null' })).status).toBe(400);
  });

  it('keeps each Ente’s external ids apart', async () => {
    await put('CONDIVISO-1', positionBody());
    const other = await put('CONDIVISO-1', positionBody({ serviceCode: 'mensa', amountCents: 0 }), { key: valmoraKey, ente: valmora });
    expect(other.status).toBe(404);
    expect((await api('GET', '/positions/CONDIVISO-1', { key: valmoraKey, ente: valmora })).status).toBe(404);
    expect((await api('DELETE', '/positions/CONDIVISO-1', { key: valmoraKey, ente: valmora })).status).toBe(404);
    expect((await positionRow('CONDIVISO-1'))!.status).toBe('valid');
  });
});

describe('PUT /positions/{externalId} with an instalment plan', () => {
  const rate = [
    { amountCents: 5_000, dueDate: '2027-06-30' },
    { amountCents: 5_000, dueDate: '2027-09-30' },
    { amountCents: 5_500, dueDate: '2027-12-31' },
  ];

  it('creates the single payment and its instalments, each with its own notice, and answers a replay unchanged', async () => {
    const created = await put('PIANO-1', positionBody({ rate }));
    expect(created.status).toBe(201);
    const instalments = created.body.rate as { noticeNumber: string; amountCents: number; dueDate: string; status: string }[];
    expect(instalments.map((r) => [r.amountCents, r.dueDate, r.status])).toEqual(rate.map((r) => [r.amountCents, r.dueDate, 'valid']));
    expect(new Set([created.body.noticeNumber, ...instalments.map((r) => r.noticeNumber)]).size).toBe(4);
    const replay = await put('PIANO-1', positionBody({ rate }));
    expect(replay).toEqual({ status: 200, body: { ...created.body, links: { avviso: expect.any(String) } } });
    // Each of the four is registered with the partner.
    const single = (await positionRow('PIANO-1'))!;
    const queued = await db().select().from(jobs).where(eq(jobs.queue, 'positions.register'));
    const plan = await db().select().from(positions).where(eq(positions.planId, single.planId!));
    expect(plan).toHaveLength(4);
    for (const member of plan) expect(queued.some((job) => (job.payload as { positionId: string }).positionId === member.id)).toBe(true);
    // The avviso of the plan lists every option.
    expect((await api('GET', '/positions/PIANO-1/avviso.pdf')).status).toBe(200);
    expect(jest.mocked(renderNotice).mock.lastCall![0]).toMatchObject({
      single: { noticeNumber: created.body.noticeNumber, amountCents: 15_000 },
      instalments: instalments.map((r) => ({ noticeNumber: r.noticeNumber, amountCents: r.amountCents, dueDate: r.dueDate })),
    });
  });

  it('refuses to change a plan or turn a position into one, and cancels the whole plan with amount 0', async () => {
    await put('PIANO-2', positionBody({ rate }));
    expect((await put('PIANO-2', positionBody({ rate: rate.slice(0, 2) }))).status).toBe(409);
    expect((await put('PIANO-2', positionBody())).status).toBe(409);
    await put('SENZA-PIANO', positionBody());
    expect((await put('SENZA-PIANO', positionBody({ rate }))).status).toBe(409);
    const cancelled = await put('PIANO-2', positionBody({ amountCents: 0, rate }));
    expect(cancelled.status).toBe(200);
    expect((cancelled.body.rate as { status: string }[]).map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
  });

  it('shows the plan settled after an instalment is paid', async () => {
    const created = await put('PIANO-3', positionBody({ rate }));
    const first = (created.body.rate as { noticeNumber: string }[])[0]!;
    const [row] = await db().select().from(positions).where(eq(positions.noticeNumber, first.noticeNumber));
    await recordReceipt(db(), demo, 'sandbox', receiptFor(demo, row!, 'PIANO-3-RATA-1'));
    const read = await api('GET', '/positions/PIANO-3');
    expect([read.body.status, ...(read.body.rate as { status: string }[]).map((r) => r.status)]).toEqual([
      'cancelled',
      'paid',
      'valid',
      'valid',
    ]);
  });

  it.each([
    [{ rate: [{ amountCents: 5_000, dueDate: '2027-06-30' }] }, 'rate'],
    [
      {
        rate: [
          { amountCents: 0, dueDate: '2027-06-30' },
          { amountCents: 1, dueDate: '2027-07-30' },
        ],
      },
      'rate.0.amountCents',
    ],
    [
      {
        rate: [
          { amountCents: 1, dueDate: '2027-02-30' },
          { amountCents: 1, dueDate: '2027-07-30' },
        ],
      },
      'rate.0.dueDate',
    ],
    [
      {
        rate: [
          { amountCents: 1, dueDate: '2027-06-30', extra: 1 },
          { amountCents: 1, dueDate: '2027-07-30' },
        ],
      },
      'rate.0.extra',
    ],
    [{ rate: 'due rate' }, 'rate'],
    [{ rate: Array.from({ length: 100 }, () => ({ amountCents: 1, dueDate: '2027-06-30' })) }, 'rate'],
  ])('refuses a bad plan (case %#)', async (overrides, field) => {
    const answer = await put('PIANO-ERRATO', positionBody(overrides));
    expect(answer.status).toBe(400);
    expect((answer.body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
    expect(await positionRow('PIANO-ERRATO')).toBeUndefined();
  });
});

describe('GET and DELETE /positions/{externalId}', () => {
  it('reads, prints and cancels a position', async () => {
    const created = await put('LETTURA-1', positionBody());
    const read = await api('GET', '/positions/LETTURA-1');
    expect(read).toEqual({ status: 200, body: { ...created.body, links: { avviso: expect.any(String) } } });
    expect((await api('GET', '/positions/LETTURA-1/avviso.pdf')).status).toBe(200);
    expect(jest.mocked(renderNotice).mock.lastCall![0]).toMatchObject({
      noticeNumber: created.body.noticeNumber,
      amountCents: 15_000,
      subject: 'TARI 2027 - prima rata',
      debtor: { fiscalCode: 'RCCMNL83S18D969H', fullName: 'Emanuele Rocca' },
      ente: { name: demo.name, fiscalCode: demo.fiscalCode },
    });
    const cancelled = await api('DELETE', '/positions/LETTURA-1');
    expect([cancelled.status, cancelled.body.status]).toEqual([200, 'cancelled']);
    expect((await api('DELETE', '/positions/LETTURA-1')).status).toBe(200);
    expect((await positionRow('LETTURA-1'))!.cancelReason).toMatch(/sistema dell'Ente/);
  });

  it('answers 404 for unknown ids and 400 for malformed ones', async () => {
    expect((await api('GET', '/positions/SCONOSCIUTA')).status).toBe(404);
    expect((await api('GET', '/positions/SCONOSCIUTA/avviso.pdf')).status).toBe(404);
    expect((await api('DELETE', '/positions/SCONOSCIUTA')).status).toBe(404);
    expect((await api('GET', `/positions/${encodeURIComponent('a/b')}`)).status).toBe(400);
    expect((await api('GET', `/positions/${encodeURIComponent('ä')}/avviso.pdf`)).status).toBe(400);
    expect((await api('DELETE', `/positions/${encodeURIComponent('<x>')}`)).status).toBe(400);
  });
});

// ---- receipts ----

describe('GET /receipts', () => {
  it('pages through receipts in a stable order, from a given time', async () => {
    const start = new Date(Date.now() - 1000).toISOString();
    for (const n of [1, 2, 3]) {
      await put(`FEED-${n}`, positionBody());
      await pay(`FEED-${n}`, `R-API-FEED-${n}`);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: Record<string, unknown> } = await api(
        'GET',
        `/receipts?since=${encodeURIComponent(start)}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      const items = page.body.items as { receiptId: string; externalId: string; serviceCode: string }[];
      expect(items.length).toBeLessThanOrEqual(2);
      seen.push(...items.map((i) => i.receiptId));
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    expect(seen.filter((id) => id.startsWith('R-API-FEED-'))).toEqual(['R-API-FEED-1', 'R-API-FEED-2', 'R-API-FEED-3']);
    const later = await api('GET', `/receipts?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    expect(later.body).toEqual({ items: [], nextCursor: null });
  });

  it('gives each receipt its PSP, note and transfers, and never its original document', async () => {
    const page = await api('GET', '/receipts?limit=500');
    const item = (page.body.items as Record<string, unknown>[]).find((i) => i.receiptId === 'R-API-FEED-2')!;
    const [stored] = await db().select().from(receipts).where(eq(receipts.receiptId, 'R-API-FEED-2'));
    expect(item).toMatchObject({
      pspFiscalCode: stored!.pspFiscalCode,
      pspVatNumber: stored!.pspVatNumber,
      paymentMethod: stored!.paymentMethod,
      paymentNote: stored!.paymentNote,
      // A receipt that paid its position; a flagged one says why it paid nothing.
      anomaly: null,
      transfers: stored!.transfers.map((t) => ({
        idTransfer: t.idTransfer,
        amountCents: t.amountCents,
        fiscalCodePA: t.fiscalCodePA,
        iban: t.iban ?? null,
        stamp: false,
        remittanceInformation: t.remittanceInformation,
        category: t.transferCategory,
      })),
    });
    expect((item.transfers as unknown[]).length).toBeGreaterThan(0);
    expect(JSON.stringify(item)).not.toMatch(/original/i);
  });

  it('shows another Ente none of this Ente’s receipts', async () => {
    const page = await api('GET', '/receipts?limit=500', { key: valmoraKey, ente: valmora });
    expect((page.body.items as { receiptId: string }[]).filter((i) => i.receiptId.startsWith('R-API-'))).toEqual([]);
  });

  it('refuses bad query parameters', async () => {
    for (const query of ['limit=501', 'limit=0', 'limit=abc', 'since=ieri', 'since=2027-01-01', 'cursor=-1', 'cursor=1e3']) {
      const page = await api('GET', `/receipts?${query}`);
      expect([query, page.status]).toEqual([query, 400]);
    }
  });

  it('serves a receipt’s PDF by its id, only to its own Ente', async () => {
    const page = await api('GET', '/receipts?limit=500');
    const item = (page.body.items as { id: string; receiptId: string; links: { ricevuta: string } }[]).find(
      (i) => i.receiptId === 'R-API-FEED-1',
    )!;
    const link = new URL(item.links.ricevuta);
    expect(link.pathname).toBe(`/ricevute/${item.id}`);
    expect(verifyLink('receipt', demo.id, item.id, link.searchParams.get('t'))).toBe(true);
    expect((await api('GET', `/receipts/${item.id}/ricevuta.pdf`)).status).toBe(200);
    expect(jest.mocked(renderReceiptPdf).mock.lastCall![0]).toMatchObject({
      receipt: { id: item.id, receiptId: 'R-API-FEED-1' },
      serviceTitle: expect.stringMatching(/TARI|rifiuti/i),
      ente: { name: demo.name },
    });
    expect((await api('GET', `/receipts/${item.id}/ricevuta.pdf`, { key: valmoraKey, ente: valmora })).status).toBe(404);
    expect((await api('GET', '/receipts/non-un-uuid/ricevuta.pdf')).status).toBe(400);
  });
});

// ---- conservazione ----

describe('the day’s SInCRO ZIP', () => {
  const zipOf = (text: string) => Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.from(text)]);
  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest();
  const stored = async (ente: Ente, day: string, text: string, createdAt: Date) => {
    const zip = zipOf(text);
    await db()
      .insert(conservazioneExports)
      .values({
        enteId: ente.id,
        day,
        fileName: `conservazione-${ente.slug}-${day}.zip`,
        sha256: sha256(zip).toString('hex'),
        sizeBytes: zip.length,
        receipts: 1,
        skipped: [],
        zip,
        createdAt,
      });
    return zip;
  };

  it('serves the newest export of the day, byte for byte, with its recorded SHA-256; only to its own Ente', async () => {
    await stored(demo, '2030-03-14', 'prima esportazione', new Date('2030-03-15T02:00:00Z'));
    const newest = await stored(demo, '2030-03-14', 'dopo una riprova', new Date('2030-03-16T02:00:00Z'));
    await stored(valmora, '2030-03-15', 'di Valmora', new Date('2030-03-16T02:00:00Z'));

    const response = await send('GET', '/preservation/exports/2030-03-14');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="conservazione-comune-demo-2030-03-14.zip"');
    expect(response.headers.get('repr-digest')).toBe(`sha-256=:${sha256(newest).toString('base64')}:`);
    expect(Buffer.from(await response.clone().arrayBuffer()).equals(newest)).toBe(true);
    await expectDocumented('GET', '/preservation/exports/2030-03-14', response);

    // Valmora's day on the demo's host, the demo's day with Valmora's key, a day without receipts.
    expect((await api('GET', '/preservation/exports/2030-03-15')).status).toBe(404);
    expect((await send('GET', '/preservation/exports/2030-03-14', { key: valmoraKey })).status).toBe(401);
    expect((await api('GET', '/preservation/exports/2030-03-14', { key: valmoraKey, ente: valmora })).status).toBe(404);
    expect((await send('GET', '/preservation/exports/2030-03-14', { key: null })).status).toBe(401);
  });

  it('needs a key with the preservation scope, and such a key reads nothing else', async () => {
    const usual = (await createApiKey(db(), { enteId: demo.id, label: 'Gestionale tributi 2', createdBy: null })).key;
    const refused = await send('GET', '/preservation/exports/2030-03-14', { key: usual });
    expect(refused.status).toBe(403);
    expect((await expectDocumented('GET', '/preservation/exports/2030-03-14', refused)) as { detail: string }).toMatchObject({
      detail: expect.stringContaining('«preservation»'),
    });
    const archive = (await createApiKey(db(), { enteId: demo.id, label: 'Conservatore', scopes: ['preservation'], createdBy: null })).key;
    expect((await send('GET', '/preservation/exports/2030-03-14', { key: archive })).status).toBe(200);
    for (const path of ['/positions/NESSUNA', '/positions/NESSUNA/avviso.pdf', '/receipts'])
      expect([path, (await api('GET', path, { key: archive })).status]).toEqual([path, 403]);
    expect((await api('PUT', '/positions/DA-ARCHIVIO', { key: archive, body: JSON.stringify(positionBody()) })).status).toBe(403);
    expect(await positionRow('DA-ARCHIVIO')).toBeUndefined();
  });

  it('refuses what is not a day', async () => {
    for (const day of ['2030-02-30', '14-03-2030', "2030-03-14' or 1=1 --", '2030-03-14\u0000', 'x'.repeat(5000)]) {
      const { status, body } = await api('GET', `/preservation/exports/${encodeURIComponent(day)}`);
      expect([day, status]).toEqual([day, 400]);
      expect(body.errors).toEqual([expect.objectContaining({ field: 'day' })]);
    }
  });
});

// ---- the document ----

describe('openapi.json', () => {
  it('is OpenAPI 3.1 with the bearer scheme, and every documented operation was exercised above', () => {
    const document = documentOf() as unknown as {
      openapi: string;
      components: { securitySchemes: Schema };
      paths: Record<string, Record<string, unknown>>;
    };
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.securitySchemes).toEqual({ bearerAuth: expect.objectContaining({ type: 'http', scheme: 'bearer' }) });
    for (const schema of Object.values(documentOf().components.schemas)) expect(() => ajv.compile(schema)).not.toThrow();
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((method) => method !== 'parameters')
        .map((method) => `${method} ${path}`),
    );
    expect(operations.filter((op) => !exercised.has(op))).toEqual([]);
  });
});
