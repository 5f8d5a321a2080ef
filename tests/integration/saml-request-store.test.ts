import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { samlRequests } from '@/db/schema';
import { SamlRequestError, consumeRequest, pruneRequests, saveRequest, type NewSamlRequest } from '@/lib/auth/saml/request-store';
import { withTestDatabase } from '../support/test-db';

const { db } = withTestDatabase({ seed: false });

const issuedAt = new Date('2026-11-27T08:00:00.000Z');
const minutes = (n: number) => new Date(issuedAt.getTime() + n * 60_000);

function newRequest(over: Partial<NewSamlRequest> = {}): NewSamlRequest {
  return {
    id: `_${randomBytes(16).toString('hex')}`,
    idpEntityId: 'https://idp.example/spid',
    level: 2,
    issuedAt,
    expiresAt: minutes(15),
    enteHost: 'alfa.pagamenti.provincia.example',
    returnPath: '/pagamenti/carrello',
    browserBindingHash: 'a'.repeat(64),
    ...over,
  };
}

describe('SAML request store', () => {
  it('a saved request is consumed once, with what it was issued for and the browser key hash', async () => {
    const request = newRequest();
    await saveRequest(db(), request);
    const [row] = await db().select().from(samlRequests).where(eq(samlRequests.id, request.id));
    expect(row?.browserBindingHash).toBe('a'.repeat(64));

    const result = await consumeRequest(db(), request.id, minutes(1));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.request).toMatchObject({
      id: request.id,
      idpEntityId: 'https://idp.example/spid',
      level: 2,
      enteHost: 'alfa.pagamenti.provincia.example',
      returnPath: '/pagamenti/carrello',
    });
    expect(result.request.issuedAt.toISOString()).toBe(issuedAt.toISOString());
    expect(result.request.browserBindingHash).toBe('a'.repeat(64));
  });

  it('a replayed Response (second consume) is refused as consumed', async () => {
    const request = newRequest();
    await saveRequest(db(), request);
    expect((await consumeRequest(db(), request.id, minutes(1))).ok).toBe(true);
    expect(await consumeRequest(db(), request.id, minutes(2))).toEqual({ ok: false, reason: 'consumed' });
  });

  it('an unsolicited Response (unknown InResponseTo) is refused', async () => {
    expect(await consumeRequest(db(), '_never-issued', minutes(1))).toEqual({ ok: false, reason: 'unknown' });
  });

  it('a Response after the expiry is refused, even at the exact instant of expiry', async () => {
    const request = newRequest();
    await saveRequest(db(), request);
    expect(await consumeRequest(db(), request.id, minutes(15))).toEqual({ ok: false, reason: 'expired' });
    expect(await consumeRequest(db(), request.id, minutes(60))).toEqual({ ok: false, reason: 'expired' });
  });

  it('of many concurrent consumes of one request exactly one wins', async () => {
    const request = newRequest();
    await saveRequest(db(), request);
    const results = await Promise.all(Array.from({ length: 8 }, () => consumeRequest(db(), request.id, minutes(1))));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === 'consumed')).toHaveLength(7);
  });

  it('the same request ID cannot be saved twice (no overwriting an outstanding request)', async () => {
    const request = newRequest();
    await saveRequest(db(), request);
    await expect(saveRequest(db(), { ...request, enteHost: 'evil.example' })).rejects.toThrow();
  });

  it.each([
    ['a protocol-relative return path', { returnPath: '//evil.example/x' }],
    ['a backslash return path', { returnPath: '/\\evil.example' }],
    ['an absolute URL as return path', { returnPath: 'https://evil.example/' }],
    ['a host with a path', { enteHost: 'evil.example/x' }],
    ['a browser binding that is not a sha256', { browserBindingHash: 'cookie-secret' }],
  ])('refuses to save %s', async (_what, over) => {
    await expect(saveRequest(db(), newRequest(over))).rejects.toThrow(SamlRequestError);
  });

  it('the database refuses a level outside 1..3 and an expiry not after the issue', async () => {
    await expect(saveRequest(db(), newRequest({ level: 4 as 2 }))).rejects.toThrow();
    await expect(saveRequest(db(), newRequest({ expiresAt: issuedAt }))).rejects.toThrow();
  });

  it('prune deletes only requests expired before the cut-off, used or not', async () => {
    const old = newRequest({ issuedAt: minutes(-120), expiresAt: minutes(-100) });
    const oldUsed = newRequest({ issuedAt: minutes(-120), expiresAt: minutes(-90) });
    const live = newRequest({ expiresAt: minutes(30) });
    for (const r of [old, oldUsed, live]) await saveRequest(db(), r);
    expect((await consumeRequest(db(), oldUsed.id, minutes(-110))).ok).toBe(true);
    await pruneRequests(db(), minutes(0));
    const left = await db().select({ id: samlRequests.id }).from(samlRequests);
    const ids = left.map((r) => r.id);
    expect(ids).not.toContain(old.id);
    expect(ids).not.toContain(oldUsed.id);
    expect(ids).toContain(live.id);
  });
});
