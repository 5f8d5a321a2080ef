import { eq } from 'drizzle-orm';
import { loginTickets, type TicketIdentity } from '@/db/schema';
import { hashBrowserKey } from '@/lib/payments/browser-key';
import { TICKET_TTL_SECONDS, issueTicket, pruneTickets, redeemTicket } from '@/lib/auth/tickets';
import { withTestDatabase } from '../support/test-db';

const { db } = withTestDatabase({ seed: false });

const HOST = 'comune-demo.localhost:3000';
const BROWSER = hashBrowserKey('a'.repeat(43));
const OTHER_BROWSER = hashBrowserKey('b'.repeat(43));
const IDENTITY: TicketIdentity = {
  fiscalCode: 'FRRPLA70H21B157M',
  givenName: 'Paolo',
  familyName: 'Ferri',
  method: 'spid',
  level: 2,
  provider: 'http://localhost:3000/spid/demo-idp',
  saml: { nameId: 'id-paolo', sessionIndex: 's-1' },
};
const NOW = new Date('2026-11-27T10:00:00Z');
const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

function issue(overrides: { host?: string; returnPath?: string; browserBindingHash?: string; now?: Date } = {}) {
  return issueTicket(db(), { identity: IDENTITY, host: HOST, returnPath: '/admin', browserBindingHash: BROWSER, now: NOW, ...overrides });
}

function redeem(ticket: string, overrides: { host?: string; browserBindingHash?: string | undefined; now?: Date } = {}) {
  return redeemTicket(db(), { ticket, host: HOST, browserBindingHash: BROWSER, now: later(5), ...overrides });
}

describe('issuing a login ticket', () => {
  it('stores only the hash of a 256-bit ticket, with its expiry', async () => {
    const ticket = await issue();
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await db().select().from(loginTickets);
    expect(rows.some((r) => r.idHash === ticket || JSON.stringify(r).includes(ticket))).toBe(false);
    const row = rows.find((r) => r.host === HOST && r.consumedAt === null);
    expect(row?.expiresAt.getTime()).toBe(NOW.getTime() + TICKET_TTL_SECONDS * 1000);
  });

  it.each([
    ['a host with a path', { host: 'evil.example/admin' }],
    ['a host with a scheme', { host: 'https://comune-demo.localhost' }],
    ['an over-long host', { host: `${'a'.repeat(254)}` }],
    ['an absolute return URL', { returnPath: 'https://evil.example/' }],
    ['a protocol-relative return path', { returnPath: '//evil.example/' }],
    ['a backslash return path', { returnPath: '/\\evil.example' }],
    ['a return path with a NUL byte', { returnPath: '/admin\u0000x' }],
    ['a browser binding that is not a sha256', { browserBindingHash: 'not-a-hash' }],
  ])('refuses %s', async (_label, overrides) => {
    await expect(issue(overrides)).rejects.toThrow();
  });
});

describe('redeeming a login ticket', () => {
  it('gives the identity and return path once, then refuses the replay', async () => {
    const ticket = await issue({ returnPath: '/admin/servizi?pagina=2' });
    expect(await redeem(ticket)).toEqual({ ok: true, identity: IDENTITY, returnPath: '/admin/servizi?pagina=2' });
    expect(await redeem(ticket)).toEqual({ ok: false, reason: 'unknown_or_used' });
    expect(await redeem(ticket, { now: later(30) })).toEqual({ ok: false, reason: 'unknown_or_used' });
  });

  it('lets exactly one of two concurrent redemptions succeed', async () => {
    for (let round = 0; round < 5; round++) {
      const ticket = await issue();
      const results = await Promise.all([redeem(ticket), redeem(ticket), redeem(ticket)]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toEqual([
        { ok: false, reason: 'unknown_or_used' },
        { ok: false, reason: 'unknown_or_used' },
      ]);
    }
  });

  it("refuses it on another Ente's host (and the provincial one), and burns it", async () => {
    for (const host of ['valmora.localhost:3000', 'localhost:3000', 'comune-demo.localhost:3001', 'COMUNE-DEMO.localhost:3000']) {
      const ticket = await issue();
      expect(await redeem(ticket, { host })).toEqual({ ok: false, reason: 'wrong_host' });
      expect(await redeem(ticket)).toEqual({ ok: false, reason: 'unknown_or_used' });
    }
  });

  it('refuses it from another browser, or one without a key, and burns it (login CSRF gets nothing)', async () => {
    for (const browserBindingHash of [OTHER_BROWSER, undefined, '', BROWSER.slice(0, 62), `${BROWSER}00`, 'zz'.repeat(32)]) {
      const ticket = await issue();
      expect(await redeem(ticket, { browserBindingHash })).toEqual({ ok: false, reason: 'wrong_browser' });
      expect(await redeem(ticket)).toEqual({ ok: false, reason: 'unknown_or_used' });
    }
  });

  it('refuses it once expired, even never used', async () => {
    const ticket = await issue();
    expect(await redeem(ticket, { now: later(TICKET_TTL_SECONDS) })).toEqual({ ok: false, reason: 'unknown_or_used' });
    expect(await redeem(ticket, { now: later(TICKET_TTL_SECONDS + 3600) })).toEqual({ ok: false, reason: 'unknown_or_used' });
    // The refusal of an expired ticket does not consume it: it stays for the prune job, unused.
    expect(await redeem(ticket, { now: later(TICKET_TTL_SECONDS - 1) })).toMatchObject({ ok: true });
  });

  it('refuses an unknown ticket of the right shape', async () => {
    expect(await redeem('A'.repeat(43))).toEqual({ ok: false, reason: 'unknown_or_used' });
  });

  it.each([
    ['empty', ''],
    ['one character short', 'A'.repeat(42)],
    ['one character long', 'A'.repeat(44)],
    ['huge', 'A'.repeat(1_000_000)],
    ['with a NUL byte', `${'A'.repeat(42)}\u0000`],
    ['with a quote (SQL)', `${'A'.repeat(40)}'--`],
    ['base64 with padding', `${'A'.repeat(42)}=`],
    ['with a newline', `${'A'.repeat(42)}\n`],
    ['with non-ASCII letters', `${'A'.repeat(42)}è`],
  ])('refuses a malformed ticket (%s) before touching the database', async (_label, ticket) => {
    expect(await redeem(ticket)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses a valid ticket with whitespace around it', async () => {
    const ticket = await issue();
    expect(await redeem(` ${ticket}`)).toEqual({ ok: false, reason: 'malformed' });
    expect(await redeem(ticket)).toMatchObject({ ok: true });
  });
});

describe('pruning login tickets', () => {
  it('deletes the tickets expired before the given time, used or not, and keeps the others', async () => {
    await db().delete(loginTickets);
    const used = await issue();
    await redeem(used);
    await issue();
    const fresh = await issue({ now: later(3600) });
    expect(await pruneTickets(db(), later(TICKET_TTL_SECONDS + 1))).toBe(2);
    expect(await db().select({ h: loginTickets.idHash }).from(loginTickets)).toHaveLength(1);
    expect(await pruneTickets(db(), later(TICKET_TTL_SECONDS + 1))).toBe(0);
    expect(await redeem(fresh, { now: later(3605) })).toMatchObject({ ok: true });
    const [row] = await db().select().from(loginTickets);
    expect(row?.consumedAt).toEqual(later(3605));
    await db().delete(loginTickets).where(eq(loginTickets.idHash, row!.idHash));
  });
});
