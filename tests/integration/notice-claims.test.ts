import { buildNoticeNumber } from '@/lib/pagopa/notice';
import { createPosition } from '@/lib/positions/create';
import { claimNotice, NOTICE_LOOKUP_LIMITS } from '@/lib/positions/lookup';
import { noticeClaimSchema } from '@/lib/positions/schemas';
import type { Ente } from '@/db/schema';
import { withTestDatabase } from '../support/test-db';
import { enteBySlug, newPosition } from '../support/payments';

let demo: Ente;
let valmora: Ente;
const DEBTOR = 'RCCMNL83S18D969H';
let address = 0;
/** A fresh client address per test, so that the per-address limit of one test does not leak into another. */
const nextAddress = () => `198.51.100.${++address}`;
const claim = (codice: string, codiceFiscale: string) => noticeClaimSchema.parse({ codice, codiceFiscale });

const { db } = withTestDatabase();

beforeAll(async () => {
  demo = await enteBySlug(db(), 'comune-demo');
  valmora = await enteBySlug(db(), 'valmora');
});

describe('a notice number alone proves nothing', () => {
  it('finds a notice with its number and its debtor fiscal code, typed with spaces and in lower case', async () => {
    const position = await newPosition(db(), demo);
    const typed = `${position.noticeNumber.replace(/(\d{4})/g, '$1 ')}`;
    const result = await claimNotice(db(), demo.id, claim(typed, ` ${DEBTOR.toLowerCase()} `), nextAddress());
    expect(result).toEqual({ kind: 'found', position: expect.objectContaining({ id: position.id }) });
  });

  it('answers a wrong fiscal code exactly like an unknown notice', async () => {
    const position = await newPosition(db(), demo);
    const unknown = buildNoticeNumber(demo.segregationCode!, '2099000000001');
    const wrongCf = await claimNotice(db(), demo.id, claim(position.noticeNumber, 'BNCNNA80A41F205X'), nextAddress());
    const noSuchNotice = await claimNotice(db(), demo.id, claim(unknown, DEBTOR), nextAddress());
    expect(wrongCf).toEqual({ kind: 'not_found' });
    expect(noSuchNotice).toEqual(wrongCf);
  });

  it('reveals nothing to someone walking the sequential numbers with a guessed fiscal code', async () => {
    const first = await newPosition(db(), demo);
    for (let i = 0; i < 5; i++) await newPosition(db(), demo);
    const base = Number(first.noticeNumber.slice(3, 16));
    const attacker = nextAddress();
    for (let i = 0; i < 6; i++) {
      const nav = buildNoticeNumber(demo.segregationCode!, String(base + i).padStart(13, '0'));
      expect(await claimNotice(db(), demo.id, claim(nav, '00000000000'), attacker)).toEqual({ kind: 'not_found' });
    }
  });

  it("does not find another Ente's notice, even with the right fiscal code", async () => {
    const foreign = await newPosition(db(), valmora);
    expect(await claimNotice(db(), demo.id, claim(foreign.noticeNumber, DEBTOR), nextAddress())).toEqual({ kind: 'not_found' });
  });

  it('never finds a notice created without a debtor', async () => {
    const anonymous = await createPosition(db(), demo, {
      channel: 'staff',
      service: null,
      debtor: null,
      causale: 'Offerta libera',
      amountCents: 500,
      dueDate: null,
      taxonomyCode: '9/0104100TS/',
      iban: demo.iban!,
      formData: {},
    });
    expect(await claimNotice(db(), demo.id, claim(anonymous.noticeNumber, '00000000000'), nextAddress())).toEqual({ kind: 'not_found' });
  });
});

describe('lookups are rate limited in PostgreSQL', () => {
  it('locks a notice after repeated wrong fiscal codes from many addresses, even for the right one', async () => {
    const position = await newPosition(db(), demo);
    const { limit } = NOTICE_LOOKUP_LIMITS.failuresPerNotice;
    for (let i = 0; i < limit; i++) await claimNotice(db(), demo.id, claim(position.noticeNumber, `0000000000${i % 10}`), nextAddress());
    const locked = await claimNotice(db(), demo.id, claim(position.noticeNumber, DEBTOR), nextAddress());
    expect(locked).toEqual({ kind: 'rate_limited', retryAfterSeconds: expect.any(Number) });
    // Another notice of the same debtor is not affected.
    const other = await newPosition(db(), demo);
    expect((await claimNotice(db(), demo.id, claim(other.noticeNumber, DEBTOR), nextAddress())).kind).toBe('found');
  });

  it('limits one address across notices, concurrently, and not another address', async () => {
    const position = await newPosition(db(), demo);
    const { limit } = NOTICE_LOOKUP_LIMITS.perAddress;
    const flooder = nextAddress();
    const results = await Promise.all(
      Array.from({ length: limit + 5 }, () => claimNotice(db(), demo.id, claim(position.noticeNumber, DEBTOR), flooder)),
    );
    expect(results.filter((r) => r.kind === 'found')).toHaveLength(limit);
    expect(results.filter((r) => r.kind === 'rate_limited')).toHaveLength(5);
    expect((await claimNotice(db(), demo.id, claim(position.noticeNumber, DEBTOR), nextAddress())).kind).toBe('found');
  });
});

describe('the claim schema', () => {
  it.each([
    ['17 digits', { codice: '30120230000000014', codiceFiscale: DEBTOR }, 'codice'],
    ['an array', { codice: ['301202300000000148'], codiceFiscale: DEBTOR }, 'codice'],
    ['a NUL byte', { codice: '301202300000000148', codiceFiscale: 'RCCMNL83S18D969H\u0000' }, 'codiceFiscale'],
    ['an object', { codice: '301202300000000148', codiceFiscale: { $ne: '' } }, 'codiceFiscale'],
    ['100 000 characters', { codice: '3'.repeat(100_000), codiceFiscale: DEBTOR }, 'codice'],
  ])('refuses %s', (_label, input, field) => {
    const result = noticeClaimSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual([field]);
  });
});
