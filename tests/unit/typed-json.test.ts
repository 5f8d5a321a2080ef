import { fromTypedJson, toTypedJson } from '@/lib/cache/typed-json';

describe('typed JSON (what the page cache stores)', () => {
  it('gives back Dates, bigints, Buffers and Maps, nested anywhere', () => {
    const value = {
      updatedAt: new Date('2026-03-01T10:00:00.000Z'),
      cents: 12345678901234567890n,
      rscData: Buffer.from([0, 1, 2, 250, 255]),
      segments: new Map([['/page', Buffer.from('segment')]]),
      rows: [{ at: new Date(0), text: 'plain', none: null }],
    };
    const back = fromTypedJson<typeof value>(toTypedJson(value));
    expect(back.updatedAt).toEqual(value.updatedAt);
    expect(back.cents).toBe(value.cents);
    expect(Buffer.isBuffer(back.rscData) && back.rscData.equals(value.rscData)).toBe(true);
    expect(back.segments.get('/page')?.toString()).toBe('segment');
    expect(back.rows).toEqual(value.rows);
  });

  it('keeps undefined (a read that found nothing) and plain JSON as it is', () => {
    expect(fromTypedJson(toTypedJson(undefined))).toBeUndefined();
    expect(fromTypedJson(toTypedJson({ a: [1, 'x', true] }))).toEqual({ a: [1, 'x', true] });
  });
});
