import nodemailer from 'nodemailer';
import { readConfig, smtpIsLocal, type ServerConfig } from '@/lib/config';

export interface OutgoingEmail {
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

/** Sends one e-mail; resolves with the provider's id of it (the Message-ID), rejects when the relay refuses it. */
export type Mailer = (mail: OutgoingEmail) => Promise<string>;

type SmtpConfig = Pick<
  ServerConfig,
  'SMTP_HOST' | 'SMTP_PORT' | 'SMTP_SECURE' | 'SMTP_USER' | 'SMTP_PASSWORD' | 'DKIM_DOMAIN' | 'DKIM_SELECTOR' | 'DKIM_PRIVATE_KEY'
>;

/**
 * The deployment's SMTP relay (lib/config). Without implicit TLS, STARTTLS is required unless the relay is on
 * this machine, so neither the password nor a citizen's message crosses a network in clear. DKIM signs when
 * its key is configured.
 */
export function smtpMailer(config: SmtpConfig = readConfig()): Mailer {
  const transport = nodemailer.createTransport({
    host: config.SMTP_HOST,
    port: config.SMTP_PORT,
    secure: config.SMTP_SECURE,
    requireTLS: !config.SMTP_SECURE && !smtpIsLocal(config),
    auth: config.SMTP_USER ? { user: config.SMTP_USER, pass: config.SMTP_PASSWORD } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    dkim:
      config.DKIM_DOMAIN && config.DKIM_SELECTOR && config.DKIM_PRIVATE_KEY
        ? {
            domainName: config.DKIM_DOMAIN,
            keySelector: config.DKIM_SELECTOR,
            privateKey: config.DKIM_PRIVATE_KEY.replace(/\\n/g, '\n'),
          }
        : undefined,
  });
  return async (mail) => {
    try {
      const info = await transport.sendMail(mail);
      return info.messageId;
    } finally {
      transport.close();
    }
  };
}
