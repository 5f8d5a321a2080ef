import { signPayload, verifySignature } from '@/lib/partners/signature';

describe('callback signatures', () => {
  const secret = 'segreto-di-prova';
  const body = '{"a":1}';

  it('verifies its own signature within the tolerance', () => {
    expect(verifySignature(secret, body, signPayload(secret, body, 1_000_000), 1_000_000)).toEqual({ ok: true });
    expect(verifySignature(secret, body, signPayload(secret, body, 1_000_000), 1_000_300)).toEqual({ ok: true });
    expect(verifySignature(secret, body, signPayload(secret, body, 1_000_000), 999_700)).toEqual({ ok: true });
  });

  it('refuses outside 300 s, another body, another secret', () => {
    expect(verifySignature(secret, body, signPayload(secret, body, 1_000_000), 1_000_301)).toMatchObject({
      ok: false,
      reason: 'firma scaduta',
    });
    expect(verifySignature(secret, '{"a":2}', signPayload(secret, body, 1_000_000), 1_000_000)).toMatchObject({ ok: false });
    expect(verifySignature('altro', body, signPayload(secret, body, 1_000_000), 1_000_000)).toMatchObject({ ok: false });
  });

  it('has the documented format', () => {
    expect(signPayload(secret, body, 1_700_000_000)).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
  });
});

describe('callback signatures under attack', () => {
  const secret = 'segreto-di-prova';
  const body = Buffer.from('{"a":"è"}');
  const t = 1_000_000;
  const macOf = (key: string, payload: Buffer | string = body) => signPayload(key, payload, t).split('v1=')[1]!;

  it('signs the raw bytes: a string and its UTF-8 bytes give the same signature', () => {
    expect(signPayload(secret, body, t)).toBe(signPayload(secret, body.toString('utf8'), t));
    expect(verifySignature(secret, Buffer.from([0xff, 0x00]), signPayload(secret, Buffer.from([0xff, 0x00]), t), t)).toEqual({ ok: true });
    // Invalid UTF-8 must not collapse to U+FFFD before the MAC: these two bodies differ.
    expect(verifySignature(secret, Buffer.from([0xfe]), signPayload(secret, Buffer.from([0xff]), t), t)).toMatchObject({ ok: false });
  });

  it('accepts any of several v1 values (rotation) and upper-case hex', () => {
    expect(verifySignature(secret, body, `t=${t},v1=${macOf('vecchio')},v1=${macOf(secret)}`, t)).toEqual({ ok: true });
    expect(verifySignature(secret, body, `t=${t},v1=${macOf(secret)},v1=${macOf('vecchio')}`, t)).toEqual({ ok: true });
    expect(verifySignature(secret, body, `t=${t},v1=${macOf(secret).toUpperCase()}`, t)).toEqual({ ok: true });
    expect(verifySignature(secret, body, `t=${t},v0=xyz,v1=${macOf(secret)}`, t)).toEqual({ ok: true });
    expect(verifySignature(secret, body, `t=${t},v1=${macOf('vecchio')},v1=${macOf('altro')}`, t)).toEqual({
      ok: false,
      reason: 'firma non valida',
    });
  });

  it('refuses malformed headers: two timestamps, no v1, a bad v1, too many v1, too long', () => {
    const good = macOf(secret);
    for (const header of [
      `t=${t},t=${t + 1},v1=${good}`,
      `t=${t}`,
      `t=${t},v1=${good},v1=zz`,
      `t=${t},v1=${good.slice(0, 62)}`,
      `t=${t},${Array.from({ length: 6 }, () => `v1=${good}`).join(',')}`,
      `t=${t},v1=${good},${'x'.repeat(1100)}`,
      `t=-5,v1=${good}`,
    ]) {
      expect(verifySignature(secret, body, header, t)).toEqual({ ok: false, reason: 'firma malformata' });
    }
  });
});
