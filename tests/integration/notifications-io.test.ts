import { and, desc, eq, sql } from 'drizzle-orm';
import { auditLog, notificationAttempts, notificationOutbox, notificationSettings, type Ente, type OutboxMessage } from '@/db/schema';
import { rowsOf } from '@/lib/jobs/queue';
import { createPosition } from '@/lib/positions/create';
import { deliverDueMessages } from '@/lib/notifications/delivery';
import { IO_EMAIL_PREVIEW } from '@/lib/notifications/io/message';
import { queueReminders } from '@/lib/notifications/outbox';
import { retryNotificationAction, updateNotificationSettingsAction } from '@/lib/notifications/actions';
import { listFailedMessages, listPositionMessages } from '@/lib/notifications/queries';
import { loadIoServiceKey, loadNotificationSettings, saveNotificationSettings } from '@/lib/notifications/settings';
import { startIoMock, type IoMock, type IoMockMessage } from '../mocks/io';
import { actAs, shareDatabaseWithActions, staffSession } from '../support/acting-as';
import { PERSONAS } from '../support/personas';
import { withEnv } from '../support/env';
import { enteBySlug, pushSandboxReceipt, receiptFor } from '../support/payments';
import { outboxOf as outboxOfIn } from '../support/notifications';
import { withTestDatabase } from '../support/test-db';

jest.mock('next/headers', () => jest.requireActual('../support/acting-as').nextHeaders);

/*
 * App IO through the outbox (issue 14), on PGlite and, with DATABASE_URL, on PostgreSQL: the messages are
 * written where the e-mails are, delivered through the mock of the IO Services API (tests/mocks/io.ts) and
 * followed until IO says how they went. E-mail is off here, so every row is an App IO one.
 */

const { db, testDb } = withTestDatabase();
shareDatabaseWithActions(() => testDb().handle);

const KEY = '4f1c0a9e7b2d4c5e8a6b3d2f1e0c9b8a';
const TEST_KEY = '0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b';
const DEBTOR = 'RCCMNL83S18D969H';
const PAYER = { type: 'F' as const, fiscalCode: 'BNCGLI80A41F205X', fullName: 'Giulia Bianchi', email: 'giulia.bianchi@example.it' };
const OPTED_OUT = 'VRDLCU75C12B157K';
const WITHOUT_IO = 'RSSMRA80A01H501U';
const ADMIN_DEMO = 'FRRPLA70H21B157M';
const OPERATOR_DEMO = 'FRRGLI88B54B157Q';

let demo: Ente;
let io: IoMock;

beforeAll(async () => {
  demo = await enteBySlug(db(), 'comune-demo');
  io = await startIoMock({
    services: [{ key: KEY }, { key: TEST_KEY, authorizedRecipients: ['AAAAAA00A00A000A'] }],
  });
  io.profiles.set(DEBTOR, { senderAllowed: true });
  io.profiles.set(PAYER.fiscalCode, { senderAllowed: true });
  io.profiles.set(OPTED_OUT, { senderAllowed: false });
  await configure();
});
afterAll(() => io.close());

/** The Ente's settings: App IO on with the service key, e-mail off, as a test needs them. */
async function configure(changes: Record<string, unknown> = {}) {
  const [user] = rowsOf<{ id: string }>(await db().execute(sql`select id from users limit 1`));
  await saveNotificationSettings(
    db(),
    { enteId: demo.id, userId: user!.id },
    {
      emailEnabled: false,
      ioEnabled: true,
      receiptEnabled: true,
      newNoticeEnabled: true,
      reminderEnabled: false,
      attachReceiptPdf: false,
      senderAddress: null,
      ioServiceKey: KEY,
      remove: { ioServiceKey: false },
      reminderDaysBefore: 7,
      maxReminders: 1,
      ...changes,
    },
  );
}

/** No e-mail may leave in this file. */
const noMail = async () => {
  throw new Error('nessuna e-mail in questo test');
};

/** Delivers what is due against the mock, as the worker's job does. */
const deliver = () => withEnv({ IO_API_BASE_URL: io.url }, () => deliverDueMessages(db(), noMail));

/** Lets the backoff, or the wait before the next look at IO, pass. */
const timePasses = () =>
  db()
    .update(notificationOutbox)
    .set({ nextAttemptAt: sql`now()` })
    .where(sql`${notificationOutbox.state} in ('pending', 'failed')`);

const outboxOf = (positionId: string, kind: OutboxMessage['kind']) => outboxOfIn(db(), positionId, kind);

const attemptsOf = async (outboxId: string) =>
  (await db().select().from(notificationAttempts).where(eq(notificationAttempts.outboxId, outboxId)).orderBy(notificationAttempts.id)).map(
    (a) => a.outcome,
  );

const submitted = () => io.controls.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/messages').length;

const pushReceipt = (receiptId: string, position: { noticeNumber: string; amountCents: number }) =>
  pushSandboxReceipt(db(), demo, { ...receiptFor(demo, position, receiptId), payer: PAYER });

const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

function notice(debtorFiscalCode = DEBTOR, dueDate: string | null = null) {
  return createPosition(db(), demo, {
    channel: 'staff',
    service: null,
    debtor: { type: 'F', fiscalCode: debtorFiscalCode, fullName: 'Emanuele Rocca', email: 'emanuele@example.it' },
    causale: 'Refezione scolastica - Emanuele Rocca',
    amountCents: 4500,
    dueDate,
    taxonomyCode: '9/0104100TS/',
    iban: demo.iban!,
    formData: {},
  });
}

const lastSent = (fiscalCode: string): IoMockMessage => io.sentTo(fiscalCode).at(-1)!;
const contentOf = (message: IoMockMessage) => message.body.content as Record<string, unknown>;

describe('App IO messages through the outbox', () => {
  it('sends a receipt as exactly one IO message per recipient, even when the callback arrives twice', async () => {
    const position = await notice();
    await deliver();
    const before = submitted();
    await pushReceipt('R-IO-1', position);
    await pushReceipt('R-IO-1', position);
    const queued = await outboxOf(position.id, 'receipt');
    // Payer and debtor, once each: the debtor is named by both the receipt and the position.
    expect(queued.map((m) => [m.channel, m.recipient])).toEqual([
      ['io', PAYER.fiscalCode],
      ['io', DEBTOR],
    ]);

    await deliver();
    await deliver();
    expect(submitted() - before).toBe(2);
    const accepted = await outboxOf(position.id, 'receipt');
    expect(accepted.every((m) => m.state === 'pending' && m.providerId && m.sentAt && m.attempts === 1)).toBe(true);
    const receipt = lastSent(PAYER.fiscalCode);
    expect(receipt.body.fiscal_code).toBe(PAYER.fiscalCode);
    expect(contentOf(receipt).subject).toBe('Ricevuta di pagamento - Comune di Demo');
    expect(contentOf(receipt).payment_data).toBeUndefined();
    expect(contentOf(receipt).due_date).toBeUndefined();
    expect(String(contentOf(receipt).markdown).slice(0, IO_EMAIL_PREVIEW)).not.toMatch(/Rocca|Bianchi|RCCMNL|BNCGLI|45,00/);
    expect(String(contentOf(receipt).markdown)).toContain('/ricevute/');

    // IO processes them: the next look finds ACCEPTED, the one after PROCESSED.
    await timePasses();
    await deliver();
    expect((await outboxOf(position.id, 'receipt')).map((m) => m.state)).toEqual(['pending', 'pending']);
    await timePasses();
    await deliver();
    const sent = await outboxOf(position.id, 'receipt');
    expect(sent.map((m) => m.state)).toEqual(['sent', 'sent']);
    expect(sent.map((m) => m.attempts)).toEqual([1, 1]);
    expect(await attemptsOf(sent[0]!.id)).toEqual(['accepted', 'sent']);
    expect(sent[0]!.providerId).toBe(io.sentTo(PAYER.fiscalCode).at(-1)!.id);

    await pushReceipt('R-IO-1', position);
    await timePasses();
    await deliver();
    expect(submitted() - before).toBe(2);
  });

  it('sends a new notice with the pay button, its due date at 23:59:59 in Rome, and retries a 5xx until it succeeds', async () => {
    io.controls.failNext(500);
    const position = await notice(DEBTOR, '2027-01-31');
    await deliver();
    const [failed] = await outboxOf(position.id, 'new_notice');
    expect(failed).toMatchObject({
      channel: 'io',
      recipient: DEBTOR,
      state: 'failed',
      attempts: 1,
      lastError: expect.stringContaining('500'),
    });
    expect(failed!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    const before = io.controls.requests.length;
    await deliver();
    expect(io.controls.requests.length).toBe(before);

    await timePasses();
    await deliver();
    const message = lastSent(DEBTOR);
    expect(contentOf(message).subject).toBe('Nuovo avviso di pagamento - Comune di Demo');
    expect(contentOf(message).payment_data).toEqual({ amount: 4500, notice_number: position.noticeNumber, invalid_after_due_date: true });
    expect(contentOf(message).due_date).toBe('2027-01-31T22:59:59.000Z');
    expect(String(contentOf(message).markdown).slice(0, IO_EMAIL_PREVIEW)).not.toMatch(/Rocca|Refezione|45,00/);

    await timePasses();
    await deliver();
    await timePasses();
    await deliver();
    const [sent] = await outboxOf(position.id, 'new_notice');
    expect(sent).toMatchObject({ state: 'sent', attempts: 2, lastError: null, providerId: message.id });
    expect(await attemptsOf(sent!.id)).toEqual(['failed', 'accepted', 'sent']);
  });

  it('waits as long as a 429 asks, and leaves the Ente’s other messages of the run untouched meanwhile', async () => {
    await deliver();
    io.throttleNext(1, 120);
    const first = await notice();
    const second = await notice();
    const before = io.controls.requests.length;
    await deliver();
    expect(io.controls.requests.length - before).toBe(1);
    const rows = [...(await outboxOf(first.id, 'new_notice')), ...(await outboxOf(second.id, 'new_notice'))];
    const throttled = rows.find((m) => m.state === 'failed')!;
    const deferred = rows.find((m) => m.state === 'pending')!;
    expect(throttled).toMatchObject({ attempts: 1, lastError: expect.stringContaining('429') });
    expect(throttled.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 110_000);
    expect(deferred).toMatchObject({ attempts: 0, providerId: null });
    expect(deferred.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 110_000);
    await timePasses();
    await deliver();
    expect((await outboxOf(first.id, 'new_notice'))[0]!.providerId).not.toBeNull();
    expect((await outboxOf(second.id, 'new_notice'))[0]!.providerId).not.toBeNull();
  });

  it('records a citizen without IO, or who turned the Ente off, as not reachable: no message, no failure', async () => {
    const withoutIo = await notice(WITHOUT_IO);
    const optedOut = await notice(OPTED_OUT);
    const before = submitted();
    await deliver();
    expect(submitted()).toBe(before);
    const [none] = await outboxOf(withoutIo.id, 'new_notice');
    const [off] = await outboxOf(optedOut.id, 'new_notice');
    expect(none).toMatchObject({ state: 'unreachable', attempts: 1, lastError: expect.stringContaining('non usa App IO') });
    expect(off).toMatchObject({ state: 'unreachable', lastError: expect.stringContaining('disattivato') });
    expect(await attemptsOf(none!.id)).toEqual(['unreachable']);
    const failures = await listFailedMessages(db(), demo.id, { serviceIds: null }, { limit: 200 });
    expect(failures.lines.some((m) => m.id === none!.id || m.id === off!.id)).toBe(false);
    await timePasses();
    await deliver();
    expect((await outboxOf(withoutIo.id, 'new_notice'))[0]!.state).toBe('unreachable');
  });

  it('gives up at once on a 403 and shows it among the failures, with the reason', async () => {
    await deliver();
    await configure({ ioServiceKey: TEST_KEY });
    const position = await notice();
    await deliver();
    const [dead] = await outboxOf(position.id, 'new_notice');
    expect(dead).toMatchObject({ state: 'dead', attempts: 1 });
    expect(dead!.lastError).toContain('403');
    expect(dead!.lastError).toContain('non autorizza');
    const failures = await listFailedMessages(db(), demo.id, { serviceIds: null }, { limit: 200 });
    expect(failures.lines.find((m) => m.id === dead!.id)).toMatchObject({ channel: 'io', state: 'dead', recipient: DEBTOR });
    await timePasses();
    await deliver();
    expect((await outboxOf(position.id, 'new_notice'))[0]).toMatchObject({ state: 'dead', attempts: 1 });

    // With the production key back, the clerk sends it again from the back office.
    await configure();
    const session = await actAs(demo.slug, undefined, () => staffSession(db(), OPERATOR_DEMO));
    expect(await actAs(demo.slug, session, () => retryNotificationAction({ id: dead!.id }))).toMatchObject({ ok: true });
    await deliver();
    expect((await outboxOf(position.id, 'new_notice'))[0]).toMatchObject({ state: 'pending', attempts: 1, lastError: null });
  });

  it('shows a message IO rejected after accepting it as dead, and sends it anew when retried', async () => {
    await deliver();
    io.nextStatuses = ['ACCEPTED', 'REJECTED'];
    const position = await notice();
    await deliver();
    const firstId = (await outboxOf(position.id, 'new_notice'))[0]!.providerId;
    await timePasses();
    await deliver();
    await timePasses();
    await deliver();
    const [dead] = await outboxOf(position.id, 'new_notice');
    expect(dead).toMatchObject({ state: 'dead', providerId: firstId, lastError: expect.stringContaining('REJECTED') });
    const failures = await listFailedMessages(db(), demo.id, { serviceIds: null }, { limit: 200 });
    expect(failures.lines.some((m) => m.id === dead!.id)).toBe(true);

    const session = await actAs(demo.slug, undefined, () => staffSession(db(), ADMIN_DEMO));
    expect(await actAs(demo.slug, session, () => retryNotificationAction({ id: dead!.id }))).toMatchObject({ ok: true });
    await deliver();
    const [again] = await outboxOf(position.id, 'new_notice');
    expect(again!.state).toBe('pending');
    expect(again!.providerId).not.toBe(firstId);
    const shown = await listPositionMessages(db(), demo.id, position.id);
    expect(shown[0]).toMatchObject({ channel: 'io', state: 'pending', providerId: again!.providerId });
  });

  it('gives up on a message IO never settles, a day after IO accepted it', async () => {
    await deliver();
    io.nextStatuses = ['ACCEPTED'];
    const position = await notice();
    await deliver();
    await timePasses();
    await deliver();
    expect((await outboxOf(position.id, 'new_notice'))[0]).toMatchObject({ state: 'pending', attempts: 1 });
    await db()
      .update(notificationOutbox)
      .set({ sentAt: sql`now() - interval '25 hours'`, nextAttemptAt: sql`now()` })
      .where(eq(notificationOutbox.positionId, position.id));
    await deliver();
    expect((await outboxOf(position.id, 'new_notice'))[0]).toMatchObject({
      state: 'dead',
      attempts: 1,
      lastError: expect.stringContaining('entro 24 ore (ultimo stato: ACCEPTED)'),
    });
  });

  it('sends reminders before the due date on IO too, and stops them once the position is paid', async () => {
    await deliver();
    await configure({ newNoticeEnabled: false, reminderEnabled: true, reminderDaysBefore: 10, maxReminders: 2 });
    const [paying, waiting] = [await notice(DEBTOR, day(3)), await notice(DEBTOR, day(3))];
    expect(await queueReminders(db(), day(0))).toBeGreaterThanOrEqual(2);
    expect(await queueReminders(db(), day(0))).toBe(0);
    expect((await outboxOf(waiting.id, 'reminder')).map((m) => [m.channel, m.eventKey])).toEqual([['io', `reminder:${waiting.id}:2`]]);

    await pushReceipt('R-IO-REMINDER', paying);
    const before = io.sentTo(DEBTOR).length;
    await deliver();
    expect((await outboxOf(paying.id, 'reminder'))[0]).toMatchObject({ state: 'cancelled' });
    expect((await outboxOf(waiting.id, 'reminder'))[0]).toMatchObject({ state: 'pending' });
    // The receipt of the paid one goes to the debtor too; of reminders, only the unpaid position's.
    const reminders = io
      .sentTo(DEBTOR)
      .slice(before)
      .filter((m) => String(contentOf(m).subject).startsWith('Promemoria'));
    expect(reminders.map((m) => contentOf(m).subject)).toEqual(['Promemoria: avviso di pagamento in scadenza - Comune di Demo']);
    expect(contentOf(reminders[0]!).payment_data).toMatchObject({ notice_number: waiting.noticeNumber, invalid_after_due_date: true });
    // None for the paid position on the next days, the last one for the other.
    await queueReminders(db(), day(1));
    await queueReminders(db(), day(3));
    expect(await outboxOf(paying.id, 'reminder')).toHaveLength(1);
    await configure();
  });

  it('writes no IO message for a company’s fiscal code, nor when the Ente turned IO off', async () => {
    const company = await createPosition(db(), demo, {
      channel: 'staff',
      service: null,
      debtor: { type: 'G', fiscalCode: '00812300176', fullName: 'Ditta Srl' },
      causale: 'Occupazione suolo pubblico',
      amountCents: 10_000,
      dueDate: null,
      taxonomyCode: '9/0104100TS/',
      iban: demo.iban!,
      formData: {},
    });
    expect(await outboxOf(company.id, 'new_notice')).toHaveLength(0);
    await configure({ ioEnabled: false });
    const off = await notice();
    expect(await outboxOf(off.id, 'new_notice')).toHaveLength(0);
    await configure();
  });
});

describe('the App IO key in the settings', () => {
  const save = (slug: string, fiscalCode: string, input: Record<string, unknown>) =>
    actAs(slug, undefined, async () => {
      const session = await staffSession(db(), fiscalCode);
      return actAs(slug, session, () =>
        updateNotificationSettingsAction({
          emailEnabled: true,
          ioEnabled: true,
          receiptEnabled: true,
          newNoticeEnabled: true,
          reminderEnabled: false,
          attachReceiptPdf: false,
          senderAddress: '',
          ioServiceKey: '',
          reminderDaysBefore: 7,
          maxReminders: 1,
          ...input,
        } as never),
      );
    });
  const ADMIN_VALMORA = PERSONAS.find((p) => p.label.startsWith('Sara Bonetti'))!.fiscalCode!;

  it('is write-only: stored encrypted, shown by its last four characters, never returned or audited', async () => {
    const valmora = await enteBySlug(db(), 'valmora');
    const key = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
    expect(await save('valmora', ADMIN_VALMORA, { ioServiceKey: key })).toMatchObject({ ok: true });
    const view = await loadNotificationSettings(db(), valmora.id);
    expect(view).toMatchObject({ ioEnabled: true, ioServiceKeyHint: '1e0f' });
    expect(JSON.stringify(view)).not.toContain(key);
    const [row] = await db().select().from(notificationSettings).where(eq(notificationSettings.enteId, valmora.id));
    expect(row!.ioServiceKeyCiphertext!.includes(Buffer.from(key))).toBe(false);
    expect(await loadIoServiceKey(db(), valmora.id)).toBe(key);
    // Bound to its Ente: copied onto another Ente's row it does not decrypt.
    await db()
      .update(notificationSettings)
      .set({ ioServiceKeyCiphertext: row!.ioServiceKeyCiphertext })
      .where(eq(notificationSettings.enteId, demo.id));
    expect(await loadIoServiceKey(db(), demo.id)).toBeNull();
    await configure();
    const [audit] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.enteId, valmora.id), eq(auditLog.action, 'notifiche_impostazioni_modificate')))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(JSON.stringify(audit!.details)).not.toContain(key);
    expect(JSON.stringify(audit!.details)).not.toContain('1e0f');
    expect(audit!.details).toMatchObject({ chiaveIo: 'sostituita' });

    // Saving again without the key keeps it; removing it while IO is on is refused, with IO off it goes.
    expect(await save('valmora', ADMIN_VALMORA, {})).toMatchObject({ ok: true });
    expect(await loadIoServiceKey(db(), valmora.id)).toBe(key);
    expect(await save('valmora', ADMIN_VALMORA, { remove: { ioServiceKey: true } })).toMatchObject({
      ok: false,
      fieldErrors: { ioServiceKey: 'Inserisci la chiave del servizio IO' },
    });
    expect(await save('valmora', ADMIN_VALMORA, { ioEnabled: false, remove: { ioServiceKey: true } })).toMatchObject({ ok: true });
    expect(await loadNotificationSettings(db(), valmora.id)).toMatchObject({ ioEnabled: false, ioServiceKeyHint: null });
    expect(await loadIoServiceKey(db(), valmora.id)).toBeNull();
  });

  it('is set only by an admin of the Ente, and refuses a key that cannot be one', async () => {
    expect(await save('comune-demo', OPERATOR_DEMO, { ioServiceKey: 'x'.repeat(32) })).toMatchObject({ ok: false });
    expect(await save('comune-demo', ADMIN_VALMORA, { ioServiceKey: 'x'.repeat(32) })).toMatchObject({ ok: false });
    expect(await loadIoServiceKey(db(), demo.id)).toBe(KEY);
    expect(await save('comune-demo', ADMIN_DEMO, { ioServiceKey: 'corta' })).toMatchObject({
      ok: false,
      fieldErrors: { ioServiceKey: expect.stringContaining('almeno 16 caratteri') },
    });
    expect(await save('comune-demo', ADMIN_DEMO, { ioServiceKey: 'con spazi dentro la chiave' })).toMatchObject({
      ok: false,
      fieldErrors: { ioServiceKey: 'Senza spazi' },
    });
    expect(await loadIoServiceKey(db(), demo.id)).toBe(KEY);
  });
});
