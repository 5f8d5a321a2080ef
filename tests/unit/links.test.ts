import { randomUUID } from 'node:crypto';
import { signLink, verifyLink } from '@/lib/documents/links';

const ENTE = randomUUID();
const OTHER_ENTE = randomUUID();
const RECEIPT = randomUUID();
const DAY = 86_400_000;

describe('signed document links', () => {
  const saved = { LINK_SECRET: process.env.LINK_SECRET, LINK_TTL_DAYS: process.env.LINK_TTL_DAYS };
  afterEach(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('opens the document it was made for', () => {
    expect(verifyLink('receipt', ENTE, RECEIPT, signLink('receipt', ENTE, RECEIPT))).toBe(true);
  });

  it('does not open the same object of another Ente (two Enti can share a notice number)', () => {
    const nav = '301202300000000148';
    expect(verifyLink('notice', OTHER_ENTE, nav, signLink('notice', ENTE, nav))).toBe(false);
  });

  it('does not open another kind or another object', () => {
    const token = signLink('receipt', ENTE, RECEIPT);
    expect(verifyLink('notice', ENTE, RECEIPT, token)).toBe(false);
    expect(verifyLink('receipt', ENTE, randomUUID(), token)).toBe(false);
  });

  it('expires after LINK_TTL_DAYS (30 by default)', () => {
    const now = Date.now();
    const token = signLink('receipt', ENTE, RECEIPT, now);
    expect(verifyLink('receipt', ENTE, RECEIPT, token, now + 29 * DAY)).toBe(true);
    expect(verifyLink('receipt', ENTE, RECEIPT, token, now + 30 * DAY + 1000)).toBe(false);
    process.env.LINK_TTL_DAYS = '2';
    const short = signLink('receipt', ENTE, RECEIPT, now);
    expect(verifyLink('receipt', ENTE, RECEIPT, short, now + 3 * DAY)).toBe(false);
  });

  it('refuses a token whose expiry was pushed forward', () => {
    const token = signLink('receipt', ENTE, RECEIPT, Date.now() - 40 * DAY);
    const [expires, mac] = token.split('.');
    const extended = `${(parseInt(expires!, 36) + 100 * 86_400).toString(36)}.${mac}`;
    expect(verifyLink('receipt', ENTE, RECEIPT, token)).toBe(false);
    expect(verifyLink('receipt', ENTE, RECEIPT, extended)).toBe(false);
  });

  it('is revoked by rotating LINK_SECRET', () => {
    process.env.LINK_SECRET = 'a'.repeat(40);
    const token = signLink('receipt', ENTE, RECEIPT);
    expect(verifyLink('receipt', ENTE, RECEIPT, token)).toBe(true);
    process.env.LINK_SECRET = 'b'.repeat(40);
    expect(verifyLink('receipt', ENTE, RECEIPT, token)).toBe(false);
  });

  it.each([null, undefined, '', 'x', 'zz.zz', `${'9'.repeat(11)}.${'a'.repeat(32)}`, `${'a'.repeat(32)}`, `1.${'a'.repeat(31)}é`])(
    'refuses the malformed token %p',
    (token) => {
      expect(verifyLink('receipt', ENTE, RECEIPT, token)).toBe(false);
    },
  );
});
