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
    expect(verifySignature(secret, body, signPayload(secret, body, 1_000_000), 1_000_301)).toMatchObject({ ok: false, reason: 'firma scaduta' });
    expect(verifySignature(secret, '{"a":2}', signPayload(secret, body, 1_000_000), 1_000_000)).toMatchObject({ ok: false });
    expect(verifySignature('altro', body, signPayload(secret, body, 1_000_000), 1_000_000)).toMatchObject({ ok: false });
  });

  it('has the documented format', () => {
    expect(signPayload(secret, body, 1_700_000_000)).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
  });
});
