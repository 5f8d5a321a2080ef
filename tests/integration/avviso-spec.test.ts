import { eq } from 'drizzle-orm';
import { PNG } from 'pngjs';
import { enti, positions, type Ente, type Position } from '@/db/schema';
import { closeNoticePool } from '@/lib/documents/pool/notice-pool';
import { renderPositionNotice } from '@/lib/documents/position-documents';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import { posteCodeline } from '@/lib/pagopa/poste-codeline';
import { qrPayload } from '@/lib/pagopa/qr';
import { recordReceipt } from '@/lib/payments/record-receipt';
import { createPlan, loadPlan, type NewPlan } from '@/lib/positions/plans';
import { enteProfileInput } from '@/lib/settings/schemas';
import { withTestDatabase } from '../support/test-db';
import { enteBySlug, newPosition, receiptFor } from '../support/payments';
import { decodePageCodes, pdfPages, pdfPlainText } from '../support/pdf-codes';

// Rasterising at 300 dpi and reading the codes takes seconds, more on a loaded machine.
jest.setTimeout(300_000);

const { db } = withTestDatabase();

// The real avviso, rendered by the PDF threads as in production.
afterAll(() => closeNoticePool());

let demo: Ente;
let valmora: Ente;

beforeAll(async () => {
  demo = await enteBySlug(db(), 'comune-demo');
  valmora = await enteBySlug(db(), 'valmora');
});

function planInput(ente: Ente, instalments: number[]): NewPlan {
  return {
    channel: 'staff',
    service: null,
    debtor: { type: 'F', fiscalCode: 'RCCMNL83S18D969H', fullName: 'Emanuele Rocca', email: 'emanuele@example.it' },
    causale: 'TARI 2027',
    amountCents: 30_000,
    dueDate: '2027-03-31',
    taxonomyCode: '9/0101101IM/',
    iban: ente.iban!,
    formData: {},
    instalments: instalments.map((amountCents, i) => ({ amountCents, dueDate: `2027-0${i + 4}-30` })),
  };
}

async function reload(id: string): Promise<Position> {
  const [row] = await db().select().from(positions).where(eq(positions.id, id));
  return row!;
}

/** The avviso's text as pdftotext reads it, with the same whitespace the specification's sentences have. */
async function avvisoText(ente: Ente, position: Position): Promise<string> {
  return pdfPlainText(await renderPositionNotice(db(), ente, position));
}

// The texts of pagoPA's specification, written out here on their own rather than imported: a change to them must
// be a change to this test too.
const DOVE_PAGARE = [
  "PAGA CON L'APP IO",
  'oppure sul sito di Comune di Demo, dal tuo Home Banking, con la tua app di pagamento o con gli altri canali abilitati.',
  'PAGA SUL TERRITORIO',
  'presso Banche e Sportelli ATM, negli Uffici Postali e Punti Postali, nei Bar, Edicole, Ricevitorie, Supermercati, Tabaccherie e altri Operatori Abilitati.',
];
const AMOUNT_UPDATE =
  'In fase di pagamento, se previsto dall’ente, l’importo potrebbe essere aggiornato automaticamente e subire variazioni in diminuzione (per sgravi, note di credito) o in aumento (per sanzioni, interessi, ecc.).';

describe('avviso texts', () => {
  it('prints the mandatory «Dove pagare» and amount texts verbatim, no instalment sentence and no Poste block for a single payment', async () => {
    const position = await newPosition(db(), demo, 15_000);
    await db().update(positions).set({ debtorAddress: 'Via Roma 1, 25100 Brescia (BS)' }).where(eq(positions.id, position.id));
    const logo = new PNG({ width: 8, height: 8 });
    logo.data.fill(200);
    await db()
      .update(enti)
      .set({ sector: 'Tributi locali', logoData: PNG.sync.write(logo), logoMime: 'image/png' })
      .where(eq(enti.id, demo.id));
    const pdf = await renderPositionNotice(db(), await enteBySlug(db(), 'comune-demo'), await reload(position.id));
    await db().update(enti).set({ sector: demo.sector, logoData: null, logoMime: null }).where(eq(enti.id, demo.id));
    const text = pdfPlainText(pdf);
    for (const sentence of [...DOVE_PAGARE, AMOUNT_UPDATE]) expect(text).toContain(sentence);
    expect(text).toContain('Via Roma 1, 25100 Brescia (BS)');
    expect(text).toContain('Tributi locali');
    // The Ente's logo is embedded as an image (with its alpha mask); the codes are vector paths, never images.
    expect(pdf.toString('latin1')).toMatch(/\/Subtype \/Image/);
    expect(text).toContain(formatNoticeNumber(position.noticeNumber));
    expect(text).not.toMatch(/Puoi pagare/);
    expect(text).not.toContain('BOLLETTINO POSTALE PA');
  });

  it('decodes the single payment QR code to the pagoPA payload', async () => {
    const position = await newPosition(db(), demo, 1);
    const pdf = await renderPositionNotice(db(), demo, position);
    expect(pdf.toString('latin1')).not.toMatch(/\/Subtype \/Image/);
    const pages = pdfPages(pdf);
    expect(pages).toHaveLength(1);
    expect(decodePageCodes(pages[0]!)).toEqual({ qr: [qrPayload(position.noticeNumber, demo.fiscalCode, 1)], dataMatrix: [] });
  });
});

describe('instalment plans on the avviso', () => {
  it('prints the single payment and every instalment, each with its notice number, amount and a QR code that decodes to it', async () => {
    const plan = await createPlan(db(), demo, planInput(demo, [10_001, 10_002, 10_003]));
    expect(plan.map((p) => [p.installment, p.amountCents])).toEqual([
      [0, 30_000],
      [1, 10_001],
      [2, 10_002],
      [3, 10_003],
    ]);
    // The avviso of any position of the plan is the whole plan.
    const pdf = await renderPositionNotice(db(), demo, plan[2]!);
    const text = pdfPlainText(pdf);
    expect(text).toContain('Puoi pagare per intero oppure in 3 rate');
    for (const [i, member] of plan.entries()) {
      expect(text).toContain(formatNoticeNumber(member.noticeNumber));
      if (i > 0) expect(text).toContain(`RATA ${i}`);
    }
    for (const amount of ['300,00', '100,01', '100,02', '100,03']) expect(text).toContain(amount);
    const decoded = pdfPages(pdf).flatMap((page) => decodePageCodes(page).qr);
    expect(decoded.sort()).toEqual(plan.map((p) => qrPayload(p.noticeNumber, demo.fiscalCode, p.amountCents)).sort());
  });

  it('refuses a plan of fewer than two instalments or with a bad amount', async () => {
    await expect(createPlan(db(), demo, planInput(demo, [30_000]))).rejects.toThrow(RangeError);
    await expect(createPlan(db(), demo, planInput(demo, [100, 0]))).rejects.toThrow(RangeError);
    await expect(createPlan(db(), demo, planInput(demo, [100, 1.5]))).rejects.toThrow(RangeError);
  });
});

describe('plan settlement', () => {
  it('paying the single payment cancels the instalments', async () => {
    const plan = await createPlan(db(), demo, planInput(demo, [15_000, 15_000]));
    expect((await recordReceipt(db(), demo, 'sandbox', receiptFor(demo, plan[0]!, 'PIANO-UNICA'))).kind).toBe('receipt_created');
    const after = await loadPlan(db(), demo.id, plan[0]!.planId!);
    expect(after.map((p) => p.status)).toEqual(['paid', 'cancelled', 'cancelled']);
    expect(after[1]!.cancelReason).toMatch(/unica soluzione/);
    // A receipt for a cancelled instalment is an anomaly, never a second payment.
    expect(await recordReceipt(db(), demo, 'sandbox', receiptFor(demo, plan[1]!, 'PIANO-RATA-TARDIVA'))).toEqual({
      kind: 'anomaly',
      anomaly: 'not_payable',
      receiptRowId: expect.any(String),
    });
  });

  it('paying an instalment cancels the single payment and leaves the other instalments payable; the avviso then offers only the rate', async () => {
    const plan = await createPlan(db(), demo, planInput(demo, [10_000, 10_000, 10_000]));
    expect((await recordReceipt(db(), demo, 'sandbox', receiptFor(demo, plan[1]!, 'PIANO-RATA-1'))).kind).toBe('receipt_created');
    const after = await loadPlan(db(), demo.id, plan[0]!.planId!);
    expect(after.map((p) => p.status)).toEqual(['cancelled', 'paid', 'valid', 'valid']);
    const text = await avvisoText(demo, after[2]!);
    expect(text).toContain('Puoi pagare in 2 rate');
    expect(text).not.toContain('RATA UNICA');
    expect(text).not.toContain(formatNoticeNumber(plan[0]!.noticeNumber));
  });

  it('concurrent receipts for the single payment and an instalment: exactly one option is paid, the other is an anomaly', async () => {
    const plan = await createPlan(db(), demo, planInput(demo, [15_000, 15_000]));
    const outcomes = await Promise.all([
      recordReceipt(db(), demo, 'sandbox', receiptFor(demo, plan[0]!, 'PIANO-CORSA-UNICA')),
      recordReceipt(db(), demo, 'sandbox', receiptFor(demo, plan[1]!, 'PIANO-CORSA-RATA')),
    ]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['anomaly', 'receipt_created']);
    const statuses = (await loadPlan(db(), demo.id, plan[0]!.planId!)).map((p) => p.status);
    expect([
      ['paid', 'cancelled', 'cancelled'],
      ['cancelled', 'paid', 'valid'],
    ]).toContainEqual(statuses);
  });

  it('a position outside any plan is untouched by settlement', async () => {
    const position = await newPosition(db(), demo, 4_200);
    expect((await recordReceipt(db(), demo, 'sandbox', receiptFor(demo, position, 'FUORI-PIANO'))).kind).toBe('receipt_created');
    expect((await reload(position.id)).status).toBe('paid');
  });

  it('another Ente reads nothing of a plan, and its avviso of a foreign position prints no foreign instalment', async () => {
    const plan = await createPlan(db(), demo, planInput(demo, [15_000, 15_000]));
    expect(await loadPlan(db(), valmora.id, plan[0]!.planId!)).toEqual([]);
    // Even handed another Ente's row, the plan is looked up within the Ente asking.
    const text = await avvisoText(valmora, plan[0]!);
    expect(text).not.toContain(formatNoticeNumber(plan[1]!.noticeNumber));
    expect(text).not.toMatch(/Puoi pagare/);
  });
});

describe('Bollettino Postale PA', () => {
  afterEach(async () => {
    await db()
      .update(enti)
      .set({ postalAccountNumber: null, postalAccountHolder: null, postalAuthorization: null })
      .where(eq(enti.id, demo.id));
  });

  it('prints the Poste block with a Data Matrix that decodes to the codeline, for the single payment and each instalment', async () => {
    await db()
      .update(enti)
      .set({
        postalAccountNumber: '1234567',
        postalAccountHolder: 'Comune di Demo - Tesoreria',
        postalAuthorization: 'AUT. DB/SSIC/E 1234 DEL 01/01/2027',
      })
      .where(eq(enti.id, demo.id));
    const withPostal = await enteBySlug(db(), 'comune-demo');
    const plan = await createPlan(db(), withPostal, { ...planInput(withPostal, [15_000, 15_001]), causale: 'TARI 2027 - Àrea è' });
    const pdf = await renderPositionNotice(db(), withPostal, plan[0]!);
    const text = pdfPlainText(pdf);
    expect(text).toContain('BOLLETTINO POSTALE PA');
    expect(text).toContain('1234567');
    expect(text).toContain('Comune di Demo - Tesoreria');
    expect(text).toContain('AUT. DB/SSIC/E 1234 DEL 01/01/2027');
    const codes = pdfPages(pdf).map((page) => decodePageCodes(page));
    const expected = plan.map((p) =>
      posteCodeline({
        noticeNumber: p.noticeNumber,
        postalAccountNumber: '1234567',
        amountCents: p.amountCents,
        creditorFiscalCode: withPostal.fiscalCode,
        debtorFiscalCode: 'RCCMNL83S18D969H',
        debtorName: 'Emanuele Rocca',
        subject: 'TARI 2027 - Àrea è',
      }),
    );
    expect(codes.flatMap((c) => c.dataMatrix).sort()).toEqual(expected.sort());
    expect(codes.flatMap((c) => c.qr)).toHaveLength(3);
  });
});

describe('posteCodeline', () => {
  const input = {
    noticeNumber: '301202700000000148',
    postalAccountNumber: '1234567',
    amountCents: 15_000,
    creditorFiscalCode: '01199250158',
    debtorFiscalCode: 'rccmnl83s18d969h',
    debtorName: 'Niccolò Dell’Àcqua',
    subject: 'x'.repeat(200),
  };

  it('lays the fields out at fixed widths, 256 characters in all, in plain ASCII', () => {
    const line = posteCodeline(input);
    expect(line).toHaveLength(256);
    expect(line.startsWith('codfase=NBPA;18301202700000000148120000012345671000000150003896' + '1P101199250158RCCMNL83S18D969H')).toBe(
      true,
    );
    expect(line).toContain('Niccolo Dell Acqua'.padEnd(40, ' '));
    expect(line.endsWith(`${'x'.repeat(110)}${' '.repeat(12)}A`)).toBe(true);
    expect(line).toMatch(/^[\x20-\x7e]+$/);
  });

  it('leaves the debtor blank when unknown and refuses malformed codes', () => {
    expect(posteCodeline({ ...input, debtorFiscalCode: null, debtorName: null }).slice(77, 133)).toBe(' '.repeat(56));
    expect(() => posteCodeline({ ...input, postalAccountNumber: '1234567890123' })).toThrow(RangeError);
    expect(() => posteCodeline({ ...input, noticeNumber: '12' })).toThrow(RangeError);
    expect(() => posteCodeline({ ...input, amountCents: 0 })).toThrow(RangeError);
  });
});

describe('postal fields of the Ente profile', () => {
  const profile = { name: 'Comune di Demo', ipaCode: 'c_demo' };

  it('accepts an account of up to 12 digits with its holder, and clears empty fields', () => {
    const parsed = enteProfileInput.parse({
      ...profile,
      postalAccountNumber: ' 001234567890 ',
      postalAccountHolder: 'Comune di Demo',
      postalAuthorization: '',
    });
    expect(parsed).toMatchObject({ postalAccountNumber: '001234567890', postalAccountHolder: 'Comune di Demo', postalAuthorization: null });
    expect(enteProfileInput.parse({ ...profile, postalAccountNumber: '' }).postalAccountNumber).toBeNull();
  });

  it.each([
    [{ postalAccountNumber: '1234567890123', postalAccountHolder: 'X' }, 'postalAccountNumber'],
    [{ postalAccountNumber: '12345-67', postalAccountHolder: 'X' }, 'postalAccountNumber'],
    [{ postalAccountNumber: ['123'], postalAccountHolder: 'X' }, 'postalAccountNumber'],
    [{ postalAccountNumber: '1234567' }, 'postalAccountHolder'],
    [{ postalAccountNumber: '1234567', postalAccountHolder: 'x'.repeat(51) }, 'postalAccountHolder'],
    [{ postalAccountNumber: '1234567', postalAccountHolder: 'Comune\u0000' }, 'postalAccountHolder'],
    [{ postalAccountNumber: '1234567', postalAccountHolder: 'X', postalAuthorization: 'x'.repeat(61) }, 'postalAuthorization'],
    [{ postalAccountHolder: 'Comune di Demo' }, 'postalAccountNumber'],
  ])('refuses %j on %s', (fields, path) => {
    const result = enteProfileInput.safeParse({ ...profile, ...fields });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });
});
