import { and, eq } from 'drizzle-orm';
import { positions, receipts } from '@/db/schema';
import type { PortalSession } from '@/lib/auth/session';
import { addOwnPositionToCart, payOwnPositions } from '@/lib/citizen/actions';
import { findOwedAcrossEnti, findOwedPositions, findPaymentsMade } from '@/lib/citizen/queries';
import { recordReceipt } from '@/lib/payments/record-receipt';
import { createPosition } from '@/lib/positions/create';
import { enteBySlug, newPosition, receiptFor } from '../support/payments';
import { withTestDatabase } from '../support/test-db';

/*
 * The citizen area's queries on a real database, and its two actions through the real wrapper. Only what
 * Next.js gives a request is stood in for: the Host header, the cookie jar, the session and the process-wide
 * database handle (pointed at this file's database).
 */
const request: { host: string; session?: PortalSession; cookies: Map<string, string> } = {
  host: 'comune-demo.localhost:3000',
  cookies: new Map(),
};
jest.mock('next/headers', () => ({
  headers: async () => new Headers({ host: request.host }),
  cookies: async () => ({
    get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name) } : undefined),
    set: (name: string, value: string) => request.cookies.set(name, value),
  }),
}));
jest.mock('@/lib/auth/auth', () => ({ currentSession: async () => request.session }));
jest.mock('@/db', () => ({ ...jest.requireActual('@/db'), getDb: async () => database.db() }));

const database = withTestDatabase();
const db = () => database.db();

const MARIO = 'RSSMRA80A01H501U';
const GIULIA = 'BNCGLI92H55F205N';
const citizen = (fiscalCode: string, name: string): PortalSession => ({ fiscalCode, name, method: 'spid', level: 2 });

function as(host: string, session: PortalSession | undefined) {
  request.host = host;
  request.session = session;
  request.cookies = new Map();
}

async function owedIds(slug: string, fiscalCode: string) {
  return (await findOwedPositions(db(), (await enteBySlug(db(), slug)).id, fiscalCode)).map((p) => p.id);
}

describe('demo positions of the demo citizens', () => {
  it('gives Mario payable positions at Comune di Demo and Valmora, registered with the sandbox, newest due date first', async () => {
    const demo = await findOwedPositions(db(), (await enteBySlug(db(), 'comune-demo')).id, MARIO);
    expect(demo.map((p) => p.serviceTitle)).toEqual(['TARI - Tassa sui rifiuti', 'Mensa scolastica']);
    expect(demo[0]!.dueDate! > demo[1]!.dueDate!).toBe(true);
    const valmora = await findOwedPositions(db(), (await enteBySlug(db(), 'valmora')).id, MARIO);
    expect(valmora.map((p) => p.dueDate === null)).toEqual([false, true]);
    const rows = await db().select().from(positions).where(eq(positions.debtorFiscalCode, MARIO));
    expect(rows.every((p) => p.registrationStatus === 'registered')).toBe(true);
  });

  it('gives Giulia one position at Comune di Demo, and none of Mario’s', async () => {
    const giulia = await findOwedPositions(db(), (await enteBySlug(db(), 'comune-demo')).id, GIULIA);
    expect(giulia).toHaveLength(1);
    expect(giulia[0]!.causale).toMatch(/^Canone unico/);
    expect(giulia.map((p) => p.id)).not.toEqual(expect.arrayContaining(await owedIds('comune-demo', MARIO)));
  });

  it('finds the same positions whatever the case of the fiscal code', async () => {
    expect(await owedIds('comune-demo', MARIO.toLowerCase())).toEqual(await owedIds('comune-demo', MARIO));
  });
});

describe('the provincial view', () => {
  it('groups what Mario owes by Ente, leaving out an Ente that is not active', async () => {
    const pratolungo = await enteBySlug(db(), 'pratolungo');
    await createPosition(db(), pratolungo, {
      channel: 'staff',
      service: null,
      debtor: { type: 'F', fiscalCode: MARIO, fullName: 'Mario Rossi' },
      causale: 'Non ancora attivo',
      amountCents: 100,
      dueDate: null,
      taxonomyCode: '9/0104100TS/',
      iban: pratolungo.iban!,
      formData: {},
    });
    const groups = await findOwedAcrossEnti(db(), MARIO);
    expect(groups.map((g) => [g.ente.slug, g.positions.length])).toEqual([
      ['comune-demo', 2],
      ['valmora', 2],
    ]);
  });
});

describe('payments made', () => {
  it('lists the receipt of Mario’s paid TARI instalment on Comune di Demo only', async () => {
    const demo = await enteBySlug(db(), 'comune-demo');
    const page = await findPaymentsMade(db(), { fiscalCode: MARIO, enteId: demo.id });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      causale: expect.stringMatching(/rata 1 di 2$/),
      amountCents: 9_850,
      ente: { slug: 'comune-demo' },
    });
    expect(page.nextCursor).toBeUndefined();
    const valmora = await enteBySlug(db(), 'valmora');
    expect((await findPaymentsMade(db(), { fiscalCode: MARIO, enteId: valmora.id })).items).toEqual([]);
    expect((await findPaymentsMade(db(), { fiscalCode: GIULIA })).items).toEqual([]);
  });

  it('pages through many receipts newest first with a keyset cursor, with no gap and no repeat', async () => {
    const ente = await enteBySlug(db(), 'castel-oglio');
    const payer = 'PGNPLA70A01B157X';
    for (let i = 0; i < 7; i++) {
      const position = await newPosition(db(), ente, 1000 + i);
      await db().update(positions).set({ debtorFiscalCode: payer }).where(eq(positions.id, position.id));
      // Two receipts share a payment time: the id breaks the tie.
      const at = new Date(Date.UTC(2026, 0, 1 + Math.min(i, 5)));
      await recordReceipt(db(), ente, 'sandbox', { ...receiptFor(ente, position, `KEYSET-${i}`), paymentDateTime: at.toISOString() });
    }
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await findPaymentsMade(db(), { fiscalCode: payer }, cursor, 3);
      seen.push(...page.items.map((p) => p.amountCents));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(7);
    expect(seen.slice(0, 2).sort()).toEqual([1005, 1006]);
    expect(seen.slice(2)).toEqual([1004, 1003, 1002, 1001, 1000]);
  });

  it('lists a receipt whose payer is the person even when the debtor is someone else', async () => {
    const ente = await enteBySlug(db(), 'ronchi-franciacorta');
    const position = await newPosition(db(), ente, 3333);
    const payer = { type: 'F' as const, fiscalCode: 'PYRPLA70A01B157Y', fullName: 'Paola Payer' };
    await recordReceipt(db(), ente, 'sandbox', { ...receiptFor(ente, position, 'PAID-BY-OTHER'), payer });
    const page = await findPaymentsMade(db(), { fiscalCode: payer.fiscalCode, enteId: ente.id });
    expect(page.items.map((p) => p.amountCents)).toEqual([3333]);
    expect((await findPaymentsMade(db(), { fiscalCode: payer.fiscalCode, enteId: (await enteBySlug(db(), 'valmora')).id })).items).toEqual(
      [],
    );
  });

  it('ignores a cursor of someone else’s receipt beyond ordering, and a made-up one', async () => {
    const [other] = await db().select().from(receipts).where(eq(receipts.receiptId, 'PAID-BY-OTHER'));
    const mine = await findPaymentsMade(db(), { fiscalCode: MARIO }, other!.id);
    expect(mine.items.every((p) => p.ente.slug === 'comune-demo')).toBe(true);
    expect((await findPaymentsMade(db(), { fiscalCode: MARIO }, '00000000-0000-4000-8000-000000000000')).items).toEqual([]);
  });
});

describe('payOwnPositions and addOwnPositionToCart', () => {
  const demoHost = 'comune-demo.localhost:3000';
  const mario = citizen(MARIO, 'Mario Rossi');

  it('start a sandbox checkout of Mario’s own positions, and put one in his cart', async () => {
    as(demoHost, mario);
    const ids = await owedIds('comune-demo', MARIO);
    const paid = await payOwnPositions({ positionIds: ids });
    expect(paid).toEqual({ ok: true, data: { redirectUrl: expect.stringMatching(/\/sandbox\/checkout\/[0-9a-f-]{36}$/) } });
    const added = await addOwnPositionToCart({ positionId: ids[0]! });
    expect(added).toEqual({ ok: true, data: { size: 1 } });
    expect(request.cookies.size).toBe(1);
  });

  it('refuse another citizen’s position, answering like an unknown one', async () => {
    as(demoHost, citizen(GIULIA, 'Giulia Bianchi'));
    const [marios] = await owedIds('comune-demo', MARIO);
    const forged = await payOwnPositions({ positionIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(await payOwnPositions({ positionIds: [marios!] })).toEqual(forged);
    expect(forged).toEqual({ ok: false, error: expect.stringMatching(/non è tra quelli che puoi pagare/) });
    expect(await addOwnPositionToCart({ positionId: marios! })).toEqual(forged);
    const [giulias] = await owedIds('comune-demo', GIULIA);
    expect(await payOwnPositions({ positionIds: [giulias!, marios!] })).toEqual(forged);
  });

  it('refuse Mario’s own position of another Ente on this Ente’s host', async () => {
    as(demoHost, mario);
    const [valmoras] = await owedIds('valmora', MARIO);
    expect(await payOwnPositions({ positionIds: [valmoras!] })).toMatchObject({ ok: false });
    expect(await addOwnPositionToCart({ positionId: valmoras! })).toMatchObject({ ok: false });
    as('valmora.localhost:3000', mario);
    expect(await addOwnPositionToCart({ positionId: valmoras! })).toEqual({ ok: true, data: { size: 1 } });
  });

  it('refuse a paid or cancelled position', async () => {
    as(demoHost, mario);
    const demo = await enteBySlug(db(), 'comune-demo');
    const [paid] = await db()
      .select()
      .from(positions)
      .where(and(eq(positions.enteId, demo.id), eq(positions.debtorFiscalCode, MARIO), eq(positions.status, 'paid')));
    expect(await payOwnPositions({ positionIds: [paid!.id] })).toMatchObject({ ok: false });
    const [open] = await owedIds('comune-demo', MARIO);
    await db().update(positions).set({ status: 'cancelled' }).where(eq(positions.id, open!));
    try {
      expect(await payOwnPositions({ positionIds: [open!] })).toMatchObject({ ok: false });
      expect(await addOwnPositionToCart({ positionId: open! })).toMatchObject({ ok: false });
    } finally {
      await db().update(positions).set({ status: 'valid' }).where(eq(positions.id, open!));
    }
  });

  it('ask to sign in again without a session or with a session that has no fiscal code', async () => {
    const [open] = await owedIds('comune-demo', MARIO);
    for (const session of [undefined, { userId: '00000000-0000-4000-8000-000000000001', name: 'Staff', method: 'password' as const }]) {
      as(demoHost, session);
      expect(await payOwnPositions({ positionIds: [open!] })).toEqual({ ok: false, error: 'La sessione è scaduta: accedi di nuovo.' });
      expect(await addOwnPositionToCart({ positionId: open! })).toEqual({ ok: false, error: 'La sessione è scaduta: accedi di nuovo.' });
    }
  });

  it('are not available on the provincial host or an unknown Ente', async () => {
    const [open] = await owedIds('comune-demo', MARIO);
    for (const host of ['localhost:3000', 'comune-inesistente.localhost:3000', 'pratolungo.localhost:3000', 'evil.example.org']) {
      as(host, mario);
      expect(await payOwnPositions({ positionIds: [open!] })).toMatchObject({
        ok: false,
        error: expect.stringMatching(/non è disponibile/),
      });
    }
  });

  it('refuse malformed input before any query: odd ids, an array for a string, too many, huge input', async () => {
    as(demoHost, mario);
    const [open] = await owedIds('comune-demo', MARIO);
    const invalid = { ok: false, error: expect.stringMatching(/Alcuni dati non sono corretti/) };
    const odd: unknown[] = [
      { positionIds: [] },
      { positionIds: open },
      { positionIds: ["' or 1=1 --"] },
      { positionIds: Array(6).fill(open) },
      { positionIds: ['x'.repeat(1_000_000)] },
      { positionIds: [{ id: open }] },
      null,
      'positionIds',
    ];
    for (const input of odd) expect(await payOwnPositions(input as never)).toMatchObject(invalid);
    for (const input of [{ positionId: [open] }, { positionId: 42 }, { positionId: `${open} ` }, {}]) {
      expect(await addOwnPositionToCart(input as never)).toMatchObject(invalid);
    }
  });
});
