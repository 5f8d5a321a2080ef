import { eq, sql } from 'drizzle-orm';
import { notificationAttempts, notificationOutbox, type Ente, type OutboxMessage } from '@/db/schema';
import { GET as downloadReceipt } from '@/app/ente/[slug]/[lingua]/ricevute/[id]/route';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import { startCheckout } from '@/lib/payments/checkout';
import { createPosition } from '@/lib/positions/create';
import { deliverDueMessages } from '@/lib/notifications/delivery';
import { smtpMailer } from '@/lib/notifications/email/mailer';
import { queueReminders } from '@/lib/notifications/outbox';
import { retryNotificationAction, updateNotificationSettingsAction } from '@/lib/notifications/actions';
import { listFailedMessages } from '@/lib/notifications/queries';
import { loadNotificationSettings, saveNotificationSettings } from '@/lib/notifications/settings';
import { actAs, shareDatabaseWithActions, staffSession } from '../support/acting-as';
import { PERSONAS } from '../support/personas';
import { withEnv } from '../support/env';
import { enteBySlug, newPosition, pushSandboxReceipt, receiptFor, sandboxResolver } from '../support/payments';
import { outboxOf as outboxOfIn } from '../support/notifications';
import { ITALIAN_FRAGMENTS } from '../support/italian-text';
import { startTestRelay, type TestRelay } from '../support/smtp';
import { withTestDatabase } from '../support/test-db';

jest.mock('next/headers', () => jest.requireActual('../support/acting-as').nextHeaders);
// @react-pdf is ESM-only, which this jest setup does not load: the real renderer draws the ricevuta in a child process.
jest.mock('@/lib/documents/receipt-pdf', () => ({
  renderReceiptPdf: async (data: unknown) => jest.requireActual('../support/receipt-pdf').receiptPdf(data),
}));

const { db, testDb } = withTestDatabase();
shareDatabaseWithActions(() => testDb().handle);

let demo: Ente;
let relay: TestRelay;

beforeAll(async () => {
  demo = await enteBySlug(db(), 'comune-demo');
  relay = await startTestRelay();
});
afterAll(() => relay.close());
beforeEach(() => void relay.messages.splice(0));

const PAYER = { type: 'F' as const, fiscalCode: 'BNCGLI80A41F205X', fullName: 'Giulia Bianchi', email: 'Giulia.Bianchi@example.it' };

/** Delivers what is due through the real SMTP relay of the test, as the worker's job does. */
const deliver = (env: Record<string, string> = {}) => withEnv({ ...relay.env(), ...env }, () => deliverDueMessages(db(), smtpMailer()));

/** Lets the backoff of the messages waiting for a retry pass. */
const backoffOver = () =>
  db()
    .update(notificationOutbox)
    .set({ nextAttemptAt: sql`now()` });

const pushReceipt = (ente: Ente, receiptId: string, position: Awaited<ReturnType<typeof newPosition>>) =>
  pushSandboxReceipt(db(), ente, { ...receiptFor(ente, position, receiptId), payer: PAYER });

const outboxOf = (positionId: string, kind: OutboxMessage['kind']) => outboxOfIn(db(), positionId, kind);

describe('e-mail notifications through the outbox', () => {
  it('sends one receipt e-mail to the payer and one to the debtor, even when the callback arrives twice', async () => {
    const position = await newPosition(db(), demo);
    await pushReceipt(demo, 'R-MAIL-1', position);
    await pushReceipt(demo, 'R-MAIL-1', position);
    const queued = await outboxOf(position.id, 'receipt');
    expect(queued.map((m) => m.recipient)).toEqual(['emanuele@example.it', 'giulia.bianchi@example.it']);

    await deliver();
    await deliver();
    const receipts = relay.messages.filter(
      (m) => m.subject?.startsWith('Ricevuta') && m.text?.includes(formatNoticeNumber(position.noticeNumber)),
    );
    expect(receipts.map((m) => m.to && !Array.isArray(m.to) && m.to.text).sort()).toEqual([
      'emanuele@example.it',
      'giulia.bianchi@example.it',
    ]);
    const mail = receipts[0]!;
    expect(mail.subject).toBe(`Ricevuta di pagamento - ${demo.name}`);
    // No personal data in the subject: neither names nor fiscal codes.
    expect(mail.subject).not.toMatch(/Rocca|Bianchi|RCCMNL|BNCGLI/i);
    expect(mail.text).toContain('22,21');
    expect(mail.html).toContain('Scarica la ricevuta');
    expect(mail.text).toMatch(/non rispondere/);
    expect(mail.attachments).toHaveLength(0);
    expect((await outboxOf(position.id, 'receipt')).every((m) => m.state === 'sent' && m.providerId)).toBe(true);

    // The link in the e-mail downloads the ricevuta PDF, without any login.
    const link = /https?:\/\/\S+\/ricevute\/\S+/.exec(mail.text!)![0];
    const [, id] = /\/ricevute\/([^?]+)/.exec(link)!;
    const response = await actAs(demo.slug, undefined, () =>
      downloadReceipt(new Request(link), { params: Promise.resolve({ slug: demo.slug, id: id! }) }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/pdf');
    expect(
      Buffer.from(await response.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('writes the receipt e-mail in the language of the checkout: English after a payment started on /en', async () => {
    const position = await newPosition(db(), demo);
    await startCheckout(db(), demo, [position.id], sandboxResolver(db()), { locale: 'en', payerEmail: PAYER.email });
    await pushReceipt(demo, 'R-MAIL-EN', position);
    expect((await outboxOf(position.id, 'receipt')).map((m) => m.locale)).toEqual(['en', 'en']);
    await deliver();
    const mail = relay.messages.find((m) => m.text?.includes(formatNoticeNumber(position.noticeNumber)))!;
    expect(mail.subject).toBe(`Payment receipt - ${demo.name}`);
    expect(mail.text).toContain(`${demo.name} has received your payment through pagoPA.`);
    expect(mail.text).toContain('Amount: €22.21');
    expect(mail.text).toMatch(/Download the receipt \(in Italian\): https?:\/\/\S+\/ricevute\//);
    expect(mail.text).toContain('please do not reply');
    expect(mail.html).toContain('<html lang="en">');
    // No Italian of the catalogue is left in it.
    for (const fragment of ITALIAN_FRAGMENTS) expect(`${mail.subject}\n${mail.text}`).not.toContain(fragment);

    // A notice paid elsewhere (no checkout of ours) keeps the Italian default.
    const other = await newPosition(db(), demo);
    await pushReceipt(demo, 'R-MAIL-IT', other);
    expect((await outboxOf(other.id, 'receipt')).map((m) => m.locale)).toEqual(['it', 'it']);
  });

  it('attaches the ricevuta PDF when the Ente chooses so', async () => {
    await saveNotificationSettings(
      db(),
      { enteId: demo.id, userId: await anyStaffId() },
      {
        ...defaults(),
        attachReceiptPdf: true,
      },
    );
    const position = await newPosition(db(), demo);
    await pushReceipt(demo, 'R-MAIL-PDF', position);
    await deliver();
    expect((await outboxOf(position.id, 'receipt')).map((m) => m.lastError)).toEqual([null, null]);
    const mail = relay.messages.find((m) => m.subject?.startsWith('Ricevuta'))!;
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]!.contentType).toBe('application/pdf');
    expect(mail.attachments[0]!.content.subarray(0, 5).toString()).toBe('%PDF-');
    await saveNotificationSettings(db(), { enteId: demo.id, userId: await anyStaffId() }, defaults());
  });

  it('retries when the SMTP server refuses, then succeeds', async () => {
    const position = await newPosition(db(), demo);
    relay.failNext(1);
    await deliver();
    const [failed] = await outboxOf(position.id, 'new_notice');
    expect(failed).toMatchObject({ state: 'failed', attempts: 1, lastError: expect.stringContaining('451') });
    expect(failed!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    await deliver();
    expect(relay.messages).toHaveLength(0);

    await backoffOver();
    await deliver();
    const [sent] = await outboxOf(position.id, 'new_notice');
    expect(sent).toMatchObject({ state: 'sent', attempts: 2 });
    const attempts = await db()
      .select()
      .from(notificationAttempts)
      .where(eq(notificationAttempts.outboxId, sent!.id))
      .orderBy(notificationAttempts.id);
    expect(attempts.map((a) => a.outcome)).toEqual(['failed', 'sent']);
    const mail = relay.messages[0]!;
    expect(mail.subject).toBe(`Nuovo avviso di pagamento - ${demo.name}`);
    expect(mail.text).toContain(`/avvisi/${position.noticeNumber}?t=`);
  });

  it('gives up after the last attempt: the message is dead', async () => {
    const position = await newPosition(db(), demo);
    relay.failNext(10);
    await deliver({ NOTIFICATION_MAX_ATTEMPTS: '2' });
    await backoffOver();
    await deliver({ NOTIFICATION_MAX_ATTEMPTS: '2' });
    await backoffOver();
    await deliver({ NOTIFICATION_MAX_ATTEMPTS: '2' });
    const [dead] = await outboxOf(position.id, 'new_notice');
    expect(dead).toMatchObject({ state: 'dead', attempts: 2 });
    relay.failNext(0);
  });

  it('sends reminders before the due date and stops once the position is paid', async () => {
    await saveNotificationSettings(
      db(),
      { enteId: demo.id, userId: await anyStaffId() },
      { ...defaults(), reminderEnabled: true, reminderDaysBefore: 10, maxReminders: 2 },
    );
    const due = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    const today = due(0);
    const input = { ...(await noticeInput()), dueDate: due(3) };
    const [paying, waiting] = [await createPosition(db(), demo, input), await createPosition(db(), demo, input)];
    expect(await queueReminders(db(), today)).toBeGreaterThanOrEqual(2);
    expect(await queueReminders(db(), today)).toBe(0);
    // Three days before the due date, the second of two reminders (5 days before) is the one due; the first is not sent late.
    expect((await outboxOf(waiting.id, 'reminder')).map((m) => m.eventKey)).toEqual([`reminder:${waiting.id}:2`]);

    await pushReceipt(demo, 'R-MAIL-REMINDER', paying);
    await deliver();
    expect((await outboxOf(paying.id, 'reminder'))[0]).toMatchObject({ state: 'cancelled' });
    expect((await outboxOf(waiting.id, 'reminder'))[0]).toMatchObject({ state: 'sent' });
    const reminders = relay.messages.filter((m) => m.subject?.startsWith('Promemoria'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.text).toContain(formatNoticeNumber(waiting.noticeNumber));
    expect(await queueReminders(db(), due(1))).toBe(0);
    await saveNotificationSettings(db(), { enteId: demo.id, userId: await anyStaffId() }, defaults());
  });

  it('writes nothing when the Ente turned e-mail off', async () => {
    await saveNotificationSettings(db(), { enteId: demo.id, userId: await anyStaffId() }, { ...defaults(), emailEnabled: false });
    const position = await newPosition(db(), demo);
    await pushReceipt(demo, 'R-MAIL-OFF', position);
    expect(await db().select().from(notificationOutbox).where(eq(notificationOutbox.positionId, position.id))).toHaveLength(0);
    await saveNotificationSettings(db(), { enteId: demo.id, userId: await anyStaffId() }, defaults());
  });
});

describe('the back office of the messages', () => {
  let valmora: Ente;
  let deadId: string;
  const ADMIN_DEMO = 'FRRPLA70H21B157M';
  const OPERATOR_DEMO = 'FRRGLI88B54B157Q';
  const ADMIN_VALMORA = PERSONAS.find((p) => p.label.startsWith('Sara Bonetti'))!.fiscalCode!;
  const everything = { serviceIds: null };

  beforeAll(async () => {
    valmora = await enteBySlug(db(), 'valmora');
    const position = await newPosition(db(), demo);
    relay.failNext(10);
    await deliver({ NOTIFICATION_MAX_ATTEMPTS: '1' });
    relay.failNext(0);
    deadId = (await outboxOf(position.id, 'new_notice'))[0]!.id;
  });

  it('lists a dead message among the Ente’s failures, and only there', async () => {
    const demoPage = await listFailedMessages(db(), demo.id, everything, { limit: 200 });
    expect(demoPage.lines.find((m) => m.id === deadId)).toMatchObject({ state: 'dead', attempts: 1 });
    const valmoraPage = await listFailedMessages(db(), valmora.id, everything, { limit: 200 });
    expect(valmoraPage.lines.some((m) => m.id === deadId)).toBe(false);
    // An operator limited to services sees none of the positions without a service.
    expect((await listFailedMessages(db(), demo.id, { serviceIds: [] }, { limit: 200 })).lines).toHaveLength(0);
    // A cursor anyone can edit is ignored, never an error.
    expect((await listFailedMessages(db(), demo.id, everything, { limit: 200, after: 'x'.repeat(500) })).lines.length).toBeGreaterThan(0);
  });

  it('retries only for the Ente’s own staff who handle positions, once even when asked twice at once', async () => {
    const retry = (slug: string, fiscalCode: string, input: unknown) =>
      actAs(slug, undefined, async () => {
        const session = await staffSession(db(), fiscalCode);
        return actAs(slug, session, () => retryNotificationAction(input as { id: string }));
      });
    // Another Ente's admin, on their own site (a guessed id) and on this Ente's site.
    expect(await retry('valmora', ADMIN_VALMORA, { id: deadId })).toMatchObject({ ok: false });
    expect(await retry('comune-demo', ADMIN_VALMORA, { id: deadId })).toMatchObject({ ok: false });
    // Attacker inputs: not a uuid, an array, a NUL byte, a huge string.
    for (const id of [[deadId], `${deadId}\u0000`, 'x'.repeat(100_000), 42]) {
      expect(await retry('comune-demo', ADMIN_DEMO, { id })).toMatchObject({ ok: false });
    }
    expect((await outboxOf((await messageById(deadId)).positionId!, 'new_notice'))[0]!.state).toBe('dead');

    const both = await Promise.all([retry('comune-demo', OPERATOR_DEMO, { id: deadId }), retry('comune-demo', ADMIN_DEMO, { id: deadId })]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(await messageById(deadId)).toMatchObject({ state: 'pending', attempts: 0 });
    await deliver();
    expect(await messageById(deadId)).toMatchObject({ state: 'sent', attempts: 1 });
    // A sent message is never sent again.
    expect(await retry('comune-demo', ADMIN_DEMO, { id: deadId })).toMatchObject({ ok: false });
  });

  it('lets only an admin of the Ente change its settings, with Italian errors', async () => {
    const save = (slug: string, fiscalCode: string, input: unknown) =>
      actAs(slug, undefined, async () => {
        const session = await staffSession(db(), fiscalCode);
        return actAs(slug, session, () => updateNotificationSettingsAction(input as never));
      });
    expect(await save('comune-demo', OPERATOR_DEMO, defaults())).toMatchObject({ ok: false });
    expect(await save('comune-demo', ADMIN_VALMORA, defaults())).toMatchObject({ ok: false });
    expect(await save('comune-demo', ADMIN_DEMO, { ...defaults(), maxReminders: 9, senderAddress: 'non-un-indirizzo' })).toMatchObject({
      ok: false,
      fieldErrors: { maxReminders: 'Al massimo 5 promemoria', senderAddress: 'Indirizzo e-mail non valido' },
    });
    expect(await save('comune-demo', ADMIN_DEMO, { ...defaults(), senderAddress: 'Tributi@Comune-Demo.example.it' })).toMatchObject({
      ok: true,
    });
    expect(await loadNotificationSettings(db(), demo.id)).toMatchObject({ senderAddress: 'tributi@comune-demo.example.it' });
    expect(await loadNotificationSettings(db(), valmora.id)).toMatchObject({ senderAddress: null });
    await saveNotificationSettings(db(), { enteId: demo.id, userId: await anyStaffId() }, defaults());
  });
});

async function messageById(id: string): Promise<OutboxMessage> {
  const [row] = await db().select().from(notificationOutbox).where(eq(notificationOutbox.id, id));
  return row!;
}

function defaults() {
  return {
    emailEnabled: true,
    ioEnabled: false,
    receiptEnabled: true,
    newNoticeEnabled: true,
    reminderEnabled: false,
    attachReceiptPdf: false,
    senderAddress: null,
    ioServiceKey: '',
    remove: { ioServiceKey: false },
    reminderDaysBefore: 7,
    maxReminders: 1,
  };
}

async function anyStaffId(): Promise<string> {
  const rows = await db().execute<{ id: string }>(sql`select id from users limit 1`);
  const list = Array.isArray(rows) ? rows : (rows as unknown as { rows: { id: string }[] }).rows;
  return list[0]!.id;
}

async function noticeInput() {
  return {
    channel: 'staff' as const,
    service: null,
    debtor: { type: 'F' as const, fiscalCode: 'RCCMNL83S18D969H', fullName: 'Emanuele Rocca', email: 'emanuele@example.it' },
    causale: 'Refezione scolastica',
    amountCents: 4500,
    taxonomyCode: '9/0104100TS/',
    iban: demo.iban!,
    formData: {},
  };
}
