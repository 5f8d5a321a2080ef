import { ioClient, type IoNewMessage } from '@/lib/notifications/io/client';
import { PartnerRejectedError, PartnerUnavailableError } from '@/lib/partners/types';
import { startIoMock, type IoMock } from '../mocks/io';

/*
 * The IO client against the mock of the IO Services API, both written from reference notifications.md §1:
 * the profile check (200, 404, sender_allowed false, 403 for a test key), the message (201 with Location,
 * 400, 401, 403, 429 with the rate-limit headers, 5xx) and its status from ACCEPTED to PROCESSED or REJECTED.
 */

const KEY = 'a'.repeat(32);
const TEST_KEY = 'b'.repeat(32);
const ALLOWED = 'RCCMNL83S18D969H';
const OPTED_OUT = 'BNCGLI80A41F205X';
const INBOX_OFF = 'VRDLCU75C12B157K';
const NOBODY = 'RSSMRA80A01H501U';

let mock: IoMock;

beforeAll(async () => {
  mock = await startIoMock({
    services: [
      { key: KEY, maxAllowedPaymentAmount: 1_000_000 },
      { key: TEST_KEY, authorizedRecipients: ['AAAAAA00A00A000A'] },
    ],
  });
  mock.profiles.set(ALLOWED, { senderAllowed: true });
  mock.profiles.set(OPTED_OUT, { senderAllowed: false });
  mock.profiles.set(INBOX_OFF, { senderAllowed: true, inboxEnabled: false });
});
afterAll(() => mock.close());

const message = (fiscalCode: string, amount = 12_350): IoNewMessage => ({
  fiscal_code: fiscalCode,
  feature_level_type: 'STANDARD',
  content: {
    subject: 'Avviso di pagamento TARI 2026 - rata 1',
    markdown: 'Il **Comune di Esempio** ti invia l’avviso di pagamento per la TARI 2026, rata 1: puoi pagare in app con il pulsante Paga.',
    due_date: '2026-05-31T21:59:59.000Z',
    payment_data: { amount, notice_number: '302000000000012345', invalid_after_due_date: false },
  },
});

const post = (path: string, body: unknown, key = KEY) =>
  fetch(`${mock.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'Ocp-Apim-Subscription-Key': key },
    body: JSON.stringify(body),
  });

describe('profile check (POST /profiles)', () => {
  const client = () => ioClient(KEY, mock.url);

  it('tells a citizen who takes the messages from one who turned the service off or has no profile', async () => {
    expect(await client().profile(ALLOWED)).toBe('allowed');
    expect(await client().profile(OPTED_OUT)).toBe('sender_not_allowed');
    expect(await client().profile(NOBODY)).toBe('no_profile');
    // A profile whose inbox is off is a 404 too.
    expect(await client().profile(INBOX_OFF)).toBe('no_profile');
    const request = mock.controls.requests.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/api/v1/profiles');
    expect(JSON.parse(request.body.toString())).toEqual({ fiscal_code: INBOX_OFF });
    expect(request.headers['ocp-apim-subscription-key']).toBe(KEY);
  });

  it('is refused (403, final) to a test key asking about someone outside its recipients', async () => {
    const refused = await ioClient(TEST_KEY, mock.url)
      .profile(ALLOWED)
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PartnerRejectedError);
    expect(refused).toMatchObject({ status: 403, message: expect.stringContaining('non autorizza') });
  });

  it('is refused (401, final) with an unknown key', async () => {
    const refused = await ioClient('c'.repeat(32), mock.url)
      .profile(ALLOWED)
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ name: 'PartnerRejectedError', status: 401, message: expect.stringContaining('chiave') });
  });
});

describe('message (POST /messages)', () => {
  it('answers 201 with the id and a Location to read it from', async () => {
    const response = await post('/messages', message(ALLOWED));
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    expect(id).toMatch(/^[0-9A-Z]{26}$/);
    expect(response.headers.get('location')).toBe(`/api/v1/messages/${ALLOWED}/${id}`);
    expect(await ioClient(KEY, mock.url).submit(message(ALLOWED))).toMatch(/^[0-9A-Z]{26}$/);
  });

  it('refuses (400) a message outside the spec’s limits, or the fiscal code both in the path and in the body', async () => {
    const short = { ...message(ALLOWED), content: { ...message(ALLOWED).content, subject: 'Avviso' } };
    expect((await post('/messages', short)).status).toBe(400);
    const wrongNotice = message(ALLOWED);
    wrongNotice.content.payment_data!.notice_number = '912345678901234567';
    expect((await post('/messages', wrongNotice)).status).toBe(400);
    expect((await post(`/messages/${ALLOWED}`, message(ALLOWED))).status).toBe(400);
    // Above the service's maxAllowedPaymentAmount: 400, final for the client.
    const refused = await ioClient(KEY, mock.url)
      .submit(message(ALLOWED, 1_000_001))
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({
      name: 'PartnerRejectedError',
      status: 400,
      message: expect.stringContaining('maxAllowedPaymentAmount'),
    });
  });

  it('refuses (403) a test key writing to someone else, and payee without its group', async () => {
    const refused = await ioClient(TEST_KEY, mock.url)
      .submit(message(ALLOWED))
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ name: 'PartnerRejectedError', status: 403 });
    expect((await post('/messages', message('AAAAAA00A00A000A'), TEST_KEY)).status).toBe(201);
    const withPayee = message(ALLOWED);
    (withPayee.content.payment_data as Record<string, unknown>).payee = { fiscal_code: '00812300176' };
    expect((await post('/messages', withPayee)).status).toBe(403);
  });

  it('accepts a message to someone without a profile: no 404, the message is REJECTED later', async () => {
    const client = ioClient(KEY, mock.url);
    const id = await client.submit(message(NOBODY));
    expect(await client.status(NOBODY, id)).toBe('ACCEPTED');
    expect(await client.status(NOBODY, id)).toBe('REJECTED');
    const optedOut = await client.submit(message(OPTED_OUT));
    await client.status(OPTED_OUT, optedOut);
    expect(await client.status(OPTED_OUT, optedOut)).toBe('REJECTED');
  });

  it('answers 429 with the rate-limit headers, which the client hands on as a wait', async () => {
    mock.throttleNext(1, 3);
    const response = await post('/messages', message(ALLOWED));
    expect(response.status).toBe(429);
    expect(response.headers.get('x-rate-limit-retry-after')).toBe('3');
    expect(response.headers.get('x-rate-limit-remaining')).toBe('0');

    mock.throttleNext(1, 7, true);
    const throttled = await ioClient(KEY, mock.url)
      .submit(message(ALLOWED))
      .catch((error: unknown) => error);
    expect(throttled).toBeInstanceOf(PartnerUnavailableError);
    expect(throttled).toMatchObject({ status: 429, retryAfterMs: 7000 });
    mock.throttleNext(1, 4);
    expect(
      await ioClient(KEY, mock.url)
        .profile(ALLOWED)
        .catch((error: unknown) => error),
    ).toMatchObject({ status: 429, retryAfterMs: 4000 });
  });

  it('hands a 5xx on as a retry', async () => {
    mock.controls.failNext(503);
    const failed = await ioClient(KEY, mock.url)
      .submit(message(ALLOWED))
      .catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(PartnerUnavailableError);
    expect(failed).toMatchObject({ status: 503 });
  });
});

describe('status (GET /messages/{fiscal_code}/{id})', () => {
  it('goes from ACCEPTED to PROCESSED, and stays there', async () => {
    const client = ioClient(KEY, mock.url);
    const id = await client.submit(message(ALLOWED));
    expect(await client.status(ALLOWED, id)).toBe('ACCEPTED');
    expect(await client.status(ALLOWED, id)).toBe('PROCESSED');
    expect(await client.status(ALLOWED, id)).toBe('PROCESSED');
    const response = await fetch(`${mock.url}/messages/${ALLOWED}/${id}`, { headers: { 'Ocp-Apim-Subscription-Key': KEY } });
    expect(await response.json()).toMatchObject({
      status: 'PROCESSED',
      message: { id, fiscal_code: ALLOWED },
      notification: { email: 'SENT' },
    });
  });

  it('passes through THROTTLED as IO reports it', async () => {
    const client = ioClient(KEY, mock.url);
    mock.nextStatuses = ['ACCEPTED', 'THROTTLED', 'PROCESSED'];
    const id = await client.submit(message(ALLOWED));
    expect([await client.status(ALLOWED, id), await client.status(ALLOWED, id), await client.status(ALLOWED, id)]).toEqual([
      'ACCEPTED',
      'THROTTLED',
      'PROCESSED',
    ]);
  });

  it('answers 404 for an id it does not know, or another service’s message', async () => {
    const id = await ioClient(KEY, mock.url).submit(message(ALLOWED));
    expect(await ioClient(KEY, mock.url).status(ALLOWED, '01HZZZZZZZZZZZZZZZZZZZZZZZ')).toBe('unknown');
    expect(await ioClient(TEST_KEY, mock.url).status(ALLOWED, id)).toBe('unknown');
  });
});
