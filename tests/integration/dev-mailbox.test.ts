import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import DevMailboxPage from '@/app/provincia/dev/posta/page';
import { GET as devMailHtml } from '@/app/provincia/dev/posta/[id]/route';
import { startMailbox, type RunningMailbox } from '@/lib/dev/mailbox';
import { findDevMail, listDevMail, saveDevMail } from '@/lib/dev/mail-store';
import { smtpMailer } from '@/lib/notifications/email/mailer';
import { withEnv } from '../support/env';

/* The development mailbox of `npm run dev`: a real SMTP server keeping .eml files, and its page only while switched on. */
let dir: string;
let mailbox: RunningMailbox;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'posta-'));
  mailbox = await startMailbox({ port: 0, onMessage: (raw) => saveDevMail(raw, dir) });
});
afterAll(async () => {
  await mailbox.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('development mailbox', () => {
  it('keeps what the portal sends, parsed, newest first', async () => {
    const mailer = smtpMailer({ SMTP_HOST: '127.0.0.1', SMTP_PORT: mailbox.port, SMTP_SECURE: false });
    for (const subject of ['Primo messaggio', 'Secondo messaggio']) {
      await mailer({
        from: { name: 'Comune Demo', address: 'noreply@pagamenti.localhost' },
        to: 'cittadino@example.it',
        subject,
        text: 'Testo semplice',
        html: '<p>Testo <b>HTML</b></p>',
      });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const [newest, oldest] = await listDevMail(50, dir);
    expect(newest).toMatchObject({
      subject: 'Secondo messaggio',
      to: 'cittadino@example.it',
      text: expect.stringContaining('Testo semplice'),
    });
    expect(oldest!.subject).toBe('Primo messaggio');
    expect((await findDevMail(newest!.id, dir))?.html).toContain('<b>HTML</b>');
    for (const guess of ['../../etc/passwd', `${newest!.id}/../x`, '0000000000000-00000000-0000-0000-0000-000000000000', '']) {
      expect(await findDevMail(guess, dir)).toBeUndefined();
    }
  });

  it('does not exist unless DEV_MAILBOX_ENABLED is on', async () => {
    await withEnv({ DEV_MAILBOX_ENABLED: 'false' }, async () => {
      await expect(DevMailboxPage()).rejects.toThrow();
      const answer = await devMailHtml(new Request('http://localhost:3000/dev/posta/x'), { params: Promise.resolve({ id: 'x' }) });
      expect(answer.status).toBe(404);
    });
    await withEnv({ DEV_MAILBOX_ENABLED: 'true' }, async () => {
      await expect(DevMailboxPage()).resolves.toBeTruthy();
      const answer = await devMailHtml(new Request('http://localhost:3000/dev/posta/x'), { params: Promise.resolve({ id: 'x' }) });
      expect(answer.status).toBe(404);
    });
  });

  it('is never on in production unless asked for a local trial', async () => {
    await withEnv(
      { NODE_ENV: 'production', AUTH_SECRET: 'x'.repeat(32), PARTNER_SECRETS_KEY: 'x'.repeat(32), PORTAL_SCHEME: 'https' },
      async () => {
        await expect(DevMailboxPage()).rejects.toThrow();
      },
    );
  });
});
