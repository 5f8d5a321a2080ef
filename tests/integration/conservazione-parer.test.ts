import { eq } from 'drizzle-orm';
import { receipts, type Ente, type Receipt } from '@/db/schema';
import type { VersamentoPackage } from '@/lib/conservazione/conservatore';
import { buildVersamentoPackage } from '@/lib/conservazione/package';
import { multipartBody } from '@/lib/conservazione/parer/multipart';
import { parseEsitoVersamento } from '@/lib/conservazione/parer/response-parser';
import { buildSip } from '@/lib/conservazione/parer/sip-builder';
import { createParerConservatore } from '@/lib/conservazione/parer/versamento-sync';
import type { ParerSettings } from '@/lib/conservazione/parer/settings';
import { partnerHttp } from '@/lib/partners/http';
import { startSacerMock, SACER_PATH, type SacerMock } from '../mocks/sacer';
import { parerSettings, SACER_PASSWORD, SAMPLE_PDF, sampleSettings, SIP_XSD, xmllintValidate } from '../support/conservazione';
import { enteBySlug } from '../support/payments';
import { paidReceipt } from '../support/receipts';
import { withTestDatabase } from '../support/test-db';

/*
 * Contract tests of the SacER VersamentoSync adapter against the SacER mock (tests/mocks/sacer.ts), with
 * receipts recorded through the real receipt path, their original documents kept by the database. The PDF
 * is a fixed buffer: rendering it is lib/documents' business, tested there.
 */

const { db } = withTestDatabase();
let mock: SacerMock;
let valmora: Ente;
let counter = 0;

beforeAll(async () => {
  mock = await startSacerMock();
  valmora = await enteBySlug(db(), 'valmora');
});

afterAll(async () => {
  await mock?.close();
});

afterEach(() => {
  mock.controls.delayMs = 0;
});

async function storedReceipt(format: 'xml' | 'json' = 'xml'): Promise<Receipt> {
  counter++;
  const receiptId = `RT-CONS-${counter}-${Date.now()}`;
  const bytes =
    format === 'xml'
      ? Buffer.from(
          `<?xml version="1.0" encoding="UTF-8"?><paSendRTV2Request><receipt><receiptId>${receiptId}</receiptId></receipt></paSendRTV2Request>`,
        )
      : Buffer.from(JSON.stringify({ receiptId, outcome: 'OK' }));
  const { id } = await paidReceipt(db(), valmora, {
    serviceId: null,
    receiptId,
    paidAt: '2026-07-14T08:30:05Z',
    original: { format, bytes },
  });
  const [row] = await db().select().from(receipts).where(eq(receipts.id, id));
  return row!;
}

async function newPackage(options: { format?: 'xml' | 'json'; registro?: string | null } = {}): Promise<VersamentoPackage> {
  const receipt = await storedReceipt(options.format);
  return buildVersamentoPackage({
    receipt,
    ente: valmora,
    pdf: SAMPLE_PDF,
    settings: sampleSettings(options.registro === undefined ? {} : { registro: options.registro }),
  });
}

const conservatore = (overrides: Partial<ParerSettings> = {}, password = SACER_PASSWORD) =>
  createParerConservatore(parerSettings(mock.url, overrides), { password });

describe('SacER VersamentoSync: accepted', () => {
  it('POSITIVO: preserved with the rapporto di versamento exactly as SacER issued it, its hash and URN', async () => {
    const pkg = await newPackage();
    const outcome = await conservatore().send(pkg);
    const stored = mock.versamenti.get(`RT_PAGOPA-2026-${pkg.key.numero}`)!;
    expect(stored).toBeDefined();
    expect(outcome).toEqual({
      kind: 'preserved',
      rapporto: {
        xml: stored.rapporto,
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        urn: stored.urnRapporto,
        sipUrn: `urn:Comune di Valmora:RICEVUTE_PAGOPA:RT_PAGOPA-2026-${pkg.key.numero}:SIP`,
      },
      warnings: [],
    });
    // SacER got the receipt byte for byte and the PDF, each under its component id, and a SIP our XSD accepts.
    const [row] = await db().select().from(receipts).where(eq(receipts.id, pkg.receiptRowId));
    expect(stored.files.get('rt')!.equals(row!.originalDocument!)).toBe(true);
    expect(stored.files.get('pdf')!.equals(SAMPLE_PDF)).toBe(true);
    expect(xmllintValidate(stored.sip, SIP_XSD).ok).toBe(true);
    const request = mock.controls.requests.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe(SACER_PATH);
  });

  it('WARNING: preserved, with SacER’s warnings', async () => {
    mock.warnNext();
    const outcome = await conservatore().send(await newPackage());
    expect(outcome).toMatchObject({
      kind: 'preserved',
      warnings: [
        { code: 'UD-008-001', message: expect.stringContaining('non sono stati trovati componenti firmati digitalmente') },
        { code: 'MOCK-001', message: 'Avviso ulteriore simulato dal mock' },
      ],
    });
  });

  it('a second send of the same receipt is recognised (UD-002-001) and brings back the original rapporto', async () => {
    const pkg = await newPackage();
    const first = await conservatore().send(pkg);
    const second = await conservatore().send(pkg);
    expect(first.kind).toBe('preserved');
    expect(second).toMatchObject({ kind: 'already_preserved', code: 'UD-002-001' });
    if (first.kind !== 'preserved' || second.kind !== 'already_preserved') throw new Error('esiti inattesi');
    expect(second.rapporto).toEqual(first.rapporto);
  });
});

describe('SacER VersamentoSync: rejected until the cause is fixed', () => {
  it('UD-001-012: wrong password; the password appears in no outcome', async () => {
    const outcome = await conservatore({}, 'password-sbagliata').send(await newPackage());
    expect(outcome).toMatchObject({ kind: 'rejected', code: 'UD-001-012', retryable: false, cause: 'configuration' });
    expect(JSON.stringify(outcome)).not.toContain('password-sbagliata');
    expect(JSON.stringify(outcome)).not.toContain(SACER_PASSWORD);
  });

  it.each([
    ['ambiente', { ambiente: 'PARER_PROD' }, 'UD-001-001'],
    ['ente', { ente: 'Comune di Altrove' }, 'UD-001-002'],
    ['struttura', { struttura: 'ALTRA_STRUTTURA' }, 'UD-001-003'],
    ['tipologia', { tipologiaUnitaDocumentaria: 'FATTURA' }, 'UD-003-001'],
  ] as const)('unknown %s: %s', async (_what, overrides, code) => {
    expect(await conservatore(overrides).send(await newPackage())).toMatchObject({
      kind: 'rejected',
      code,
      retryable: false,
      cause: 'configuration',
    });
  });

  it('UD-003-002: a registro SacER does not have', async () => {
    expect(await conservatore().send(await newPackage({ registro: 'ALTRO_REG' }))).toMatchObject({ kind: 'rejected', code: 'UD-003-002' });
  });

  it('XSD-001-002: a SIP that fails SacER’s structure check (an empty key number)', async () => {
    const pkg = await newPackage();
    const broken = { ...pkg, key: { ...pkg.key, numero: '' } };
    expect(xmllintValidate(buildSip(broken, parerSettings(mock.url), 'RT_PAGOPA'), SIP_XSD).ok).toBe(false);
    expect(await conservatore().send(broken)).toMatchObject({ kind: 'rejected', code: 'XSD-001-002', retryable: false });
  });

  it('HASH-004-001: a component whose bytes do not match the declared SHA-256', async () => {
    const pkg = await newPackage();
    const tampered = { ...pkg, allegato: { ...pkg.allegato, bytes: Buffer.concat([pkg.allegato.bytes, Buffer.from('x')]) } };
    expect(await conservatore().send(tampered)).toMatchObject({
      kind: 'rejected',
      code: 'HASH-004-001',
      retryable: false,
      cause: 'document',
    });
  });

  it('COMP-006-001: a format the struttura does not accept (a JSON receipt)', async () => {
    expect(await conservatore().send(await newPackage({ format: 'json' }))).toMatchObject({ kind: 'rejected', code: 'COMP-006-001' });
  });

  it('WS-CHECK: parts out of order (the mock reads them strictly in order, as SacER does)', async () => {
    const pkg = await newPackage();
    const { body, contentType } = multipartBody([
      { kind: 'field', name: 'LOGINNAME', value: 'ws_portale' },
      { kind: 'field', name: 'VERSIONE', value: '1.5' },
      { kind: 'field', name: 'PASSWORD', value: SACER_PASSWORD },
      { kind: 'field', name: 'XMLSIP', value: buildSip(pkg, parerSettings(mock.url), 'RT_PAGOPA') },
    ]);
    const response = await partnerHttp({
      method: 'POST',
      url: `${mock.url}${SACER_PATH}`,
      headers: { 'content-type': contentType },
      body,
      timeoutMs: 5_000,
    });
    expect(response.status).toBe(200);
    expect(parseEsitoVersamento(response.text())).toMatchObject({ kind: 'rejected', code: 'WS-CHECK' });
  });

  it('a receipt refused for its key is preserved once the cause is fixed', async () => {
    const pkg = await newPackage();
    mock.failKey(pkg.key.numero, {
      code: 'UD-003-004',
      message: `Unità Documentaria: l'anno 2026 non è valido per il tipo registro RT_PAGOPA`,
    });
    expect(await conservatore().send(pkg)).toMatchObject({ kind: 'rejected', code: 'UD-003-004', retryable: false });
    mock.failKey(pkg.key.numero, null);
    expect(await conservatore().send(pkg)).toMatchObject({ kind: 'preserved' });
  });

  it('no registro configured: rejected without calling SacER', async () => {
    const before = mock.controls.requests.length;
    expect(await conservatore().send(await newPackage({ registro: null }))).toMatchObject({
      kind: 'rejected',
      code: 'REGISTRO-NON-CONFIGURATO',
    });
    expect(mock.controls.requests).toHaveLength(before);
  });
});

describe('SacER VersamentoSync: failed, to retry', () => {
  it('666: SacER’s unexpected error is retryable, and the retry goes through', async () => {
    const pkg = await newPackage();
    mock.unexpectedErrorNext();
    expect(await conservatore().send(pkg)).toMatchObject({ kind: 'failed', code: '666', retryable: true });
    expect(await conservatore().send(pkg)).toMatchObject({ kind: 'preserved' });
  });

  it('no answer within the timeout', async () => {
    mock.controls.delayMs = 2_500;
    const started = Date.now();
    const outcome = await conservatore({ timeoutMs: 1_000 }).send(await newPackage());
    expect(outcome).toEqual({ kind: 'failed', code: null, message: 'Nessuna risposta da SacER entro 1000 ms', retryable: true });
    expect(Date.now() - started).toBeLessThan(2_200);
  });

  it('the caller aborts (the job’s own deadline)', async () => {
    mock.controls.delayMs = 1_500;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    expect(await conservatore().send(await newPackage(), controller.signal)).toEqual({
      kind: 'failed',
      code: null,
      message: 'Invio a SacER interrotto',
      retryable: true,
    });
  });

  it('an HTTP error from something in between (SacER always answers 200)', async () => {
    mock.controls.failNext(503);
    expect(await conservatore().send(await newPackage())).toMatchObject({ kind: 'failed', code: null, retryable: true });
  });

  it('SacER unreachable', async () => {
    const outcome = await createParerConservatore(parerSettings('http://127.0.0.1:9'), { password: SACER_PASSWORD }).send(
      await newPackage(),
    );
    expect(outcome).toMatchObject({ kind: 'failed', retryable: true, message: expect.stringContaining('SacER non raggiungibile') });
    expect(JSON.stringify(outcome)).not.toContain(SACER_PASSWORD);
  });
});
