import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { partnerCallStats, positions } from '@/db/schema';
import { describeCallError, recordingResolver, withCallStats } from '@/lib/partners/call-stats';
import { defaultPartnerResolver, partnerContext } from '@/lib/partners/registry';
import { PartnerUnavailableError, type PaymentPartner } from '@/lib/partners/types';
import { registerPosition } from '@/lib/positions/create';
import { enteBySlug, newPosition } from '../support/payments';
import { withTestDatabase } from '../support/test-db';

/* Every call to a partner adapter counted in partner_call_stats, without ever changing the call's outcome. */
const { db } = withTestDatabase();
const CTX = { creditorFiscalCode: '00000000000', companyName: 'Prova' };

/** A partner that fails every call the way a real one does when it is down, naming a citizen in its message. */
function failingPartner(code: PaymentPartner['code']): PaymentPartner {
  const down = async (): Promise<never> => {
    throw new PartnerUnavailableError('HTTP 503 per RCCMNL83S18D969H (emanuele@example.it), avviso 301000000000012345');
  };
  return { code, capabilities: new Set(), registerPosition: down, startCheckout: down, fetchNoticeStatus: down };
}

const okPartner = (code: PaymentPartner['code']): PaymentPartner => ({
  code,
  capabilities: new Set(),
  registerPosition: async () => undefined,
  startCheckout: async () => ({ sessionId: 's', redirectUrl: 'http://localhost/x' }),
  fetchNoticeStatus: async () => ({ state: 'unpaid' }),
});

const statsOf = (partner: PaymentPartner['code'], operation: string) =>
  db()
    .select()
    .from(partnerCallStats)
    .where(and(eq(partnerCallStats.partner, partner), eq(partnerCallStats.operation, operation)));

describe('the partner call statistics', () => {
  it('counts successes and failures of the same minute in one row, the error masked and the call unchanged', async () => {
    const at = new Date('2026-11-27T10:15:30Z');
    const ok = withCallStats(db(), okPartner('dedagroup'), () => at);
    const failing = withCallStats(db(), failingPartner('dedagroup'), () => new Date(at.getTime() + 5_000));
    await expect(ok.fetchNoticeStatus(CTX, '301000000000000000')).resolves.toEqual({ state: 'unpaid' });
    await expect(ok.fetchNoticeStatus(CTX, '301000000000000000')).resolves.toEqual({ state: 'unpaid' });
    const refused = failing.fetchNoticeStatus(CTX, '301000000000000000');
    await expect(refused).rejects.toBeInstanceOf(PartnerUnavailableError);
    await expect(refused).rejects.toThrow('HTTP 503 per RCCMNL83S18D969H');

    const [row, ...others] = await statsOf('dedagroup', 'fetchNoticeStatus');
    expect(others).toEqual([]);
    expect(row).toMatchObject({ minute: new Date('2026-11-27T10:15:00Z'), ok: 2, errors: 1 });
    expect(row!.lastSuccessAt).toEqual(at);
    expect(row!.lastErrorAt).toEqual(new Date(at.getTime() + 5_000));
    expect(row!.lastError).toBe('PartnerUnavailableError: HTTP 503 per [codice fiscale] ([e-mail]), avviso [numero]');
  });

  it('keeps the latest success and error when calls are recorded out of order', async () => {
    const late = new Date('2026-11-27T11:00:50Z');
    const early = new Date('2026-11-27T11:00:10Z');
    await withCallStats(db(), okPartner('maggioli'), () => late).registerPosition(CTX, {} as never);
    await withCallStats(db(), okPartner('maggioli'), () => early).registerPosition(CTX, {} as never);
    const [row] = await statsOf('maggioli', 'registerPosition');
    expect(row).toMatchObject({ ok: 2, errors: 0, lastSuccessAt: late, lastErrorAt: null, lastError: null });
  });

  it('never fails a call because the statistics could not be written', async () => {
    const broken = {
      insert: () => {
        throw new Error('database non raggiungibile');
      },
    } as unknown as Database;
    await expect(withCallStats(broken, okPartner('sandbox')).fetchNoticeStatus(CTX, '301000000000000000')).resolves.toEqual({
      state: 'unpaid',
    });
    await expect(withCallStats(broken, failingPartner('sandbox')).startCheckout(CTX, {} as never)).rejects.toBeInstanceOf(
      PartnerUnavailableError,
    );
  });

  it('records the failures of a partner that is down while the position stays pending for a retry', async () => {
    const valmora = await enteBySlug(db(), 'valmora');
    const position = await newPosition(db(), valmora);
    const resolve = recordingResolver(db(), () => failingPartner('nordcom_tim'));
    expect(await registerPosition(db(), valmora, position, resolve)).toBe('pending');
    const [stored] = await db().select().from(positions).where(eq(positions.id, position.id));
    expect(stored!.registrationStatus).toBe('pending');
    const [row] = await statsOf('nordcom_tim', 'registerPosition');
    expect(row).toMatchObject({ ok: 0, errors: 1 });
    expect(row!.lastError).not.toMatch(/RCCMNL83S18D969H|emanuele@example\.it|301000000000012345/);
  });

  it("counts the application's own partners, through the default resolver", async () => {
    const valmora = await enteBySlug(db(), 'valmora');
    const before = (await statsOf('sandbox', 'fetchNoticeStatus')).reduce((n, r) => n + r.ok, 0);
    await (await defaultPartnerResolver(db())(valmora)).fetchNoticeStatus(partnerContext(valmora), '301000000000000000');
    const after = (await statsOf('sandbox', 'fetchNoticeStatus')).reduce((n, r) => n + r.ok, 0);
    expect(after - before).toBe(1);
  });

  it('describes an error with what could be personal data masked, within 300 characters', () => {
    expect(describeCallError(new Error('IBAN IT60X0542811101000000123456 rifiutato'))).toBe('Error: IBAN [IBAN] rifiutato');
    expect(describeCallError('testo')).toBe('Errore: testo');
    expect(describeCallError(new Error('x'.repeat(1000)))).toHaveLength(300);
  });
});
