import { requestIdFor } from '@/lib/http/request-id';

describe('the request id', () => {
  it('keeps a well-formed id from the proxy (nginx $request_id, UUIDs)', () => {
    for (const id of ['0123456789abcdef0123456789abcdef', '3f1c2a9e-8d7b-4c6a-9e5f-1a2b3c4d5e6f', 'req_01.HX:7'])
      expect(requestIdFor(id)).toBe(id);
  });

  it('replaces a missing or malformed one with a new UUID', () => {
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    for (const id of [
      null,
      undefined,
      '',
      'corto',
      'a'.repeat(129),
      'id con spazi',
      'id\nfalso {"level":60}',
      '-inizia-col-trattino',
      'è-accentato-123',
    ])
      expect([id, UUID.test(requestIdFor(id))]).toEqual([id, true]);
    expect(requestIdFor(null)).not.toBe(requestIdFor(null));
  });
});
